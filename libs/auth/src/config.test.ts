import fs from 'node:fs';
import path from 'node:path';
import { DEVELOPMENT_JWT_SECRET, loadAuthConfig, PLACEHOLDER_SECRET } from './config';

describe('auth configuration', () => {
  it('uses the development keys outside production', () => {
    expect(loadAuthConfig({}).AUTH_JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('refuses the development keys in production', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET: the development key is refused in production/);
  });

  it('accepts real keys in production', () => {
    const config = loadAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a'.repeat(48), INTERNAL_TOKEN_SECRET: 'b'.repeat(48) });
    expect(config.AUTH_JWT_SECRET).toBe('a'.repeat(48));
  });

  it('refuses keys shorter than 32 bytes, in any mode', () => {
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET: must be at least 32 bytes/);
    expect(() => loadAuthConfig({ INTERNAL_TOKEN_SECRET: 'x'.repeat(31) })).toThrow(/INTERNAL_TOKEN_SECRET: must be at least 32 bytes/);
    // Counted in bytes: 11 three-byte characters are 33 bytes.
    expect(loadAuthConfig({ INTERNAL_TOKEN_SECRET: '密'.repeat(11) }).INTERNAL_TOKEN_SECRET).toBe('密'.repeat(11));
  });

  it('refuses in production the placeholder of secret.example.yaml', () => {
    const template = fs.readFileSync(path.resolve(__dirname, '../../../infra/k8s/secret.example.yaml'), 'utf8');
    const placeholder = /AUTH_JWT_SECRET: (\S+)/.exec(template)![1]!;
    expect(placeholder).toBe(PLACEHOLDER_SECRET);
    const env = { NODE_ENV: 'production', AUTH_JWT_SECRET: placeholder, INTERNAL_TOKEN_SECRET: 'b'.repeat(48) };
    expect(() => loadAuthConfig(env)).toThrow(/AUTH_JWT_SECRET: the placeholder of secret.example.yaml is refused in production/);
    expect(() => loadAuthConfig({ ...env, AUTH_JWT_SECRET: 'a'.repeat(48), INTERNAL_TOKEN_SECRET: placeholder })).toThrow(
      /INTERNAL_TOKEN_SECRET: the placeholder/,
    );
    // Outside production the template's value is a (long enough) key like any other.
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: placeholder })).not.toThrow();
  });

  it('refuses in production one key for both caller and internal tokens', () => {
    const same = 'k'.repeat(48);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: same, INTERNAL_TOKEN_SECRET: same })).toThrow(
      /INTERNAL_TOKEN_SECRET: must differ from AUTH_JWT_SECRET in production/,
    );
  });
});
