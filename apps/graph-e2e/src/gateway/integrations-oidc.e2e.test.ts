import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { KNOWN_SCOPES } from '@epg/auth';
import { startTestGraph, type TestGraph } from '../support';

/** The department integrations' operations, as the contract publishes them (integrations.graphql). */
const INTEGRATIONS = fs.readFileSync(path.join(__dirname, '../../../../tools/contract/documents/integrations.graphql'), 'utf8');

const ISSUER = 'https://idp.minzheng.example.gov.cn/realms/jx';
const AUDIENCE = 'epg-graph';

interface Edge {
  node: Record<string, unknown>;
}
interface Reply {
  data?: {
    personChanges: { edges: Edge[] };
    enrolmentChanges: { edges: Edge[] };
    submitEntitlement: Record<string, unknown>;
  } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A token as the department's identity provider issues it (Keycloak-like claims). */
function providerToken(key: SigningKey, alg: 'RS256' | 'ES256', claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ role: 'INTEGRATION', region: '360323', scope: 'openid profile subsidy:submit', ...claims })
    .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('minzheng-feed-reader')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.privateKey);
}

describe('department integrations: the contract operations, with tokens of their own OpenID Connect provider', () => {
  let graph: TestGraph;
  let jwks: http.Server;
  let served: JWK[] = [];
  let keyFetches = 0;
  let first: SigningKey;
  const saved = { ...process.env };

  const run = (operationName: string, variables: Record<string, unknown>, token: string) =>
    fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: INTEGRATIONS, operationName, variables }),
    }).then(async (r) => ({ status: r.status, ...((await r.json()) as Reply) }));

  beforeAll(async () => {
    first = await signingKey('key-2026-11', 'RS256');
    served = [first.jwk];
    jwks = http.createServer((_req, res) => {
      keyFetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, {
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/protocol/openid-connect/certs`,
      OIDC_AUDIENCE: AUDIENCE,
      // Rotation is picked up at the first token of a new key (production default: at most every 30 s).
      OIDC_JWKS_COOLDOWN_SECONDS: '0',
    });
    graph = await startTestGraph();
    // The subsidies ledger learns the county's 2023 enrolments when it computes that year.
    const admin = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: [...KNOWN_SCOPES], subject: 'county-admin' });
    await graph.succeed(`mutation { computeEntitlements(regionCode: "360323", academicYear: 2023) { created } }`, {}, admin);
  });
  afterAll(async () => {
    await graph?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
    for (const key of Object.keys(process.env)) if (key.startsWith('OIDC_') && !(key in saved)) delete process.env[key];
  });

  it('accepts a token signed by a key the provider publishes, and runs the change feeds and a submission with it', async () => {
    const token = await providerToken(first, 'RS256');
    const people = await run('PersonChanges', { first: 5 }, token);
    expect(people.errors).toBeUndefined();
    expect(people.data?.personChanges.edges.length).toBeGreaterThan(0);
    expect(people.data?.personChanges.edges[0].node.idNumberMasked).not.toMatch(/^\d{17}[\dX]$/);

    const enrolments = await run('EnrolmentChanges', { first: 5 }, token);
    expect(enrolments.errors).toBeUndefined();
    expect(enrolments.data?.enrolmentChanges.edges.length).toBeGreaterThan(0);

    // A student enrolled in the county, as the subsidies ledger's projection of enrolments holds it.
    const [enrolment] = (await graph.services
      .get('subsidies')!
      .dataSource.query(
        `SELECT person_id AS "personId", academic_year AS "academicYear" FROM enrolment_fact
          WHERE school_region_code LIKE '360323%' AND status = 'ENROLLED' AND stage IN ('PRIMARY', 'JUNIOR')
            AND NOT EXISTS (SELECT 1 FROM entitlement s WHERE s.person_id = enrolment_fact.person_id
                              AND s.academic_year = enrolment_fact.academic_year AND s.rule_code = 'A-SPED')
          ORDER BY academic_year DESC LIMIT 1`,
      )) as {
      personId: string;
      academicYear: number;
    }[];
    expect(enrolment).toBeDefined();
    const submitted = await run(
      'SubmitEntitlement',
      { input: { personId: enrolment!.personId, ruleCode: 'A-SPED', academicYear: enrolment!.academicYear, department: '芦溪县民政局', amountFen: 20000 } },
      token,
    );
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitEntitlement).toMatchObject({ ruleCode: 'A-SPED', amountFen: 20000, source: '芦溪县民政局' });
  });

  it('follows a key rotation: a token of the new key is accepted once the provider publishes it, the retired key is refused', async () => {
    const retired = await providerToken(first, 'RS256');
    const next = await signingKey('key-2026-12', 'ES256');
    served = [next.jwk];
    const fetchesBefore = keyFetches;
    const rotated = await run('PersonChanges', { first: 1 }, await providerToken(next, 'ES256'));
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data?.personChanges.edges).toHaveLength(1);
    expect(keyFetches).toBeGreaterThan(fetchesBefore);

    const old = await run('PersonChanges', { first: 1 }, retired);
    expect(old.status).toBe(401);
    expect(old.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed by a key the provider never published, even under a published key id', async () => {
    const stranger = await signingKey('key-unknown', 'RS256');
    const unknownKid = await run('PersonChanges', { first: 1 }, await providerToken(stranger, 'RS256'));
    expect(unknownKid.status).toBe(401);
    expect(unknownKid.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknownKid.data ?? null).toBeNull();

    const forged = await run('PersonChanges', { first: 1 }, await providerToken({ ...stranger, kid: 'key-2026-12' }, 'RS256'));
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses roles the provider may not grant and tokens for another audience', async () => {
    const key = await signingKey('key-2026-12b', 'ES256');
    served = [...served, key.jwk];
    const province = await run('PersonChanges', { first: 1 }, await providerToken(key, 'ES256', { role: 'PROVINCE' }));
    expect(province.status).toBe(401);
    expect(province.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const other = await new SignJWT({ role: 'INTEGRATION', region: '360323' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(ISSUER)
      .setAudience('another-api')
      .setSubject('x')
      .setExpirationTime('10m')
      .sign(key.privateKey);
    expect((await run('PersonChanges', { first: 1 }, other)).status).toBe(401);
  });

  it('keeps the development HS256 tokens working beside the provider', async () => {
    const integration = await graph.token({ role: 'INTEGRATION', regionCode: '360323', subject: 'dev-integration' });
    const reply = await run('EnrolmentChanges', { first: 1 }, integration);
    expect(reply.errors).toBeUndefined();
    expect(reply.data?.enrolmentChanges.edges).toHaveLength(1);
  });
});
