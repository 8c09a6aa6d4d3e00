import fs from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** Types every subgraph shares (Date, DateTime, PageInfo, the audit trail). */
export const SHARED_SCHEMA_FILES = [path.join(__dirname, 'shared.graphql'), path.join(__dirname, 'audit-trail.graphql')];

/** A service's `*.graphql` files under `srcDir` (one per aggregate folder), in a stable order. */
export function schemaFiles(srcDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.graphql')) files.push(full);
    }
  };
  walk(srcDir);
  return files;
}

/** The service's schema: its own fragments plus the shared types. */
export function loadTypeDefs(srcDir: string): DocumentNode {
  const files = [...schemaFiles(srcDir), ...SHARED_SCHEMA_FILES];
  return parse(files.map((f) => fs.readFileSync(f, 'utf8')).join('\n'));
}
