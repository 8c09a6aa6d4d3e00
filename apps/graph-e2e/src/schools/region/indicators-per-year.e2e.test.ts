import { makeIdNumber } from '@epg/domain';
import { DropoutCaseEntity } from '@epg/schools';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 20 item 7 (indicators go stale): indicators are per year, fresh within a stated window
 * without any reader refreshing a projection, and say as of when (`asOf`).
 */
const COUNTY = '360323';
const VILLAGE = '360323103201';
const YEAR = 2026;

const EDUCATION = /* GraphQL */ `
  query Education($code: String!, $year: Int!) {
    region(code: $code) { educationIndicators(academicYear: $year) { academicYear compulsoryChildren openDropoutCases asOf } }
  }
`;
const DASHBOARD_FIGURES = /* GraphQL */ `
  query Figures($code: String!, $year: Int!) {
    region(code: $code) {
      householdStats(academicYear: $year) { registered schoolAgeChildren academicYear }
      educationIndicators(academicYear: $year) { compulsoryChildren asOf }
      vocationalIndicators(academicYear: $year) { registeredHouseholds asOf }
    }
  }
`;
const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id } }
`;

interface Figures {
  region: {
    householdStats: { registered: number; schoolAgeChildren: number; academicYear: number };
    educationIndicators: { compulsoryChildren: number; asOf: string | null };
    vocationalIndicators: { registeredHouseholds: number; asOf: string | null };
  };
}

describe('education indicators per year, fresh without readers refreshing, and as of when', () => {
  let graph: TestGraph;
  let county: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it("counts only the year's open dropout cases", async () => {
    const person = (n: number) => `00000000-0000-4000-8000-${String(900000 + n).padStart(12, '0')}`;
    await graph.services
      .get('schools')!
      .dataSource.getRepository(DropoutCaseEntity)
      .insert([
        { personId: person(1), regionCode: VILLAGE, academicYear: 2023, status: 'OPEN', openedOn: '2023-09-20', closedOn: null, closeReason: null },
        { personId: person(2), regionCode: VILLAGE, academicYear: 2022, status: 'CONFIRMED', openedOn: '2022-09-20', closedOn: null, closeReason: null },
        { personId: person(3), regionCode: VILLAGE, academicYear: 2023, status: 'CLOSED', openedOn: '2023-09-20', closedOn: '2023-12-01', closeReason: '返校', closedAs: 'RETURNED_TO_SCHOOL' },
      ] as DropoutCaseEntity[]);
    const open = async (year: number) =>
      (await graph.succeed<{ region: { educationIndicators: { openDropoutCases: number; academicYear: number } } }>(EDUCATION, { code: VILLAGE, year }, county)).region
        .educationIndicators;
    expect(await open(2023)).toMatchObject({ academicYear: 2023, openDropoutCases: 1 });
    expect(await open(2022)).toMatchObject({ academicYear: 2022, openDropoutCases: 1 });
    expect(await open(2021)).toMatchObject({ academicYear: 2021, openDropoutCases: 0 });
  });

  it('shows a household registered in every dependent figure once the consumers caught up, no read refreshing, as of a time after it', async () => {
    const figures = () => graph.succeed<Figures>(DASHBOARD_FIGURES, { code: VILLAGE, year: YEAR }, county);
    await graph.projectionsCaughtUp();
    const before = await figures();
    expect(before.region.householdStats.academicYear).toBe(YEAR);

    // A read sets off no refresh: the requests' statements of schools and vocational touch no cursor.
    const requestSql = ['schools', 'vocational'].map((name) => graph.services.get(name)!.sql);
    for (const sql of requestSql) sql.reset();
    await figures();
    for (const sql of requestSql) expect(sql.statements.filter((s) => /projection_state/.test(s) && !/^\s*SELECT/i.test(s))).toEqual([]);

    const registeredAt = Date.now();
    await graph.succeed(
      REGISTER,
      {
        input: {
          registrationNumber: `T${VILLAGE}Y7`,
          villageCode: VILLAGE,
          category: 'POVERTY_REGISTERED',
          povertyCauses: ['ILLNESS'],
          annualIncomePerCapitaFen: 310000,
          identifiedOn: '2016-03-01',
          members: [
            { name: '户主七', idNumber: makeIdNumber('360323', '1980-01-15', 771), relationToHead: 'HEAD' },
            // Aged 8 on 1 September 2026: of compulsory-school age that year.
            { name: '子女七', idNumber: makeIdNumber('360323', '2018-02-20', 772), relationToHead: 'CHILD' },
          ],
        },
      },
      county,
    );
    await graph.projectionsCaughtUp();
    const after = await figures();
    expect(after.region.householdStats.registered).toBe(before.region.householdStats.registered + 1);
    expect(after.region.householdStats.schoolAgeChildren).toBe(before.region.householdStats.schoolAgeChildren + 1);
    expect(after.region.educationIndicators.compulsoryChildren).toBe(before.region.educationIndicators.compulsoryChildren + 1);
    expect(after.region.vocationalIndicators.registeredHouseholds).toBe(before.region.vocationalIndicators.registeredHouseholds + 1);
    for (const asOf of [after.region.educationIndicators.asOf, after.region.vocationalIndicators.asOf]) {
      expect(asOf).not.toBeNull();
      expect(Date.parse(asOf!)).toBeGreaterThanOrEqual(registeredAt - 1000);
    }
  });
});
