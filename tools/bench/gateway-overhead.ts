import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BenchContext } from './run';
import { tokenFor } from '@epg/testing';
import { personFeed } from '@epg/subsidies';
import { graphql, provinceToken, startBenchGraph } from './lib/graph';
import { householdRoster, loadOperations, pickEntities, type Operation } from './lib/operations';
import { printTable, writeResult } from './lib/report';

interface Call {
  port: number;
  start: number;
  end: number;
}

/**
 * The gateway's own share of a request: each operation sent N times one after another; the
 * gateway's request and the subgraph calls its query plan makes are timed alike, on the servers
 * (from the request's arrival to the response's last byte, via node:diagnostics_channel), in the
 * same run. Overhead = (gateway time − Σ subgraph calls) / Σ subgraph calls. Target: < 25%.
 * The client's own time (its HTTP stack, parsing the answer) is shown beside it, not counted:
 * a client calling a subgraph directly would pay it too.
 */
export async function gatewayOverhead(ctx: BenchContext): Promise<void> {
  const bench = await startBenchGraph();
  const calls: Call[] = [];
  const onRequest = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const call: Call = { port: request.socket.localPort ?? 0, start: performance.now(), end: 0 };
    response.once('finish', () => {
      call.end = performance.now();
      calls.push(call);
    });
  };
  diagnostics.subscribe('http.server.request.start', onRequest);
  try {
    const { graph } = bench;
    const userToken = await provinceToken(graph);
    const picks = await pickEntities(bench.database.url);
    const gatewayPort = Number(new URL(graph.gatewayUrl).port);
    const names = new Map([...graph.services.values()].map((s) => [Number(new URL(s.server!.url).port), s.module.name]));
    const iterations = Math.max(20, ctx.duration * 5);
    const rows = [];
    // A page of the households change feed as subsidies' batch reads it (SERVICE credential).
    const feedPage: Operation = { name: 'personChanges(first 500)', query: personFeed.document, variables: { first: 500, after: null } };
    const serviceToken = await tokenFor(graph.auth, { subject: 'service:subsidies', role: 'SERVICE', regionCode: '420000', scopes: [] });
    // A one-household page: what the gateway adds whatever the size of the answer (its fixed cost).
    const smallest = householdRoster(picks.county, 1);
    for (const op of [...loadOperations(picks).filter((o) => !o.variants), smallest, feedPage]) {
      const token = op === feedPage ? serviceToken : userToken;
      for (let i = 0; i < 5; i++) await graphql(graph.gatewayUrl, token, op.query, op.variables); // warm-up
      let clientMs = 0;
      let gatewayMs = 0;
      let subgraphMs = 0;
      let fetches = 0;
      const perService = new Map<string, number>();
      for (let i = 0; i < iterations; i++) {
        calls.length = 0;
        const started = performance.now();
        await graphql(graph.gatewayUrl, token, op.query, op.variables);
        clientMs += performance.now() - started;
        await new Promise((r) => setImmediate(r));
        for (const call of calls) {
          if (call.port === gatewayPort) {
            gatewayMs += call.end - call.start;
            continue;
          }
          subgraphMs += call.end - call.start;
          fetches += 1;
          const name = names.get(call.port) ?? String(call.port);
          perService.set(name, (perService.get(name) ?? 0) + 1);
        }
      }
      const g = gatewayMs / iterations;
      const s = subgraphMs / iterations;
      const overhead = (g - s) / s;
      rows.push({
        operation: op.name,
        clientMs: Math.round((clientMs / iterations) * 10) / 10,
        gatewayMs: Math.round(g * 10) / 10,
        subgraphSumMs: Math.round(s * 10) / 10,
        fetchesPerRequest: Math.round((fetches / iterations) * 10) / 10,
        services: [...perService.entries()].map(([n, c]) => `${n}×${Math.round(c / iterations)}`).join(' '),
        overheadPct: Math.round(overhead * 1000) / 10,
        target: overhead < 0.25 ? '< 25%: met' : '< 25%: MISSED',
      });
    }
    printTable(`Gateway overhead (mean of ${iterations} sequential requests)`, rows);
    writeResult('gateway-overhead', ctx.command, { picks, iterations, rows });
  } finally {
    diagnostics.unsubscribe('http.server.request.start', onRequest);
    await bench.stop();
  }
}
