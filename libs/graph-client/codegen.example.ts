/**
 * graphql-codegen set-up for a frontend team's own operations against the graph. Copy this file
 * into your app as `codegen.ts`, install the tools once:
 *
 *   npm install --save-dev @graphql-codegen/cli @graphql-codegen/client-preset
 *   npm install @epg/graph-client graphql
 *
 * then run `npx graphql-codegen` (add `--watch` while developing). It reads the graph's API schema
 * shipped in @epg/graph-client (no network, no introspection token needed), types every
 * `graphql(`…`)` call in `src/`, and writes `src/gql/persisted-documents.json`: the
 * hash → document manifest the gateway's trusted documents are loaded from (README: how a team
 * registers its operations).
 */
import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The manifest's keys: plain sha256 hex of the document, the id the Apollo persisted-query protocol
 * sends (`extensions.persistedQuery.sha256Hash`). The preset's own 'sha256' would prefix "sha256:".
 */
export const sha256Hex = (document: string): string => createHash('sha256').update(document, 'utf8').digest('hex');

export interface GraphClientCodegenOptions {
  /** The graph's API schema; the package ships it. */
  schema?: string;
  /** Where your operations live (`graphql()` calls or .graphql files); the output folder is excluded. */
  documents?: string[];
  /** Output folder of the typed `graphql()` function and the manifest. */
  outDir?: string;
}

export function graphClientCodegen({
  schema = 'node_modules/@epg/graph-client/schema.graphql',
  documents = ['src/**/*.{ts,tsx,graphql}'],
  outDir = 'src/gql/',
}: GraphClientCodegenOptions = {}): CodegenConfig {
  const out = outDir.endsWith('/') ? outDir : `${outDir}/`;
  return {
    schema,
    documents: [...documents, `!${out}**/*`],
    ignoreNoDocuments: true,
    generates: {
      [out]: {
        preset: 'client',
        config: {
          // The graph's custom scalars: Date "2023-09-01", DateTime ISO instant (UTC), Fen money
          // in fen (分, 1/100 yuan) as a JSON integer — never a float.
          scalars: { Date: 'string', DateTime: 'string', Fen: 'number' },
          enumsAsTypes: true,
          useTypeImports: true,
        },
        presetConfig: {
          // The `graphql()` tag function; `fragmentMasking` keeps components to their own fields.
          gqlTagName: 'graphql',
          fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
          // persisted-documents.json: { "<sha256 hex>": "<document>" }. Each generated document
          // carries its hash in `__meta__.hash`; send it as
          // `extensions: { persistedQuery: { version: 1, sha256Hash } }` instead of the query text.
          persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: sha256Hex, hashPropertyName: 'hash' },
        },
      },
    },
  };
}

export default graphClientCodegen();
