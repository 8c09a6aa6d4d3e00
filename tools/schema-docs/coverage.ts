/**
 * How much of the graph documents itself: the share of types, fields, arguments and enum values of
 * the composed API schema (what clients introspect, built from apps/gateway/supergraph.graphql) that
 * carry a description. `npm test` prints it and fails below the threshold, so a new field without
 * a description line is caught in CI rather than by a frontend developer in the explorer.
 *
 *   npm run docs:coverage                 print the share per kind and fail below 95%
 *   npm run docs:coverage -- --missing    also list every element without a description
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

export const SUPERGRAPH_FILE = path.resolve(__dirname, '../../apps/gateway/supergraph.graphql');

/** The share the build requires (issue 22: ≥ 95%). */
export const REQUIRED_SHARE = 0.95;

export type ElementKind = 'type' | 'field' | 'argument' | 'enumValue';

export interface Tally {
  documented: number;
  total: number;
}

export interface DescriptionCoverage {
  byKind: Record<ElementKind, Tally>;
  documented: number;
  total: number;
  /** documented / total (1 for an empty schema). */
  share: number;
  /** Schema coordinates of undocumented elements, e.g. `Query.schools(first:)`. */
  missing: string[];
}

const hasText = (description: string | null | undefined): boolean => (description ?? '').trim().length > 0;

/**
 * Counts the documented elements of a client-facing schema. Built-in scalars and introspection
 * types are the GraphQL spec's, not ours, and are left out; directive definitions are too.
 */
export function descriptionCoverage(schema: GraphQLSchema): DescriptionCoverage {
  const byKind: Record<ElementKind, Tally> = {
    type: { documented: 0, total: 0 },
    field: { documented: 0, total: 0 },
    argument: { documented: 0, total: 0 },
    enumValue: { documented: 0, total: 0 },
  };
  const missing: string[] = [];
  const count = (kind: ElementKind, coordinate: string, description: string | null | undefined) => {
    byKind[kind].total++;
    if (hasText(description)) byKind[kind].documented++;
    else missing.push(coordinate);
  };

  const types = Object.values(schema.getTypeMap())
    .filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    // Root operation types are containers: their fields carry the meaning.
    const isRoot = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(type as never);
    if (!isRoot) count('type', type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        count('field', `${type.name}.${field.name}`, field.description);
        for (const arg of field.args) count('argument', `${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) count('field', `${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) count('enumValue', `${type.name}.${value.name}`, value.description);
    }
  }
  const tallies = Object.values(byKind);
  const documented = tallies.reduce((n, t) => n + t.documented, 0);
  const total = tallies.reduce((n, t) => n + t.total, 0);
  return { byKind, documented, total, share: total === 0 ? 1 : documented / total, missing };
}

/** The API schema clients see, derived from the committed supergraph. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

const percent = (t: Tally) => (t.total === 0 ? '100.0' : ((100 * t.documented) / t.total).toFixed(1));

/** The lines `npm test` prints. */
export function formatCoverage(coverage: DescriptionCoverage): string[] {
  const labels: Record<ElementKind, string> = { type: 'types', field: 'fields', argument: 'arguments', enumValue: 'enum values' };
  return [
    `schema descriptions: ${percent(coverage)}% of ${coverage.total} types, fields, arguments and enum values (required ${REQUIRED_SHARE * 100}%)`,
    ...(Object.keys(labels) as ElementKind[]).map(
      (kind) => `  ${labels[kind].padEnd(12)} ${String(coverage.byKind[kind].documented).padStart(5)} / ${String(coverage.byKind[kind].total).padEnd(5)} ${percent(coverage.byKind[kind])}%`,
    ),
  ];
}

function main(): void {
  const coverage = descriptionCoverage(apiSchemaOf(fs.readFileSync(SUPERGRAPH_FILE, 'utf8')));
  for (const line of formatCoverage(coverage)) console.log(line);
  const failing = coverage.share < REQUIRED_SHARE;
  if (process.argv.includes('--missing') || failing) {
    console.log(`  undocumented (${coverage.missing.length}):`);
    for (const coordinate of coverage.missing) console.log(`    ${coordinate}`);
  }
  if (failing) {
    console.error('schema descriptions: below the required share; add a description line to each element listed above');
    process.exit(1);
  }
}

if (require.main === module) main();
