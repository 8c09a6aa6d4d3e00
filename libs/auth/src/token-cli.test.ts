import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadAuthConfig } from './config';
import { verifyUserToken } from './tokens';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

describe('npm run token', () => {
  it('prints a development token for the requested principal', async () => {
    const { stdout } = await run(tsx, ['tools/token/token.ts', '--role', 'COUNTY', '--region', '360323', '--scopes', 'pii:read,import:write'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'development' },
    });
    const principal = await verifyUserToken(stdout.trim(), loadAuthConfig({}));
    expect(principal).toMatchObject({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read', 'import:write'] });
  });

  it('refuses to sign with the development key in production', async () => {
    await expect(
      run(tsx, ['tools/token/token.ts', '--role', 'COUNTY', '--region', '360323'], { cwd: root, env: { ...process.env, NODE_ENV: 'production' } }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/development key is refused in production/) });
  });

  it('refuses an unknown role', async () => {
    await expect(run(tsx, ['tools/token/token.ts', '--role', 'KING'], { cwd: root })).rejects.toMatchObject({ code: 1 });
  });
});
