import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** Federation's demand-control vocabulary (https://specs.apollo.dev/cost/v0.1). */
export const COST_SPEC_URL = 'https://specs.apollo.dev/cost/v0.1';

/** `@listSize` on a field: how many items a list (or the sized lists of a connection) holds. */
export interface ListSize {
  /** The size to assume when no slicing argument gives one (a declared maximum). */
  assumedSize?: number;
  /** Arguments whose value is the size (`first`), variables and defaults included. */
  slicingArguments?: string[];
  /** Fields of the returned object the slice sizes (`edges` of a connection). */
  sizedFields?: string[];
  requireOneSlicingArgument?: boolean;
}

/**
 * What the supergraph declares about cost: `@listSize` per field, `@cost(weight:)` per field and
 * per type (a field returning a weighted type costs that weight). Keys are `Type.field` / `Type`.
 */
export interface CostDirectives {
  listSizes: ReadonlyMap<string, ListSize>;
  fieldWeights: ReadonlyMap<string, number>;
  typeWeights: ReadonlyMap<string, number>;
}

export const NO_COST_DIRECTIVES: CostDirectives = { listSizes: new Map(), fieldWeights: new Map(), typeWeights: new Map() };

/**
 * The names the supergraph gives `@cost` and `@listSize`: imported names (possibly renamed with
 * `{ name: "@listSize", as: "@size" }`), else the namespaced `@cost__listSize` (or `@<as>__…`).
 */
function directiveNames(document: DocumentNode): { cost: string; listSize: string } {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const args = Object.fromEntries((link.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      if (typeof args.url !== 'string' || !args.url.startsWith('https://specs.apollo.dev/cost/')) continue;
      const prefix = typeof args.as === 'string' ? args.as : 'cost';
      const names = { cost: prefix, listSize: `${prefix}__listSize` };
      for (const entry of (args.import as unknown[] | undefined) ?? []) {
        const [name, as] = typeof entry === 'string' ? [entry, entry] : [(entry as { name: string }).name, (entry as { as?: string }).as ?? (entry as { name: string }).name];
        if (name === '@cost') names.cost = as.slice(1);
        if (name === '@listSize') names.listSize = as.slice(1);
      }
      return names;
    }
  }
  return { cost: 'cost', listSize: 'listSize' };
}

function argumentsOf(directive: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

function listSizeOf(args: Record<string, unknown>): ListSize {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined);
  return {
    assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
    slicingArguments: strings(args.slicingArguments),
    sizedFields: strings(args.sizedFields),
    requireOneSlicingArgument: typeof args.requireOneSlicingArgument === 'boolean' ? args.requireOneSlicingArgument : true,
  };
}

/**
 * Reads `@listSize` and `@cost` from a supergraph (or any SDL using the cost spec). Read from the
 * SDL because the API schema the gateway serves drops the spec's directives.
 */
export function readCostDirectives(sdl: string): CostDirectives {
  const document = parse(sdl);
  const names = directiveNames(document);
  const listSizes = new Map<string, ListSize>();
  const fieldWeights = new Map<string, number>();
  const typeWeights = new Map<string, number>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeName = definition.name.value;
    for (const directive of definition.directives ?? []) {
      const weight = directive.name.value === names.cost ? argumentsOf(directive).weight : undefined;
      if (typeof weight === 'number') typeWeights.set(typeName, weight);
    }
    for (const field of definition.fields ?? []) {
      const key = `${typeName}.${field.name.value}`;
      for (const directive of field.directives ?? []) {
        if (directive.name.value === names.listSize) listSizes.set(key, listSizeOf(argumentsOf(directive)));
        if (directive.name.value === names.cost) {
          const weight = argumentsOf(directive).weight;
          if (typeof weight === 'number') fieldWeights.set(key, weight);
        }
      }
    }
  }
  return { listSizes, fieldWeights, typeWeights };
}
