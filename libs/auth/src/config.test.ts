import { DEVELOPMENT_JWT_SECRET, loadAuthConfig } from './config';

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

  it('refuses short keys', () => {
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });
});
