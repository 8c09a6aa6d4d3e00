/**
 * `npm run schema:check`: is the current graph compatible with the last released one?
 *
 * The last release is `tools/schema-check/released/supergraph.graphql` (a copy of
 * `apps/gateway/supergraph.graphql` as it was released). The current subgraphs are composed
 * afresh (as `npm run compose` does); then
 *
 * 1. the composed API schema is compared with the released supergraph's API schema, and
 * 2. each subgraph's schema, as extracted from the current supergraph, is compared with the same
 *    subgraph as extracted from the released one (a removal there is allowed when the field or
 *    type is still in the current API schema: it moved to another subgraph),
 *
 * with graphql-js `findBreakingChanges`. A breaking change fails the check unless what it removes
 * or changes was `@deprecated` in the released schema. Exit 1 on failure.
 *
 * To cut a release: `cp apps/gateway/supergraph.graphql tools/schema-check/released/supergraph.graphql`
 * (or `npm run schema:check -- --release`) and commit it with the release.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { dangerousChanges, failures, judgeChanges, type Verdict } from './rules';

const root = path.resolve(__dirname, '../..');
export const RELEASED_SUPERGRAPH = path.join(__dirname, 'released/supergraph.graphql');
const CURRENT_SUPERGRAPH = path.join(root, 'apps/gateway/supergraph.graphql');

export interface SchemaCheckReport {
  api: Verdict[];
  subgraphs: { name: string; verdicts: Verdict[]; added?: boolean; removed?: boolean }[];
  dangerous: string[];
  ok: boolean;
}

/** Federation machinery in subgraph schemas (`_entities`, `_Any`, `link__*`, directives) is not compared. */
function isFederationMachinery(coordinate: string): boolean {
  return coordinate.startsWith('_') || coordinate.includes('__') || /^Query\._(entities|service)\b/.test(coordinate);
}

function hasCoordinate(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, member] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (!type) return false;
  if (!member) return true;
  const fields = (type as { getFields?: () => Record<string, unknown> }).getFields?.();
  return Boolean(fields && member in fields);
}

/** Compares two supergraph SDLs (released → current). */
export function compareSupergraphs(releasedSdl: string, currentSdl: string): SchemaCheckReport {
  const released = Supergraph.build(releasedSdl);
  const current = Supergraph.build(currentSdl);
  const releasedApi = released.apiSchema().toGraphQLJSSchema();
  const currentApi = current.apiSchema().toGraphQLJSSchema();

  const api = judgeChanges(releasedApi, currentApi);
  const releasedSubgraphs = released.subgraphs();
  const currentSubgraphs = current.subgraphs();
  const names = [...new Set([...releasedSubgraphs.names(), ...currentSubgraphs.names()])].sort();
  const subgraphs = names.map((name) => {
    const before = releasedSubgraphs.get(name);
    const after = currentSubgraphs.get(name);
    if (!before) return { name, verdicts: [], added: true };
    if (!after) {
      // A whole subgraph removed: what clients lose shows in the API comparison.
      return { name, verdicts: [], removed: true };
    }
    const verdicts = judgeChanges(before.schema.toGraphQLJSSchema(), after.schema.toGraphQLJSSchema(), {
      deprecationsFrom: releasedApi,
      ignore: (coordinate, type) => type.startsWith('DIRECTIVE_') || isFederationMachinery(coordinate),
      stillServed: (coordinate) =>
        hasCoordinate(currentApi, coordinate) ? `${coordinate} is still in the API schema (served by another subgraph)` : undefined,
    });
    return { name, verdicts };
  });

  const ok = failures(api).length === 0 && subgraphs.every((s) => failures(s.verdicts).length === 0);
  return { api, subgraphs, dangerous: dangerousChanges(releasedApi, currentApi), ok };
}

function describe(verdict: Verdict): string {
  return verdict.allowed ? `  allowed  ${verdict.description} (${verdict.reason})` : `  BREAKING ${verdict.description}`;
}

function main(): void {
  if (process.argv.includes('--release')) {
    fs.copyFileSync(CURRENT_SUPERGRAPH, RELEASED_SUPERGRAPH);
    console.log(`schema-check: released ${path.relative(root, CURRENT_SUPERGRAPH)} → ${path.relative(root, RELEASED_SUPERGRAPH)}`);
    return;
  }
  if (!fs.existsSync(RELEASED_SUPERGRAPH)) throw new Error(`no released supergraph at ${path.relative(root, RELEASED_SUPERGRAPH)}`);
  // The current graph is composed from the code, not read from the committed file (check:generated
  // keeps the two equal), so a subgraph change is judged before anyone runs `npm run compose`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { composeSupergraph } = require('@epg/tools/compose') as typeof import('@epg/tools/compose');
  const { supergraphSdl } = composeSupergraph();
  const report = compareSupergraphs(fs.readFileSync(RELEASED_SUPERGRAPH, 'utf8'), supergraphSdl);

  const lines: string[] = [];
  lines.push(`API schema: ${failures(report.api).length} breaking, ${report.api.filter((v) => v.allowed).length} allowed`);
  lines.push(...report.api.map(describe));
  for (const s of report.subgraphs) {
    const status = s.added ? 'new subgraph' : s.removed ? 'removed subgraph' : `${failures(s.verdicts).length} breaking, ${s.verdicts.filter((v) => v.allowed).length} allowed`;
    lines.push(`subgraph ${s.name}: ${status}`);
    lines.push(...s.verdicts.map(describe));
  }
  if (report.dangerous.length) {
    lines.push(`dangerous (not failing): ${report.dangerous.length}`);
    lines.push(...report.dangerous.map((d) => `  ${d}`));
  }
  const out = report.ok ? console.log : console.error;
  out(lines.join('\n'));
  out(
    report.ok
      ? `schema-check: compatible with the released supergraph (${report.subgraphs.length} subgraphs and the API schema)`
      : 'schema-check: breaking changes against the released supergraph. Deprecate first (@deprecated), release, then remove.',
  );
  if (!report.ok) process.exit(1);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
