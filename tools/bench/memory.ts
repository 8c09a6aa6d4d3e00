import { loadAuthConfig } from '@epg/auth';
import { tokenFor } from '@epg/testing';
import type { BenchContext } from './run';
import { targetDatabase } from '../seed/lib/database';
import { PROVINCE_OFFICER, warmUp } from './lib/graph';
import { loadTest } from './lib/load';
import { loadOperations, pickEntities } from './lib/operations';
import { memoryOf, startProcessGraph } from './lib/processes';
import { mib, printTable, writeResult } from './lib/report';

/**
 * Each service's and the gateway's resident memory, each in its own process (as deployed):
 * at rest after start, then after the contract operations at 32 connections.
 */
export async function memory(ctx: BenchContext): Promise<void> {
  const database = await targetDatabase();
  const graph = await startProcessGraph(database.url);
  try {
    const token = await tokenFor(loadAuthConfig(), PROVINCE_OFFICER, '12h');
    const picks = await pickEntities(database.url);
    const atRest = new Map(graph.processes.map((p) => [p.name, memoryOf(p.child.pid!)]));
    const load = [];
    for (const op of loadOperations(picks)) {
      await warmUp(graph.gatewayUrl, token, op);
      load.push(await loadTest(graph.gatewayUrl, token, op, Math.max(...ctx.connections), ctx.duration));
    }
    const rows = graph.processes.map((p) => {
      const after = memoryOf(p.child.pid!);
      return { process: p.name, restMiB: mib(atRest.get(p.name)!.rssBytes), afterLoadMiB: mib(after.rssBytes), peakMiB: mib(after.peakRssBytes) };
    });
    printTable('Resident memory per process (MiB)', rows);
    printTable('Load applied (same operations, process-per-service topology)', load.map((r) => ({ ...r })));
    writeResult('memory', ctx.command, { picks, rows, load });
  } finally {
    await graph.stop();
    await database.release();
  }
}
