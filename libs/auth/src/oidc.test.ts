import { loadAuthConfig } from './config';
import { claimAt, oidcSettings, principalFromOidcClaims } from './oidc';

const env = { OIDC_ISSUER: 'https://idp.example.gov.cn/realms/jx', OIDC_JWKS_URL: 'https://idp.example.gov.cn/certs', OIDC_AUDIENCE: 'epg-graph' };

describe('OpenID Connect configuration and claim mapping', () => {
  it('is off unless issuer, key set URL and audience are all set', () => {
    expect(oidcSettings(loadAuthConfig({}))).toBeUndefined();
    expect(() => loadAuthConfig({ OIDC_ISSUER: env.OIDC_ISSUER })).toThrow(/together/);
    expect(oidcSettings(loadAuthConfig(env))?.allowedRoles).toEqual(['INTEGRATION']);
  });

  it('refuses a plain-http key set URL and symmetric algorithms in production', () => {
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a'.repeat(40), INTERNAL_TOKEN_SECRET: 'b'.repeat(40) };
    expect(() => loadAuthConfig({ ...production, ...env, OIDC_JWKS_URL: 'http://idp.example.gov.cn/certs' })).toThrow(/https in production/);
    expect(() => loadAuthConfig({ ...env, OIDC_ALGORITHMS: 'HS256' })).toThrow(/OIDC_ALGORITHMS/);
  });

  it('maps configured claims, nested and listed, to a principal; drops OAuth scopes that are not ours', () => {
    const settings = oidcSettings(loadAuthConfig({ ...env, OIDC_ROLE_CLAIM: 'realm_access.roles', OIDC_REGION_CLAIM: 'epg_region', OIDC_SCOPES_CLAIM: 'scp' }))!;
    const principal = principalFromOidcClaims(
      { sub: 'bank-feed', realm_access: { roles: ['offline_access', 'integration'] }, epg_region: '360323', scp: ['openid', 'payment:write'] },
      settings,
    );
    expect(principal).toEqual({ subject: 'bank-feed', role: 'INTEGRATION', regionCode: '360323', scopes: ['payment:write'] });
    expect(claimAt({ a: { b: 1 } }, 'a.b')).toBe(1);
  });

  it('refuses a role the provider may not grant, and claims that make no principal', () => {
    const settings = oidcSettings(loadAuthConfig(env))!;
    expect(() => principalFromOidcClaims({ sub: 'x', role: 'PROVINCE', region: '360000' }, settings)).toThrow(/no role this provider may grant/);
    expect(() => principalFromOidcClaims({ sub: 'x', role: 'INTEGRATION', region: '36' }, settings)).toThrow(/claims are invalid/);
  });
});
