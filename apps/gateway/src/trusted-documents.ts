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

/** A hash→document manifest: the persisted-documents format of graphql-codegen's client-preset. */
export type ManifestFile = Record<string, string>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The entries of one manifest file: the id is the sha256 (hex) of the document text, checked here
 * (a manifest edited by hand or truncated is refused, not half-trusted). A document may hold
 * several operations: each is matchable by text, the id runs the one the caller names.
 */
export function documentsOfManifest(manifest: unknown, source: string): TrustedDocument[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new Error(`${source}: a manifest is a JSON object of sha256 → document`);
  }
  const documents: TrustedDocument[] = [];
  for (const [id, text] of Object.entries(manifest as Record<string, unknown>)) {
    if (typeof text !== 'string') throw new Error(`${source}: the document of ${id} is not a string`);
    const hash = id.toLowerCase();
    if (!SHA256_HEX.test(hash)) throw new Error(`${source}: ${id} is not a sha256 (64 hex digits)`);
    if (sha256Hex(text) !== hash) throw new Error(`${source}: ${id} is not the sha256 of its document`);
    let parsed: DocumentNode;
    try {
      parsed = parse(text, { noLocation: true });
    } catch (err) {
      throw new Error(`${source}: the document of ${id} does not parse (${err instanceof Error ? err.message : String(err)})`);
    }
    const operations = parsed.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length === 0) throw new Error(`${source}: the document of ${id} holds no operation`);
    for (const operation of operations) {
      documents.push({ hash, operationName: operation.name?.value ?? null, document: text, source });
    }
  }
  return documents;
}

/** Normalised text of a manifest entry's operation (what a caller's text is compared with). */
function normalisedTextOf(doc: TrustedDocument): string {
  const parsed = parse(doc.document, { noLocation: true });
  const operation = selectOperation(parsed, doc.operationName);
  if (!operation) throw new Error(`${doc.source}: operation ${doc.operationName ?? '(anonymous)'} not found in ${doc.hash}`);
  return normaliseOperation(operation, fragmentsOf(parsed));
}

export class TrustedDocumentManifest {
  /** By id (`extensions.persistedQuery.sha256Hash`): several entries when one document holds several operations. */
  private readonly byHash = new Map<string, TrustedDocument[]>();
  /** By sha256 of the normalised operation: what a caller's text is matched against. */
  private readonly byText = new Map<string, TrustedDocument>();

  constructor(
    documents: Iterable<TrustedDocument>,
    /** Parse limit for documents sent by callers (they are checked before GraphQL runs). */
    private readonly maxTokens = 1000,
  ) {
    for (const doc of documents) {
      const same = this.byHash.get(doc.hash) ?? [];
      if (!same.some((d) => d.operationName === doc.operationName)) same.push(doc);
      this.byHash.set(doc.hash, same);
      this.byText.set(sha256Hex(normalisedTextOf(doc)), doc);
    }
  }

  /** Builds the allow-list from GraphQL sources; schema definitions (input types…) are ignored. */
  static fromSources(sources: { name: string; body: string }[], maxTokens?: number): TrustedDocumentManifest {
    return new TrustedDocumentManifest(documentsOfSources(sources), maxTokens);
  }

  /**
   * Every manifest (`*.json`, hash → document) and GraphQL source (`*.graphql`) of a directory
   * (not recursive), in name order. Throws on the first unreadable file.
   */
  static fromDirectory(dir: string, maxTokens?: number): TrustedDocumentManifest {
    if (!fs.existsSync(dir)) throw new Error(`trusted documents directory not found: ${dir} (set TRUSTED_DOCUMENTS_DIR)`);
    const names = fs.readdirSync(dir).sort();
    const sources = names.filter((f) => f.endsWith('.graphql')).map((f) => ({ name: f, body: fs.readFileSync(path.join(dir, f), 'utf8') }));
    const manifests = names
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => documentsOfManifest(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown, f));
    return new TrustedDocumentManifest([...documentsOfSources(sources), ...manifests], maxTokens);
  }

  /** The manifest file of these documents: `{ "<sha256>": "<document>" }`, sorted by id. */
  toManifestFile(): ManifestFile {
    const entries = [...this.byHash.entries()].sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([hash, docs]) => [hash, docs[0]!.document]));
  }

  /** Distinct operations allow-listed. */
  get size(): number {
    return this.byText.size;
  }

  documents(): TrustedDocument[] {
    return [...this.byText.values()];
  }

  /** By the APQ-style id; a document of several operations needs the caller's operation name. */
  byId(hash: string, operationName?: string | null): TrustedDocument | undefined {
    const docs = this.byHash.get(hash.toLowerCase());
    if (!docs) return undefined;
    if (operationName) return docs.find((d) => d.operationName === operationName);
    return docs.length === 1 ? docs[0] : undefined;
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
      return this.byText.get(sha256Hex(normaliseOperation(operation, fragmentsOf(document))));
    } catch {
      return undefined;
    }
  }
}

/** One entry per operation of GraphQL sources, each with exactly the fragments it uses (normalised). */
function documentsOfSources(sources: { name: string; body: string }[]): TrustedDocument[] {
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
  return documents;
}
