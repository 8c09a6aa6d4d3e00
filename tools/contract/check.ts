/**
 * The contract check: every operation in ../shared/contract validates against the composed
 * API schema, and every input type of inputs.graphql is accepted as written (same fields and
 * types; the graph may add optional fields only). Entries listed in pending.json may fail;
 * anything else failing — or a pending entry that now passes — fails the check.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  isInputObjectType,
  parse,
  validate,
  type DefinitionNode,
  type GraphQLSchema,
  type InputObjectTypeDefinitionNode,
  type TypeNode,
  print,
} from 'graphql';
import { contractDir, contractDrift, INPUTS_FILE, operationFiles, pendingEntries } from './contract-files';

const root = path.resolve(__dirname, '../..');

interface Result {
  entry: string;
  errors: string[];
  operations?: number;
  validOperations?: number;
}

/** Each operation is validated on its own, so the count says how many of them work. */
function checkOperations(schema: GraphQLSchema, file: string): Result[] {
  const document = parse(fs.readFileSync(path.join(contractDir(), file), 'utf8'));
  const fragments = document.definitions.filter((d) => d.kind === 'FragmentDefinition');
  const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
  const errors: string[] = [];
  let validOperations = 0;
  for (const operation of operations) {
    const messages = validate(schema, { ...document, definitions: [operation, ...fragments] }).map(
      (e) => `${operation.name?.value ?? '(anonymous)'}: ${e.message}`,
    );
    if (messages.length === 0) validOperations += 1;
    errors.push(...messages);
  }
  return [{ entry: file, errors, operations: operations.length, validOperations }];
}

function typeText(node: TypeNode): string {
  return print(node);
}

function checkInputs(schema: GraphQLSchema): Result[] {
  const document = parse(fs.readFileSync(path.join(contractDir(), INPUTS_FILE), 'utf8'));
  const inputs = document.definitions.filter(
    (d: DefinitionNode): d is InputObjectTypeDefinitionNode => d.kind === 'InputObjectTypeDefinition',
  );
  return inputs.map((input) => {
    const entry = `${INPUTS_FILE}#${input.name.value}`;
    const type = schema.getType(input.name.value);
    if (!type || !isInputObjectType(type)) return { entry, errors: [`input type ${input.name.value} is missing`] };
    const errors: string[] = [];
    const fields = type.getFields();
    const expected = new Set<string>();
    for (const field of input.fields ?? []) {
      expected.add(field.name.value);
      const actual = fields[field.name.value];
      if (!actual) errors.push(`${input.name.value}.${field.name.value} is missing`);
      else if (String(actual.type) !== typeText(field.type)) {
        errors.push(`${input.name.value}.${field.name.value} is ${String(actual.type)}, the contract sends ${typeText(field.type)}`);
      }
    }
    for (const [name, field] of Object.entries(fields)) {
      if (!expected.has(name) && String(field.type).endsWith('!') && field.defaultValue === undefined) {
        errors.push(`${input.name.value}.${name} is required but the contract does not send it`);
      }
    }
    return { entry, errors };
  });
}

function main(): void {
  const apiSchema = buildSchema(fs.readFileSync(path.join(root, 'libs/graph-client/schema.graphql'), 'utf8'));
  const pending = pendingEntries();
  const results = [...operationFiles().flatMap((f) => checkOperations(apiSchema, f)), ...checkInputs(apiSchema)];
  const failures: string[] = contractDrift().map(
    (file) => `${file} differs from ../shared/contract: copy the shared contract into tools/contract/documents`,
  );
  let validOperations = 0;
  let operations = 0;
  for (const result of results) {
    const ok = result.errors.length === 0;
    operations += result.operations ?? 0;
    validOperations += result.validOperations ?? 0;
    if (!ok && !pending.has(result.entry)) failures.push(`${result.entry}:\n    ${result.errors.join('\n    ')}`);
    if (ok && pending.has(result.entry)) failures.push(`${result.entry} now validates: remove it from tools/contract/pending.json`);
  }
  const inputsOk = results.filter((r) => r.entry.includes('#') && r.errors.length === 0).length;
  const inputsAll = results.filter((r) => r.entry.includes('#')).length;
  console.log(`contract: ${validOperations}/${operations} operations valid, ${inputsOk}/${inputsAll} input types accepted, ${pending.size} pending`);
  if (failures.length) {
    console.error(`contract check failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

main();
