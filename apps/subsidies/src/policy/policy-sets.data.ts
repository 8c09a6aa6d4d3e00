import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { policySetInputSchema, type PolicySetDefinition } from './rule.schema';

/** The four policy sets A–D that ship as seed data (seed/policy-sets.json), validated. */
export function seedPolicySets(): PolicySetDefinition[] {
  const raw = JSON.parse(fs.readFileSync(path.join(__dirname, 'seed/policy-sets.json'), 'utf8'));
  return z.array(policySetInputSchema).parse(raw);
}
