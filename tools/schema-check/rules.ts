/**
 * The schema-compatibility rule: graphql-js `findBreakingChanges` between the released schema and
 * the current one, where a breaking change is allowed only when what it removes or changes was
 * already `@deprecated` in the released schema (the field, argument or enum value — or, for a
 * removed type, every field or value of it).
 */
import {
  BreakingChangeType,
  findBreakingChanges,
  findDangerousChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLSchema,
} from 'graphql';

export interface Verdict {
  type: string;
  description: string;
  /** The schema coordinate the change is about (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`). */
  coordinate: string;
  allowed: boolean;
  /** Why it is allowed (when it is). */
  reason?: string;
}

export interface JudgeOptions {
  /**
   * A removal that is not a removal for clients (e.g. a field moved to another subgraph, still in
   * the composed API schema): allowed with this reason when it returns one.
   */
  stillServed?: (coordinate: string) => string | undefined;
  /**
   * Where else to look for `@deprecated` (a subgraph extracted from a supergraph loses its
   * deprecations; the released API schema has them).
   */
  deprecationsFrom?: GraphQLSchema;
  /** Changes to ignore entirely (federation machinery in subgraph schemas). */
  ignore?: (coordinate: string, type: string) => boolean;
}

const PATTERNS: [string, RegExp, (m: RegExpMatchArray) => string][] = [
  [BreakingChangeType.FIELD_REMOVED, /^(\w+)\.(\w+) was removed\.$/, (m) => `${m[1]}.${m[2]}`],
  [BreakingChangeType.FIELD_CHANGED_KIND, /^(\w+)\.(\w+) changed type from /, (m) => `${m[1]}.${m[2]}`],
  [BreakingChangeType.ARG_REMOVED, /^(\w+)\.(\w+) arg (\w+) was removed\.$/, (m) => `${m[1]}.${m[2]}(${m[3]}:)`],
  [BreakingChangeType.ARG_CHANGED_KIND, /^(\w+)\.(\w+) arg (\w+) has changed type from /, (m) => `${m[1]}.${m[2]}(${m[3]}:)`],
  [BreakingChangeType.REQUIRED_ARG_ADDED, /^A required arg (\w+) on (\w+)\.(\w+) was added\.$/, (m) => `${m[2]}.${m[3]}(${m[1]}:)`],
  [BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED, /^A required field (\w+) on input type (\w+) was added\.$/, (m) => `${m[2]}.${m[1]}`],
  [BreakingChangeType.VALUE_REMOVED_FROM_ENUM, /^(\w+) was removed from enum type (\w+)\.$/, (m) => `${m[2]}.${m[1]}`],
  [BreakingChangeType.TYPE_REMOVED, /^(\w+) was removed\.$/, (m) => m[1]],
  [BreakingChangeType.TYPE_CHANGED_KIND, /^(\w+) changed from /, (m) => m[1]],
  [BreakingChangeType.TYPE_REMOVED_FROM_UNION, /^(\w+) was removed from union type (\w+)\.$/, (m) => `${m[2]}`],
  [BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED, /^(\w+) no longer implements interface (\w+)\.$/, (m) => m[1]],
];

export function coordinateOf(type: string, description: string): string {
  for (const [kind, pattern, coordinate] of PATTERNS) {
    if (kind !== type) continue;
    const match = description.match(pattern);
    if (match) return coordinate(match);
  }
  return description;
}

type Field = { deprecationReason?: string | null; args?: readonly { name: string; deprecationReason?: string | null }[] };

function fieldOf(schema: GraphQLSchema, typeName: string, fieldName: string): Field | undefined {
  const type = schema.getType(typeName);
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) return type.getFields()[fieldName] as Field | undefined;
  return undefined;
}

/** Was the thing at this coordinate `@deprecated` in the released schema? */
export function deprecationOf(released: GraphQLSchema, coordinate: string, changeType: string): string | undefined {
  const arg = coordinate.match(/^(\w+)\.(\w+)\((\w+):\)$/);
  if (arg) {
    const field = fieldOf(released, arg[1], arg[2]);
    if (field?.deprecationReason) return `field ${arg[1]}.${arg[2]} was deprecated`;
    const argument = field?.args?.find((a) => a.name === arg[3]);
    if (argument?.deprecationReason && changeType !== BreakingChangeType.REQUIRED_ARG_ADDED) return `argument ${coordinate} was deprecated`;
    return undefined;
  }
  const member = coordinate.match(/^(\w+)\.(\w+)$/);
  if (member) {
    const type = released.getType(member[1]);
    if (isEnumType(type)) {
      return type.getValue(member[2])?.deprecationReason ? `enum value ${coordinate} was deprecated` : undefined;
    }
    // A required input field added to a type whose every field is deprecated is still breaking.
    if (changeType === BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED) return undefined;
    return fieldOf(released, member[1], member[2])?.deprecationReason ? `field ${coordinate} was deprecated` : undefined;
  }
  if (changeType === BreakingChangeType.TYPE_REMOVED) {
    const type = released.getType(coordinate);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields = Object.values(type.getFields()) as Field[];
      return fields.length > 0 && fields.every((f) => f.deprecationReason) ? `every field of ${coordinate} was deprecated` : undefined;
    }
    if (isEnumType(type)) {
      const values = type.getValues();
      return values.length > 0 && values.every((v) => v.deprecationReason) ? `every value of ${coordinate} was deprecated` : undefined;
    }
  }
  return undefined;
}

/** Every breaking change from `released` to `current`, each allowed or not. */
export function judgeChanges(released: GraphQLSchema, current: GraphQLSchema, options: JudgeOptions = {}): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const change of findBreakingChanges(released, current)) {
    const coordinate = coordinateOf(change.type, change.description);
    if (options.ignore?.(coordinate, change.type)) continue;
    const reason =
      deprecationOf(released, coordinate, change.type) ??
      (options.deprecationsFrom ? deprecationOf(options.deprecationsFrom, coordinate, change.type) : undefined) ??
      (change.type === BreakingChangeType.FIELD_REMOVED || change.type === BreakingChangeType.TYPE_REMOVED
        ? options.stillServed?.(coordinate)
        : undefined);
    verdicts.push({ type: change.type, description: change.description, coordinate, allowed: reason !== undefined, reason });
  }
  return verdicts;
}

/** Changes that may surprise a client but do not break a valid operation (reported, never failing). */
export function dangerousChanges(released: GraphQLSchema, current: GraphQLSchema): string[] {
  return findDangerousChanges(released, current).map((c) => c.description);
}

export function failures(verdicts: Verdict[]): Verdict[] {
  return verdicts.filter((v) => !v.allowed);
}
