/**
 * Prints a development token:
 *   npm run token -- --role COUNTY --region 360323 [--scopes pii:read,import:write] [--school ID] [--subject NAME] [--expires 12h]
 * Scopes the services check: pii:read, subsidy:approve, subsidy:pay, payment:write, subsidy:submit,
 * policy:admin, import:write, audit:read (KNOWN_SCOPES in libs/auth). An officer who approves does
 * not pay by default: `--scopes subsidy:approve,subsidy:pay` for one who does both.
 * Signed with AUTH_JWT_SECRET (the development key by default; refused when NODE_ENV=production).
 */
import { parseArgs } from 'node:util';
import { loadAuthConfig, principalSchema, signUserToken } from '@epg/auth';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'COUNTY' },
      region: { type: 'string', default: '360323' },
      scopes: { type: 'string', default: '' },
      school: { type: 'string' },
      subject: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const config = loadAuthConfig();
  const principal = principalSchema.parse({
    subject: values.subject ?? `dev-${String(values.role).toLowerCase()}-${values.region}`,
    role: values.role,
    regionCode: values.region,
    scopes: values.scopes ? values.scopes.split(',').map((s) => s.trim()).filter(Boolean) : [],
    schoolId: values.school,
  });
  process.stdout.write(`${await signUserToken(principal, config, values.expires)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
