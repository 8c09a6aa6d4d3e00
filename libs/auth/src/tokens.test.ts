import { SignJWT } from 'jose';
import { loadAuthConfig } from './config';
import { signInternalToken, signUserToken, TokenError, verifyInternalToken, verifyUserToken, bearerToken } from './tokens';
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
  it('carry the principal and the request id', async () => {
    const token = await signInternalToken({ principal: county, requestId: 'req-1' }, config);
    await expect(verifyInternalToken(token, config)).resolves.toEqual({ principal: county, requestId: 'req-1' });
  });

  it("carry the caller's own request id apart from the gateway's", async () => {
    const token = await signInternalToken({ principal: county, requestId: 'req-2', clientRequestId: 'client trace 7' }, config);
    await expect(verifyInternalToken(token, config)).resolves.toEqual({ principal: county, requestId: 'req-2', clientRequestId: 'client trace 7' });
  });

  it('are not interchangeable with user tokens', async () => {
    const userToken = await signUserToken(county, { ...config, AUTH_JWT_SECRET: config.INTERNAL_TOKEN_SECRET });
    await expect(verifyInternalToken(userToken, config)).rejects.toThrow(TokenError);
    const internal = await signInternalToken({ principal: county, requestId: 'r' }, { ...config, INTERNAL_TOKEN_SECRET: config.AUTH_JWT_SECRET });
    await expect(verifyUserToken(internal, config)).rejects.toThrow(TokenError);
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
