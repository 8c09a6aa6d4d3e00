import { batchHash, canonicalJson } from './import-key';

describe('import key: the batch a key stands for', () => {
  it('writes object keys sorted and drops absent and null fields', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: undefined })).toBe('{"a":[{"c":"x"}],"b":1}');
  });

  it('hashes the same batch alike however its fields were ordered or its nulls spelt', () => {
    const one = [{ registrationNumber: 'R-1', members: [{ name: '甲', idNumber: '1' }], helper: null }];
    const same = [{ members: [{ idNumber: '1', name: '甲' }], registrationNumber: 'R-1' }];
    expect(batchHash(one)).toBe(batchHash(same));
    expect(batchHash(one)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells different batches apart: another value, another order of records, another record count', () => {
    const a = { registrationNumber: 'R-1' };
    const b = { registrationNumber: 'R-2' };
    const hashes = [batchHash([a, b]), batchHash([b, a]), batchHash([a]), batchHash([a, { registrationNumber: 'R-3' }])];
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
