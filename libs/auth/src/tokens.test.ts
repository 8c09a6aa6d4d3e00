import { SignJWT } from 'jose';
import { loadAuthConfig } from './config';
import {
  assertInternalBody,
  bearerToken,
  internalAudience,
  internalBodyHash,
  signInternalToken,
  signUserToken,
  TokenError,
  verifyInternalToken,
  verifyUserToken,
} from './tokens';
import { parsePrincipal, type Principal } from './principal';

const config = loadAuthConfig({});
const county: Principal = parsePrincipal({ subject: 'officer-1', role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'] });

describe('user tokens', () => {
  it('round-trips the principal', async () => {
    const token = await signUserToken(county, config);
    await expect(verifyUserToken(token, config)).resolves.toEqual(county);
  });

  it('keeps the school of SCHOOL staff', async () => {
    const staff: Principal = parsePrincipal({ subject: 's', role: 'SCHOOL', regionCode: '360323101', scopes: [], schoolId: 'school-1' });
    await expect(verifyUserToken(await signUserToken(staff, config), config)).resolves.toEqual(staff);
  });

  it('refuses a token signed with another key', async () => {
    const other = loadAuthConfig({ AUTH_JWT_SECRET: 'x'.repeat(40) });
    const token = await signUserToken(county, other);
    await expect(verifyUserToken(token, config)).rejects.toThrow(TokenError);
  });

  it('refuses an expired token', async () => {
    const token = await signUserToken(county, config, Math.floor(Date.now() / 1000) - 10);
    await expect(verifyUserToken(token, config)).rejects.toThrow('token has expired');
  });

  it('refuses a token with an unknown role', async () => {
    const token = await new SignJWT({ role: 'ADMIN', region: '360323', scopes: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config.AUTH_JWT_ISSUER)
      .setAudience(config.AUTH_JWT_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(config.AUTH_JWT_SECRET));
    await expect(verifyUserToken(token, config)).rejects.toThrow(/claims are invalid.*role/);
  });

  it.each(['36', '3603', '36032', '000000'])('refuses a region scope %s that is not a region code (a prefix is not a scope)', async (region) => {
    const token = await signUserToken({ subject: 'x', role: 'PROVINCE', regionCode: region, scopes: [] }, config);
    await expect(verifyUserToken(token, config)).rejects.toThrow(/claims are invalid.*regionCode/);
  });

  it('refuses garbage', async () => {
    await expect(verifyUserToken('not.a.token', config)).rejects.toThrow(TokenError);
  });
});

describe('internal tokens', () => {
  const body = JSON.stringify({ query: '{ region(code: "360323") { name } }' });
  const binding = { audience: 'households', bodyHash: internalBodyHash(body) };

  it('carry the principal, the request id and the hash of the body they were signed for', async () => {
    const token = await signInternalToken({ principal: county, requestId: 'req-1' }, binding, config);
    const call = await verifyInternalToken(token, 'households', config);
    expect(call).toEqual({ principal: county, requestId: 'req-1', bodyHash: binding.bodyHash });
    expect(() => assertInternalBody(call, Buffer.from(body))).not.toThrow();
    expect(() => assertInternalBody(call, body.replace('360323', '360321'))).toThrow('token was signed for another request body');
  });

  it('are good for the one subgraph they name', async () => {
    const token = await signInternalToken({ principal: county, requestId: 'r' }, binding, config);
    await expect(verifyInternalToken(token, 'schools', config)).rejects.toThrow(/not valid \(ERR_JWT_CLAIM_VALIDATION_FAILED\)/);
  });

  it('live at most INTERNAL_TOKEN_TTL_SECONDS (at most 30)', async () => {
    expect(() => loadAuthConfig({ INTERNAL_TOKEN_TTL_SECONDS: '60' })).toThrow(/INTERNAL_TOKEN_TTL_SECONDS/);
    expect(config.INTERNAL_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(30);
    // Signed by a gateway with a longer lifetime than this subgraph allows: too old by `iat`.
    const old = await new SignJWT({ role: 'COUNTY', region: '360323', scopes: [], rid: 'r', bh: binding.bodyHash })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('epg-gateway')
      .setAudience(internalAudience('households'))
      .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(config.INTERNAL_TOKEN_SECRET));
    await expect(verifyInternalToken(old, 'households', config)).rejects.toThrow('token has expired');
  });

  it("carry the caller's own request id apart from the gateway's", async () => {
    const token = await signInternalToken({ principal: county, requestId: 'req-2', clientRequestId: 'client trace 7' }, binding, config);
    await expect(verifyInternalToken(token, 'households', config)).resolves.toEqual({
      principal: county,
      requestId: 'req-2',
      clientRequestId: 'client trace 7',
      bodyHash: binding.bodyHash,
    });
  });

  it('are not interchangeable with user tokens', async () => {
    const userToken = await signUserToken(county, { ...config, AUTH_JWT_SECRET: config.INTERNAL_TOKEN_SECRET });
    await expect(verifyInternalToken(userToken, 'households', config)).rejects.toThrow(TokenError);
    const internal = await signInternalToken({ principal: county, requestId: 'r' }, binding, { ...config, INTERNAL_TOKEN_SECRET: config.AUTH_JWT_SECRET });
    await expect(verifyUserToken(internal, config)).rejects.toThrow(TokenError);
  });
});

describe('tokens without an expiry', () => {
  it('are refused, whatever else they carry', async () => {
    const forever = await new SignJWT({ role: 'COUNTY', region: '360323', scopes: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config.AUTH_JWT_ISSUER)
      .setAudience(config.AUTH_JWT_AUDIENCE)
      .setIssuedAt()
      .sign(new TextEncoder().encode(config.AUTH_JWT_SECRET));
    await expect(verifyUserToken(forever, config)).rejects.toThrow('token has no expiry (exp)');
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Basic abc', null],
    ['Bearer', null],
    [undefined, null],
  ])('%s → %s', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
