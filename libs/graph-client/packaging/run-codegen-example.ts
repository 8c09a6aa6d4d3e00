/**
 * Runs codegen.example.ts the way a team's `npx graphql-codegen` would, outside jest (the codegen
 * CLI loads ES-module-only dependencies jest's CommonJS runtime cannot):
 *
 *   tsx libs/graph-client/packaging/run-codegen-example.ts <schema> <documents glob> <outDir>
 */
import { generate } from '@graphql-codegen/cli';
import { graphClientCodegen } from '../codegen.example';

async function main(): Promise<void> {
  const [schema, documents, outDir] = process.argv.slice(2);
  if (!schema || !documents || !outDir) throw new Error('usage: run-codegen-example.ts <schema> <documents glob> <outDir>');
  await generate({ ...graphClientCodegen({ schema, documents: [documents], outDir }), silent: true }, true);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
