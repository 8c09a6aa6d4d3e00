import { GraphQLError } from 'graphql';
import { assertCanWrite, assertRegionInScope, canSeeRegion, requirePrincipal } from './guards';
import { parseRegionCode as rc } from '@epg/domain';
import type { Principal } from './principal';

const p = (role: Principal['role'], regionCode = '360323', scopes: string[] = []): Principal => ({ subject: 's', role, regionCode: rc(regionCode), scopes });

function codeOf(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return (err as GraphQLError).extensions?.code;
  }
  return undefined;
}

describe('region scope', () => {
  it('sees its own subtree only', () => {
    expect(canSeeRegion(p('COUNTY'), rc('360323101'))).toBe(true);
    expect(canSeeRegion(p('COUNTY'), rc('360323'))).toBe(true);
    expect(canSeeRegion(p('COUNTY'), rc('360322'))).toBe(false);
    expect(canSeeRegion(p('COUNTY'), rc('420102'))).toBe(false);
    expect(canSeeRegion(p('PROVINCE', '360000'), rc('360323101001'))).toBe(true);
    expect(canSeeRegion(p('CITY', '360300'), rc('360402'))).toBe(false);
  });

  it('refuses regions outside the scope as FORBIDDEN', () => {
    expect(codeOf(() => assertRegionInScope(p('COUNTY'), rc('420102')))).toBe('FORBIDDEN');
    expect(codeOf(() => assertRegionInScope(p('COUNTY'), rc('360323102')))).toBeUndefined();
  });

  it('requires a principal', () => {
    expect(codeOf(() => requirePrincipal(null))).toBe('UNAUTHENTICATED');
  });
});

describe('writes', () => {
  it('are refused to read-only roles', () => {
    expect(codeOf(() => assertCanWrite(p('AUDITOR')))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanWrite(p('SERVICE')))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanWrite(p('COUNTY')))).toBeUndefined();
  });

  it('need the named scope for integrations', () => {
    expect(codeOf(() => assertCanWrite(p('INTEGRATION'), { integrationScope: 'import:write' }))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanWrite(p('INTEGRATION', '360323', ['import:write']), { integrationScope: 'import:write' }))).toBeUndefined();
    expect(codeOf(() => assertCanWrite(p('INTEGRATION', '360323', ['import:write'])))).toBe('FORBIDDEN');
  });

  it('need an explicit scope whatever the role', () => {
    expect(codeOf(() => assertCanWrite(p('COUNTY'), { scope: 'subsidy:approve' }))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanWrite(p('COUNTY', '360323', ['subsidy:approve']), { scope: 'subsidy:approve' }))).toBeUndefined();
  });
});
