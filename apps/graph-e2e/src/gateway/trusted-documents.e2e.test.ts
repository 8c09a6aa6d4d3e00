import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signUserToken } from '@epg/auth';
import { startGatewayOnly, type GatewayOnly } from '../support';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const CONTRACT_MANIFEST = path.join(__dirname, '../../../../tools/contract/trusted-documents/contract.json');

/** A team's operation (answered by the gateway itself, so no subgraph is needed). */
const TEAM_OPERATION = 'query TeamPing {\n  __typename\n}';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('trusted documents from manifests in TRUSTED_DOCUMENTS_DIR', () => {
  let gateway: GatewayOnly;
  let dir: string;
  let integration: string;

  const post = (body: unknown) =>
    fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${integration}` }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, body: (await r.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } }),
    );

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-trusted-e2e-'));
    fs.copyFileSync(CONTRACT_MANIFEST, path.join(dir, 'contract.json'));
    gateway = await startGatewayOnly({ TRUSTED_DOCUMENTS_DIR: dir, TRUSTED_DOCUMENTS_POLL_SECONDS: '0.2' });
    integration = await signUserToken({ subject: 'civil-affairs-system', role: 'INTEGRATION', regionCode: '360323', scopes: [] }, gateway.auth);
  });
  afterAll(async () => {
    await gateway?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an operation no manifest holds with its own code, TRUSTED_DOCUMENT_REQUIRED', async () => {
    const byText = await post({ query: TEAM_OPERATION });
    expect(byText.status).toBe(403);
    expect(byText.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const byId = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(TEAM_OPERATION) } } });
    expect(byId.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it("picks up a team's new manifest without a restart: its operation runs by id and by text", async () => {
    fs.writeFileSync(path.join(dir, 'team-civil-affairs.json'), JSON.stringify({ [sha256(TEAM_OPERATION)]: TEAM_OPERATION }, null, 2));
    await until(async () => (await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(TEAM_OPERATION) } } })).status === 200);
    const byId = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(TEAM_OPERATION) } } });
    expect(byId.body).toEqual({ data: { __typename: 'Query' } });
    const byText = await post({ query: 'query TeamPing { __typename }' });
    expect(byText.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('drops the operations of a removed manifest', async () => {
    fs.rmSync(path.join(dir, 'team-civil-affairs.json'));
    await until(async () => (await post({ query: TEAM_OPERATION })).status === 403);
    expect((await post({ query: TEAM_OPERATION })).body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });
});
