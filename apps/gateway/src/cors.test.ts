import { DEVELOPMENT_CORS_ORIGINS, originAllowed, parseCorsOrigins } from './cors';

describe('CORS origin allow-list', () => {
  const local = originAllowed(DEVELOPMENT_CORS_ORIGINS);

  it('admits any port of the local origins in development', () => {
    expect(local('http://localhost:5173')).toBe(true);
    expect(local('http://127.0.0.1:3000')).toBe(true);
    expect(local('http://localhost')).toBe(true);
  });

  it('refuses look-alikes of the local origins', () => {
    expect(local('http://localhost.evil.example:5173')).toBe(false);
    expect(local('http://localhost:5173.evil.example')).toBe(false);
    expect(local('https://localhost:5173')).toBe(false);
    expect(local('null')).toBe(false);
  });

  it('matches exact origins exactly', () => {
    const allowed = originAllowed(parseCorsOrigins('https://app.jyfp.example.gov.cn, https://bank.example:8443'));
    expect(allowed('https://app.jyfp.example.gov.cn')).toBe(true);
    expect(allowed('https://bank.example:8443')).toBe(true);
    expect(allowed('https://bank.example')).toBe(false);
    expect(allowed('https://evil.example')).toBe(false);
  });

  it('refuses entries that are not origins', () => {
    expect(() => parseCorsOrigins('*')).toThrow(/not an origin/);
    expect(() => parseCorsOrigins('https://*.example.gov.cn')).toThrow(/not an origin/);
    expect(() => parseCorsOrigins('https://app.example/path')).toThrow(/not an origin/);
  });
});
