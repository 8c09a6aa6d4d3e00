import { startTestGraph, type TestGraph } from '@epg/testing';
import { PolicySetEntity } from './policy-set.entity';

const POLICY_SET = /* GraphQL */ `
  query PolicySet($regionCode: String!, $academicYear: Int!) {
    subsidyPolicySet(regionCode: $regionCode, academicYear: $academicYear) { name regionCode fromYear toYear }
  }
`;

describe('subsidies service skeleton: policy-set resolution', () => {
  let graph: TestGraph;
  let token: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ role: 'PROVINCE', regionCode: '360000' });
    await graph.services
      .get('subsidies')!
      .dataSource.getRepository(PolicySetEntity)
      .save([
        { name: 'province', regionCode: '360000', regionPrefix: '36', fromYear: 2016, toYear: null, exitedKeepBenefits: true },
        { name: 'county', regionCode: '360323', regionPrefix: '360323', fromYear: 2023, toYear: 2025, exitedKeepBenefits: true },
      ] as PolicySetEntity[]);
  });
  afterAll(() => graph?.stop());

  it.each([
    ['360323101201', 2023, 'county'],
    ['360323', 2025, 'county'],
    ['360323', 2026, 'province'],
    ['360323', 2022, 'province'],
    ['360102', 2023, 'province'],
  ])('%s in %i is governed by the %s set', async (regionCode, academicYear, expected) => {
    const result = await graph.graphql(POLICY_SET, { regionCode, academicYear }, token);
    expect(result.errors).toBeUndefined();
    expect((result.data as { subsidyPolicySet: { name: string } }).subsidyPolicySet.name).toBe(expected);
  });

  it('answers null when no set covers the year', async () => {
    const result = await graph.graphql(POLICY_SET, { regionCode: '360323', academicYear: 2015 }, token);
    expect(result.data).toEqual({ subsidyPolicySet: null });
  });

  it('refuses a region outside the caller scope and a malformed code', async () => {
    const hubei = await graph.graphql(POLICY_SET, { regionCode: '420102', academicYear: 2023 }, token);
    expect(hubei.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await graph.graphql(POLICY_SET, { regionCode: '36x', academicYear: 2023 }, token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.issues).toEqual([{ path: 'regionCode', message: expect.any(String) }]);
  });
});
