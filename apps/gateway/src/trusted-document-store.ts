import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { documentsOfManifest, TrustedDocumentManifest, type TrustedDocument } from './trusted-documents';

export interface TrustedDocumentStoreOptions {
  /** TRUSTED_DOCUMENTS_DIR: one manifest per team (`*.json`), the contract's among them; `*.graphql` sources too. */
  dir: string;
  /** Parse limit for documents sent by callers. */
  maxTokens: number;
  /** How often the directory is read again; 0: read once. */
  pollMs: number;
  logger: Logger;
  registry?: Registry;
}

interface LoadedFile {
  signature: string;
  documents: TrustedDocument[];
}

/** The key of the directory's GraphQL sources, loaded as one group. */
const GRAPHQL_SOURCES = '*.graphql';

function signatureOf(file: string): string {
  const stat = fs.statSync(file);
  return `${stat.size}:${stat.mtimeMs}`;
}

/**
 * The allow-list, kept in step with TRUSTED_DOCUMENTS_DIR: a team registers operations by
 * dropping its manifest into the directory (a ConfigMap in Kubernetes) and the gateway picks it up
 * at the next read, without a restart or a rebuild. A file that does not load (half-written,
 * edited by hand) is logged and keeps its last good version; a removed file is dropped.
 */
export class TrustedDocumentStore {
  private readonly files = new Map<string, LoadedFile>();
  private manifest: TrustedDocumentManifest;
  private timer: NodeJS.Timeout | undefined;
  private readonly gauge: Gauge | undefined;

  constructor(private readonly options: TrustedDocumentStoreOptions) {
    this.gauge = options.registry
      ? new Gauge({ name: 'epg_trusted_documents', help: 'Operations on the trusted-documents allow-list', registers: [options.registry] })
      : undefined;
    if (!fs.existsSync(options.dir)) throw new Error(`trusted documents directory not found: ${options.dir} (set TRUSTED_DOCUMENTS_DIR)`);
    this.manifest = new TrustedDocumentManifest([], options.maxTokens);
    this.reload({ strict: true });
  }

  /** The allow-list as last read. */
  current(): TrustedDocumentManifest {
    return this.manifest;
  }

  /**
   * Reads the directory again; returns whether the allow-list changed. `strict` (at start): a
   * file that does not load stops the gateway, which must not start with part of its allow-list.
   */
  reload(options: { strict?: boolean } = {}): boolean {
    const { dir, logger } = this.options;
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.graphql')).sort();
    } catch (err) {
      if (options.strict) throw err;
      logger.error({ err, dir }, 'trusted documents directory unreadable: keeping the last allow-list');
      return false;
    }
    // Manifests load one by one; GraphQL sources together (a fragment may live in another file).
    const manifests = names.filter((f) => f.endsWith('.json'));
    const sources = names.filter((f) => f.endsWith('.graphql'));
    const groups = [...manifests.map((name) => ({ key: name, files: [name] })), ...(sources.length ? [{ key: GRAPHQL_SOURCES, files: sources }] : [])];
    const keys = new Set(groups.map((g) => g.key));
    let changed = false;
    for (const key of [...this.files.keys()]) {
      if (!keys.has(key)) {
        this.files.delete(key);
        changed = true;
        logger.info({ file: key }, 'trusted documents manifest removed');
      }
    }
    for (const { key, files } of groups) {
      try {
        const signature = files.map((f) => `${f}=${signatureOf(path.join(dir, f))}`).join(';');
        if (this.files.get(key)?.signature === signature) continue;
        const documents =
          key === GRAPHQL_SOURCES
            ? TrustedDocumentManifest.fromSources(files.map((f) => ({ name: f, body: fs.readFileSync(path.join(dir, f), 'utf8') }))).documents()
            : documentsOfManifest(JSON.parse(fs.readFileSync(path.join(dir, key), 'utf8')) as unknown, key);
        this.files.set(key, { signature, documents });
        changed = true;
        logger.info({ file: key, operations: documents.length }, 'trusted documents manifest loaded');
      } catch (err) {
        if (options.strict) throw new Error(`trusted documents: ${key} does not load: ${err instanceof Error ? err.message : String(err)}`);
        logger.error({ file: key, err: err instanceof Error ? err.message : String(err) }, 'trusted documents manifest refused: keeping its last good version');
      }
    }
    if (changed) {
      this.manifest = new TrustedDocumentManifest(
        [...this.files.values()].flatMap((f) => f.documents),
        this.options.maxTokens,
      );
      this.gauge?.set(this.manifest.size);
    }
    return changed;
  }

  /** Starts polling (no-op when pollMs is 0). */
  start(): void {
    if (this.options.pollMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.reload(), this.options.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
