import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { bearerToken, internalBodyHash, signInternalToken, verifyUserToken, type AuthConfig, type Principal } from '@epg/auth';
import type { InProcessGraph } from '@epg/testing';
import type { BenchContext } from '../run';
import { graphql, provinceToken, startBenchGraph, warmUp } from '../lib/graph';
import { loadTest, type LoadResult } from '../lib/load';
import { loadOperations, pickEntities } from '../lib/operations';
import { printTable, writeResult } from '../lib/report';

const SUPERGRAPH = path.resolve(__dirname, '../../../apps/gateway/supergraph.graphql');
const INTERNAL_TOKEN_HEADER = 'x-epg-internal-token';

/** The committed supergraph with each subgraph's URL replaced by where it runs now. */
function supergraphFor(graph: InProcessGraph): string {
  let sdl = fs.readFileSync(SUPERGRAPH, 'utf8');
  for (const [name, service] of graph.services) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+(")`), `$1${service.server!.url}$2`);
  }
  return sdl;
}

/**
 * What our gateway does for the subgraphs, as a Hive Gateway plugin: verify the caller's JWT (once
 * per request) and forward an internal token signed for each call — bound to the subgraph (found
 * by its URL) and the body — without which every subgraph refuses the call.
 */
function internalTokenPlugin(auth: AuthConfig, subgraphByUrl: Map<string, string>): GatewayPlugin {
  const perRequest = new WeakMap<object, Promise<{ principal: Principal; requestId: string }>>();
  return {
    onFetch: async ({ url, options, setOptions, context }) => {
      const request = (context as { request?: Request } | undefined)?.request;
      if (!request) return;
      let caller = perRequest.get(request);
      if (!caller) {
        caller = (async () => {
          const principal = await verifyUserToken(bearerToken(request.headers.get('authorization')) ?? '', auth);
          return { principal, requestId: randomUUID() };
        })();
        perRequest.set(request, caller);
      }
      const body = typeof options.body === 'string' ? options.body : '';
      const token = await signInternalToken(await caller, { audience: subgraphByUrl.get(url) ?? '', bodyHash: internalBodyHash(body) }, auth);
      setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), [INTERNAL_TOKEN_HEADER]: token } });
    },
  };
}

/**
 * Hive Gateway on our subgraphs. `deduplicate`: its in-flight deduplication of identical subgraph
 * requests (on by default). Its key is the URL and body — plus headers only when they come from
 * the transport's `headers` option, which ours (set per request in `onFetch`) do not: so here it
 * shares answers across callers. The load uses one token, so that changes no figure, but it is
 * why the fair comparison is sharing on both or off on both.
 */
async function startHive(graph: InProcessGraph, deduplicate: boolean): Promise<{ url: string; stop(): Promise<void> }> {
  const runtime = createGatewayRuntime({
    supergraph: supergraphFor(graph),
    logging: false,
    transportEntries: { '*': { options: { deduplicateInflightRequests: deduplicate } } },
    plugins: () => [internalTokenPlugin(graph.auth, new Map([...graph.services].map(([name, s]) => [s.server!.url, name])))],
  });
  const server: Server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    stop: async () => {
      await runtime.dispose();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const MODES = [
  { label: 'in-flight sharing on', ours: {}, hiveDeduplicates: true },
  { label: 'in-flight sharing off', ours: { SHARE_INFLIGHT_QUERIES: 'false' }, hiveDeduplicates: false },
] as const;

/**
 * Our @apollo/gateway and @graphql-hive/gateway on the same supergraph, subgraphs and data, in
 * the same run: each load operation at each concurrency against one, then the other — once with
 * both gateways folding identical in-flight subgraph calls together (their defaults), once with
 * neither (what each costs per request).
 */
export async function peerGateway(ctx: BenchContext): Promise<void> {
  const rows: (LoadResult & { gateway: string; mode: string })[] = [];
  let picks: Awaited<ReturnType<typeof pickEntities>> | undefined;
  for (const mode of MODES) {
    const bench = await startBenchGraph(mode.ours);
    const hive = await startHive(bench.graph, mode.hiveDeduplicates);
    try {
      const { graph } = bench;
      const token = await provinceToken(graph);
      picks ??= await pickEntities(bench.database.url);
      for (const op of loadOperations(picks)) {
        await warmUp(graph.gatewayUrl, token, op);
        const apolloData = await graphql(graph.gatewayUrl, token, op.query, op.variables);
        const hiveData = await graphql(hive.url, token, op.query, op.variables);
        if (JSON.stringify(apolloData) !== JSON.stringify(hiveData)) process.stdout.write(`note: ${op.name} answers differ between the gateways\n`);
        for (const c of ctx.connections) {
          for (const [gateway, url] of [['apollo (ours)', graph.gatewayUrl], ['hive', hive.url]] as const) {
            const r = await loadTest(url, token, op, c, ctx.duration);
            rows.push({ mode: mode.label, gateway, ...r });
            process.stdout.write(`${mode.label} ${gateway} ${op.name} c=${c}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.rps} req/s\n`);
          }
        }
      }
    } finally {
      await hive.stop();
      await bench.stop();
    }
  }
  printTable(`Apollo gateway vs Hive Gateway (${ctx.duration} s per cell)`, rows.map((r) => ({ ...r })));
  writeResult('peer-gateway', ctx.command, { picks, duration: ctx.duration, rows });
}
