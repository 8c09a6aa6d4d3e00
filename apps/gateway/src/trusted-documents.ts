import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

/** One operation callers may run in trusted-documents mode: itself plus the fragments it uses. */
export interface TrustedDocument {
  /** sha256 (hex) of `document`: the id callers send as `extensions.persistedQuery.sha256Hash`. */
  hash: string;
  operationName: string | null;
  /** The normalised text (graphql `print`): operation first, then its fragments by name. */
  document: string;
  /** The file it came from. */
  source: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}

function spreadNames(node: OperationDefinitionNode | FragmentDefinitionNode): string[] {
  const names: string[] = [];
  visit(node, {
    FragmentSpread(spread) {
      names.push(spread.name.value);
    },
  });
  return names;
}

/**
 * The operation with every fragment it uses (transitively), printed in a canonical order:
 * whitespace, comments, unused definitions and fragment order do not change the result.
 * Throws when a fragment it uses is missing.
 */
export function normaliseOperation(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): string {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending = spreadNames(operation);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (used.has(name)) continue;
    const fragment = fragments.get(name);
    if (!fragment) throw new Error(`fragment ${name} is not defined`);
    used.set(name, fragment);
    pending.push(...spreadNames(fragment));
  }
  const definitions: DefinitionNode[] = [operation, ...[...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value))];
  return print({ kind: Kind.DOCUMENT, definitions });
}

/** The operation a request would run: the named one, or the only one. */
function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

export class TrustedDocumentManifest {
  private readonly byHash = new Map<string, TrustedDocument>();

  constructor(
    documents: Iterable<TrustedDocument>,
    /** Parse limit for documents sent by callers (they are checked before GraphQL runs). */
    private readonly maxTokens = 1000,
  ) {
    for (const doc of documents) this.byHash.set(doc.hash, doc);
  }

  /** Builds the allow-list from GraphQL sources; schema definitions (input types…) are ignored. */
  static fromSources(sources: { name: string; body: string }[], maxTokens?: number): TrustedDocumentManifest {
    const parsed = sources.map((s) => ({ name: s.name, document: parse(s.body, { noLocation: true }) }));
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const { name, document } of parsed) {
      for (const [fragmentName, fragment] of fragmentsOf(document)) {
        if (fragments.has(fragmentName)) throw new Error(`fragment ${fragmentName} is defined twice (${name})`);
        fragments.set(fragmentName, fragment);
      }
    }
    const documents: TrustedDocument[] = [];
    const names = new Set<string>();
    for (const { name, document } of parsed) {
      for (const def of document.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const operationName = def.name?.value ?? null;
        if (operationName) {
          if (names.has(operationName)) throw new Error(`operation ${operationName} is defined twice (${name})`);
          names.add(operationName);
        }
        const text = normaliseOperation(def, fragments);
        documents.push({ hash: sha256Hex(text), operationName, document: text, source: name });
      }
    }
    return new TrustedDocumentManifest(documents, maxTokens);
  }

  /** Every `*.graphql` file of a directory (not recursive), in name order. */
  static fromDirectory(dir: string, maxTokens?: number): TrustedDocumentManifest {
    if (!fs.existsSync(dir)) throw new Error(`trusted documents directory not found: ${dir} (set TRUSTED_DOCUMENTS_DIR)`);
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .sort();
    return TrustedDocumentManifest.fromSources(
      files.map((f) => ({ name: f, body: fs.readFileSync(path.join(dir, f), 'utf8') })),
      maxTokens,
    );
  }

  get size(): number {
    return this.byHash.size;
  }

  documents(): TrustedDocument[] {
    return [...this.byHash.values()];
  }

  /** By the APQ-style id. */
  byId(hash: string): TrustedDocument | undefined {
    return this.byHash.get(hash.toLowerCase());
  }

  /**
   * By text: the operation the request would run, normalised, must be in the allow-list.
   * Unparseable text, an unknown operation or a missing fragment → undefined.
   */
  match(query: string, operationName?: string | null): TrustedDocument | undefined {
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true, maxTokens: this.maxTokens });
    } catch {
      return undefined;
    }
    const operation = selectOperation(document, operationName);
    if (!operation) return undefined;
    try {
      return this.byHash.get(sha256Hex(normaliseOperation(operation, fragmentsOf(document))));
    } catch {
      return undefined;
    }
  }
}
