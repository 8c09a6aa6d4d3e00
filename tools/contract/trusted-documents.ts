/**
 * The contract's trusted-documents manifest: every operation of the vendored contract
 * (tools/contract/documents), each with the fragments it uses, as a hash → document manifest
 * (the persisted-documents format of graphql-codegen's client-preset) in
 * tools/contract/trusted-documents/contract.json, one of the manifests of TRUSTED_DOCUMENTS_DIR.
 *   npm run trusted-documents            write it
 *   npm run trusted-documents -- --check fail when the committed file differs (check:generated)
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrustedDocumentManifest } from '@epg/gateway';
import { VENDORED_CONTRACT_DIR } from './contract-files';

export const CONTRACT_MANIFEST = path.join(__dirname, 'trusted-documents', 'contract.json');

export function contractManifestText(): string {
  const manifest = TrustedDocumentManifest.fromDirectory(VENDORED_CONTRACT_DIR);
  return `${JSON.stringify(manifest.toManifestFile(), null, 2)}\n`;
}

function main(): void {
  const text = contractManifestText();
  const relative = path.relative(process.cwd(), CONTRACT_MANIFEST);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(CONTRACT_MANIFEST) ? fs.readFileSync(CONTRACT_MANIFEST, 'utf8') : null;
    if (current !== text) {
      console.error(`trusted documents: ${relative} is out of date (run npm run trusted-documents)`);
      process.exit(1);
    }
    console.log(`trusted documents: ${relative} up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(CONTRACT_MANIFEST), { recursive: true });
  fs.writeFileSync(CONTRACT_MANIFEST, text);
  console.log(`trusted documents: ${relative} written`);
}

if (require.main === module) main();
