import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * The consumers' contract, vendored under tools/contract/documents so a clean clone checks it
 * without anything beside the repository. `CONTRACT_DIR` points the check at another copy.
 */
export const VENDORED_CONTRACT_DIR = path.join(__dirname, 'documents');

/** The team's shared copy beside the repository, when this checkout has one. */
export const SHARED_CONTRACT_DIR = path.resolve(root, '../shared/contract');

export function contractDir(): string {
  const dir = process.env.CONTRACT_DIR ?? VENDORED_CONTRACT_DIR;
  if (!fs.existsSync(dir)) throw new Error(`contract directory not found: ${dir} (set CONTRACT_DIR)`);
  return dir;
}

/** Files whose vendored copy differs from the shared one (empty when there is no shared copy). */
export function contractDrift(): string[] {
  if (process.env.CONTRACT_DIR || !fs.existsSync(SHARED_CONTRACT_DIR)) return [];
  const names = new Set([...fs.readdirSync(SHARED_CONTRACT_DIR), ...fs.readdirSync(VENDORED_CONTRACT_DIR)]);
  return [...names].sort().filter((name) => {
    const shared = path.join(SHARED_CONTRACT_DIR, name);
    const vendored = path.join(VENDORED_CONTRACT_DIR, name);
    if (!fs.existsSync(shared) || !fs.existsSync(vendored)) return true;
    return fs.readFileSync(shared, 'utf8') !== fs.readFileSync(vendored, 'utf8');
  });
}

export const INPUTS_FILE = 'inputs.graphql';

/** Entries not yet expected to validate: file names, or `inputs.graphql#TypeName`. */
export function pendingEntries(): Set<string> {
  const file = path.join(__dirname, 'pending.json');
  return new Set((JSON.parse(fs.readFileSync(file, 'utf8')) as { pending: string[] }).pending);
}

/** Operation documents of the contract, in a stable order. */
export function operationFiles(): string[] {
  return fs
    .readdirSync(contractDir())
    .filter((f) => f.endsWith('.graphql') && f !== INPUTS_FILE)
    .sort();
}

/** Operation documents that are not pending: these must validate, and graph-client types them. */
export function validContractFiles(): string[] {
  const pending = pendingEntries();
  return operationFiles().filter((f) => !pending.has(f));
}
