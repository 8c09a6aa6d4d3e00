import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
  typeFromAST,
} from 'graphql';
import type { CostDirectives, ListSize } from './cost-directives';

export interface CostSettings {
  /** What one field costs when the schema declares no `@cost` (1: a field is one unit of work). */
  fieldWeight: number;
  /** The size assumed for a list without `@listSize` and without a slicing argument. */
  defaultListSize: number;
}

export interface CostInput {
  /** The schema the operation runs against (types, arguments and their defaults). */
  schema: GraphQLSchema;
  directives: CostDirectives;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** The request's variables (coerced or raw JSON); operation defaults fill the missing ones. */
  variables?: Readonly<Record<string, unknown>> | null;
  settings: CostSettings;
}

/**
 * The estimated cost of an operation (the demand-control model of Federation's `@cost`/`@listSize`):
 * every selected field costs its weight, and everything below a list is multiplied by the list's
 * estimated size, so nested back-references multiply (`school { teachers { school { teachers … } } }`
 * is 500 × 500 × …). Aliases are separate selections, so each alias counts on its own; fragments
 * count where they are spread; `@skip`/`@include` are ignored (the estimate is an upper bound).
 */
export function operationCost(input: CostInput): number {
  const root = rootType(input.schema, input.operation);
  if (!root) return 0;
  const variables = withOperationDefaults(input.schema, input.operation, input.variables ?? {});
  const walker = new CostWalker(input, variables);
  return walker.selectionSetCost(input.operation.selectionSet, root, new Map());
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLCompositeType | null | undefined {
  if (operation.operation === 'mutation') return schema.getMutationType();
  if (operation.operation === 'subscription') return schema.getSubscriptionType();
  return schema.getQueryType();
}

/** Variables the request left out take the operation's default values. */
function withOperationDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (result[name] !== undefined || !definition.defaultValue) continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const type = typeFromAST(schema, definition.type as any);
    if (type) result[name] = valueFromAST(definition.defaultValue, type as Parameters<typeof valueFromAST>[1]);
  }
  return result;
}

class CostWalker {
  constructor(
    private readonly input: CostInput,
    private readonly variables: Record<string, unknown>,
  ) {}

  /**
   * Cost of a selection set on `parentType`. `sized` holds the sizes a connection field gave its
   * sized fields (`edges` → the page size).
   */
  selectionSetCost(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, sized: ReadonlyMap<string, number>, seen = new Set<string>()): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += this.fieldCost(selection, parentType, sized);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.compositeType(selection.typeCondition.name.value) : parentType;
        total += this.selectionSetCost(selection.selectionSet, type ?? parentType, sized, seen);
      } else {
        const name = selection.name.value;
        const fragment = this.input.fragments[name];
        if (!fragment || seen.has(name)) continue; // validation refuses unknown and cyclic spreads
        const type = this.compositeType(fragment.typeCondition.name.value) ?? parentType;
        total += this.selectionSetCost(fragment.selectionSet, type, sized, new Set([...seen, name]));
      }
    }
    return total;
  }

  private compositeType(name: string): GraphQLCompositeType | undefined {
    const type = this.input.schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  }

  private fieldCost(node: FieldNode, parentType: GraphQLCompositeType, sized: ReadonlyMap<string, number>): number {
    const name = node.name.value;
    if (name === '__typename') return 0;
    const definition = 'getFields' in parentType ? parentType.getFields()[name] : undefined;
    const { directives, settings } = this.input;
    if (!definition) return settings.fieldWeight; // introspection meta-fields and unknown names (validation's job)
    const key = `${parentType.name}.${name}`;
    const namedType = getNamedType(definition.type);
    const weight = directives.fieldWeights.get(key) ?? directives.typeWeights.get(namedType.name) ?? settings.fieldWeight;
    if (!node.selectionSet || !isCompositeType(namedType)) return weight;

    const listSize = directives.listSizes.get(key);
    const slice = this.sliceSize(node, definition, listSize);
    const childSized = new Map<string, number>();
    for (const field of listSize?.sizedFields ?? []) childSized.set(field, slice ?? listSize?.assumedSize ?? settings.defaultListSize);
    const childCost = this.selectionSetCost(node.selectionSet, namedType, childSized);
    const multiplier = isListType(getNullableType(definition.type)) ? (sized.get(name) ?? (listSize?.sizedFields?.length ? undefined : slice) ?? listSize?.assumedSize ?? settings.defaultListSize) : 1;
    return weight + multiplier * childCost;
  }

  /** The largest slicing argument given (a variable's value or the argument's default), if any. */
  private sliceSize(node: FieldNode, definition: GraphQLField<unknown, unknown>, listSize: ListSize | undefined): number | undefined {
    const sizes: number[] = [];
    for (const argumentName of listSize?.slicingArguments ?? []) {
      const argument = definition.args.find((a) => a.name === argumentName);
      if (!argument) continue;
      const given = node.arguments?.find((a) => a.name.value === argumentName);
      const value = given ? valueFromAST(given.value, argument.type, this.variables) : argument.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) sizes.push(Math.max(0, value));
    }
    return sizes.length ? Math.max(...sizes) : undefined;
  }
}
