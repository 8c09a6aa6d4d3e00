import fs from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { internalBodyHash, parsePrincipal, signInternalToken, type PrincipalClaims } from '@epg/auth';
import { DEMO_SCHOOLS } from '@epg/demo';
import { INTERNAL_TOKEN_HEADER } from '@epg/subgraph-kit';
import { ALL_SUBGRAPHS, startTestGraph, type TestGraph } from '../support';

/**
 * The leak walk: every root field of the composed graph, and every entity type of every
 * subgraph (through `_entities`), asked for 芦溪县 (360323) data by a Hubei province officer
 * holding every scope. Each answer must be a missing row, an empty list or a refusal — never
 * 360323's data.
 */
const root = path.resolve(__dirname, '../../../..');
const apiSchema = buildSchema(fs.readFileSync(path.join(root, 'libs/graph-client/schema.graphql'), 'utf8'));
const OUTSIDER: PrincipalClaims = { subject: 'hubei-officer', role: 'PROVINCE', regionCode: '420000', scopes: ['pii:read', 'audit:read', 'subsidy:approve', 'subsidy:pay', 'policy:admin', 'import:write'] };
const ALLOWED_CODES = new Set(['FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT']);
const VILLAGE = '360323101201';

/** A known 360323 id per type name (filled from the services' own tables before the walk). */
const knownIds = new Map<string, string>();
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** An enum value inside an argument: printed bare. */
class EnumLiteral {
  constructor(readonly value: string) {}
}

function argValue(arg: { name: string; type: GraphQLInputType }, returnType: string, depth = 0): unknown {
  const named = getNamedType(arg.type);
  const name = arg.name;
  if (isEnumType(named)) return new EnumLiteral(String(named.getValues()[0]!.value));
  if (isInputObjectType(named)) {
    if (depth > 3) return undefined;
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      if (!isNonNullType(field.type) && !/regionCode/.test(field.name)) continue;
      const v = argValue(field, returnType, depth + 1);
      if (v === undefined) return undefined;
      value[field.name] = v;
    }
    return value;
  }
  if (isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type)) {
    const inner = argValue({ name, type: getNamedType(arg.type) as GraphQLInputType }, returnType, depth + 1);
    return inner === undefined ? undefined : [inner];
  }
  switch (named.name) {
    case 'ID': {
      const typeName = name === 'id' || name === 'ids' ? returnType : name.replace(/Ids?$/, '').replace(/^./, (c) => c.toUpperCase());
      return knownIds.get(typeName) ?? knownIds.get(returnType) ?? '00000000-0000-4000-8000-000000000000';
    }
    case 'String':
      if (/villageCode/.test(name)) return VILLAGE;
      if (/code$|Code$/.test(name)) return '360323';
      if (/month/i.test(name)) return '2023-09';
      if (/idempotencyKey/.test(name)) return `leak-${Math.random()}`;
      return 'x';
    case 'Int':
      if (/cycleStartYear/.test(name)) return 2016;
      if (/year|Year/.test(name)) return 2023;
      if (name === 'first') return 10;
      return 1;
    case 'Float':
    case 'Fen':
      return 1;
    case 'Boolean':
      return false;
    case 'Date':
      return '2023-09-01';
    case 'DateTime':
      return '2023-09-01T00:00:00Z';
    default:
      return undefined;
  }
}

/** Arguments for a field: every required one (undefined when one cannot be made up). */
function argsFor(args: readonly GraphQLArgument[], returnType: string): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  for (const arg of args) {
    if (!isNonNullType(arg.type)) continue;
    const value = argValue(arg, returnType);
    if (value === undefined) return undefined;
    values[arg.name] = value;
  }
  return values;
}

function literal(value: unknown): string {
  if (value instanceof EnumLiteral) return value.value;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
  return String(value);
}

function printArgs(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([name, value]) => `${name}: ${literal(value)}`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** A selection of `type` down to `depth` levels, leaves only where arguments can be made up. */
function selection(type: GraphQLNamedType, depth: number, seen: Set<string> = new Set()): string | null {
  if (isLeafType(type)) return '';
  if (!isObjectType(type) || depth === 0) return null;
  const parts: string[] = [];
  for (const field of Object.values((type as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[]) {
    const named = getNamedType(field.type);
    const args = argsFor(field.args, named.name);
    if (!args) continue;
    const sub = selection(named, depth - 1, seen);
    if (sub === null) continue;
    parts.push(`${field.name}${printArgs(args)}${sub ? ` { ${sub} }` : ''}`);
  }
  return parts.length ? `__typename ${parts.join(' ')}` : null;
}

/** Strings that only 360323's data contains. */
function leaks(value: unknown, echoed: Set<string>): string[] {
  const found: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (typeof v === 'string') {
      if (echoed.has(v)) return;
      if (/(^|[^0-9])36\d{4}/.test(v) || [...knownIds.values()].includes(v) || DEMO_SCHOOLS.some((s) => v.includes(s.name))) found.push(`${at}: ${v}`);
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${at}.${i}`));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, `${at}.${k}`);
  };
  walk(value, '');
  return found;
}

describe('the leak walk: another region sees nothing of 芦溪县', () => {
  let graph: TestGraph;
  let outsider: string;
  const covered = { rootFields: 0, mutations: 0, entityTypes: 0, entityFields: 0 };

  beforeAll(async () => {
    // The walk's documents are wide on purpose: lift the gateway's size limits for this graph.
    Object.assign(process.env, { MAX_TOKENS: '100000', MAX_COST: '1000000000000', MAX_DEPTH: '20', MAX_ALIASES: '100' });
    graph = await startTestGraph();
    const county = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve'] });
    // Give every ledger rows: dropout cases and entitlements come from the batch jobs.
    await graph.graphql(`mutation { scanForDropouts(regionCode: "360323", academicYear: 2023) { opened } }`, {}, county);
    await graph.graphql(`mutation { computeEntitlements(regionCode: "360323", academicYear: 2023) { created } }`, {}, county);
    for (const [service, { dataSource }] of graph.services) {
      const tables: { table_name: string }[] = await dataSource.query(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'id' AND data_type = 'uuid'`,
        [service],
      );
      for (const { table_name } of tables) {
        const [row] = await dataSource.query(`SELECT id::text FROM "${service}"."${table_name}" LIMIT 1`);
        if (row) knownIds.set(table_name, row.id);
      }
    }
    for (const type of Object.values(apiSchema.getTypeMap())) {
      const id = knownIds.get(snake(type.name)) ?? knownIds.get(snake(type.name).replace(/^vocational_/, ''));
      if (id) knownIds.set(type.name, id);
    }
    outsider = await graph.token(OUTSIDER);
  });
  afterAll(() => {
    console.log(`leak walk covered ${covered.rootFields} root query fields, ${covered.mutations} mutations, ${covered.entityTypes} entity types, ${covered.entityFields} entity fields`);
    return graph?.stop();
  });

  const queryFields = Object.values(apiSchema.getQueryType()!.getFields());
  it.each(queryFields.map((f) => [f.name, f] as const))('Query.%s', async (_name, field) => {
    const named = getNamedType(field.type);
    const args = argsFor(field.args, named.name);
    expect(args).toBeDefined();
    const sub = selection(named, 4);
    expect(sub).not.toBeNull();
    const query = `query { ${field.name}${printArgs(args!)}${sub ? ` { ${sub} }` : ''} }`;
    const result = await graph.graphql(query, {}, outsider);
    const unexpected = (result.errors ?? []).filter((e) => !ALLOWED_CODES.has(String(e.extensions?.code)));
    expect(unexpected.map((e) => `${String(e.extensions?.code)}: ${e.message}`)).toEqual([]);
    expect(leaks(result.data, new Set())).toEqual([]);
    covered.rootFields += 1;
  });

  const mutationFields = Object.values(apiSchema.getMutationType()!.getFields());
  it('refuses every mutation aimed at 芦溪县, writing nothing', async () => {
    const auditCounts = async () => {
      let total = 0;
      for (const [service, { dataSource }] of graph.services) {
        total += (await dataSource.query(`SELECT count(*)::int AS n FROM "${service}".audit_entry`))[0].n;
      }
      return total;
    };
    const householdCount = async () =>
      (await graph.services.get('households')!.dataSource.query(`SELECT count(*)::int AS n FROM households.household`))[0].n as number;
    const before = await auditCounts();
    const householdsBefore = await householdCount();
    const problems: string[] = [];
    let walked = 0;
    for (const field of mutationFields) {
      const named = getNamedType(field.type);
      const args = argsFor(field.args, named.name);
      const sub = selection(named, 2);
      if (!args || sub === null) {
        problems.push(`${field.name}: could not build arguments`);
        continue;
      }
      const result = await graph.graphql(`mutation { ${field.name}${printArgs(args)}${sub ? ` { ${sub} }` : ''} }`, {}, outsider);
      walked += 1;
      const value = (result.data as Record<string, unknown> | null | undefined)?.[field.name];
      const refused = (result.errors ?? []).length > 0 && (result.errors ?? []).every((e) => ALLOWED_CODES.has(String(e.extensions?.code)));
      const rejectedRecords = field.name === 'importHouseholds' && (value as { accepted?: number } | null)?.accepted === 0;
      if (!refused && !rejectedRecords) problems.push(`${field.name}: not refused (${JSON.stringify(result.errors ?? value).slice(0, 200)})`);
      const idsEchoed = new Set(Object.values(args).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])));
      const leaked = leaks(result.data, idsEchoed).filter((l) => !/outside your region scope/.test(l));
      if (leaked.length) problems.push(`${field.name}: leaked ${leaked.join(', ')}`);
    }
    expect(problems).toEqual([]);
    const written: string[] = [];
    for (const [service, { dataSource }] of graph.services) {
      const rows: { operation: string }[] = await dataSource.query(`SELECT operation FROM "${service}".audit_entry WHERE subject = $1`, [OUTSIDER.subject]);
      written.push(...rows.map((r) => `${service}.${r.operation}`));
    }
    // The one write an outsider may make: its own import request, every record of it rejected.
    expect(written).toEqual(['households.importHouseholds']);
    expect(await auditCounts()).toBe(before + 1);
    expect(await householdCount()).toBe(householdsBefore);
    covered.mutations = walked;
  });

  const entityCases = ALL_SUBGRAPHS.flatMap((module) => {
    const schema: GraphQLSchema = buildSubgraphSchema([{ typeDefs: module.typeDefs }]);
    const entityUnion = schema.getType('_Entity');
    const types = entityUnion && 'getTypes' in entityUnion ? (entityUnion as unknown as { getTypes(): GraphQLObjectType[] }).getTypes() : [];
    return types.map((type) => [`${module.name} ${type.name}`, module.name, type] as const);
  });
  it.each(entityCases)('_entities of %s', async (_label, service, type) => {
    const keyField = 'code' in type.getFields() && !('id' in type.getFields()) ? 'code' : 'id';
    const key = keyField === 'code' ? '360323' : knownIds.get(type.name) ?? '00000000-0000-4000-8000-000000000000';
    const sub = selection(type, 3);
    expect(sub).not.toBeNull();
    const request = JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} { ${sub} } } }`,
      variables: { r: [{ __typename: type.name, [keyField]: key }] },
    });
    const binding = { audience: service, bodyHash: internalBodyHash(request) };
    const token = await signInternalToken({ principal: parsePrincipal(OUTSIDER), requestId: 'leak-walk' }, binding, graph.auth);
    const response = await fetch(graph.services.get(service)!.server!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token },
      body: request,
    });
    const body = (await response.json()) as { data?: { _entities: unknown[] }; errors?: { extensions?: { code?: string } }[] };
    const codes = (body.errors ?? []).map((e) => String(e.extensions?.code));
    expect(codes.filter((c) => !ALLOWED_CODES.has(c))).toEqual([]);
    expect(leaks(body.data, new Set([key]))).toEqual([]);
    covered.entityTypes += 1;
    covered.entityFields += Object.keys(type.getFields()).length;
  });
});
