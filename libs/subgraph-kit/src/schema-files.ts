import fs from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** Reads and concatenates a service's `*.graphql` fragments (one per aggregate folder), in a stable order. */
export function loadTypeDefs(srcDir: string): DocumentNode {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.graphql')) files.push(full);
    }
  };
  walk(srcDir);
  return parse(files.map((f) => fs.readFileSync(f, 'utf8')).join('\n'));
}
