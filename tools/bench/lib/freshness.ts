import { makeIdNumber } from '@epg/domain';
import { graphql } from './graph';
import { BENCH_YEAR } from './operations';

/**
 * The freshness cell: a household registered through the graph, then every indicator depending on
 * it read until it shows (polling every `pollMs`): the registry's own `householdStats`, the schools
 * projection (`educationIndicators.compulsoryChildren`) and the vocational projection
 * (`vocationalIndicators.registeredHouseholds`). Seconds from the registration's answer to the
 * first read showing it, per indicator (null: not within `timeoutMs`). With background consumers
 * no read refreshes anything; older code refreshed on read (its figures include that).
 */
export interface FreshnessResult {
  householdStats: number | null;
  educationIndicators: number | null;
  vocationalIndicators: number | null;
  /** The slowest of the three (null when one never showed). */
  all: number | null;
}

const FIGURES = /* GraphQL */ `
  query FreshnessFigures($code: String!, $year: Int!) {
    region(code: $code) {
      householdStats(academicYear: $year) { registered schoolAgeChildren }
      educationIndicators(academicYear: $year) { compulsoryChildren }
      vocationalIndicators(academicYear: $year) { registeredHouseholds }
    }
  }
`;

const REGISTER = /* GraphQL */ `
  mutation FreshnessRegister($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id } }
`;

interface Figures {
  region: {
    householdStats: { registered: number; schoolAgeChildren: number };
    educationIndicators: { compulsoryChildren: number };
    vocationalIndicators: { registeredHouseholds: number };
  };
}

/** A birth date in `year` (January–August, so the age on 1 September is `BENCH_YEAR − year`) picked by `serial`. */
function birthDate(year: number, serial: number): string {
  const day = Math.floor(serial / 499) % 240;
  const month = Math.floor(day / 30) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String((day % 28) + 1).padStart(2, '0')}`;
}

export async function measureFreshness(
  url: string,
  token: string,
  village: string,
  serial: number,
  options: { pollMs?: number; timeoutMs?: number } = {},
): Promise<FreshnessResult> {
  const pollMs = options.pollMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const read = () => graphql<Figures>(url, token, FIGURES, { code: village, year: BENCH_YEAR });
  const before = await read();
  // Aged 9 on 1 September of the bench year: a compulsory-school-age child.
  const county = village.slice(0, 6);
  await graphql(url, token, REGISTER, {
    input: {
      registrationNumber: `F${village}${serial}`,
      villageCode: village,
      category: 'POVERTY_REGISTERED',
      povertyCauses: ['ILLNESS'],
      annualIncomePerCapitaFen: 310000,
      identifiedOn: '2016-03-01',
      members: [
        { name: `新户主${serial % 1000}`, idNumber: makeIdNumber(county, birthDate(1960, serial), 1 + (serial % 499) * 2), relationToHead: 'HEAD' },
        { name: `新子女${serial % 1000}`, idNumber: makeIdNumber(county, birthDate(BENCH_YEAR - 9, serial), (serial % 499) * 2), relationToHead: 'CHILD' },
      ],
    },
  });
  const registered = performance.now();
  const shown: { householdStats: number | null; educationIndicators: number | null; vocationalIndicators: number | null } = {
    householdStats: null,
    educationIndicators: null,
    vocationalIndicators: null,
  };
  while (performance.now() - registered < timeoutMs && Object.values(shown).some((v) => v === null)) {
    const now = await read();
    const at = Math.round(performance.now() - registered) / 1000;
    if (shown.householdStats === null && now.region.householdStats.registered > before.region.householdStats.registered) shown.householdStats = at;
    if (shown.educationIndicators === null && now.region.educationIndicators.compulsoryChildren > before.region.educationIndicators.compulsoryChildren) {
      shown.educationIndicators = at;
    }
    if (shown.vocationalIndicators === null && now.region.vocationalIndicators.registeredHouseholds > before.region.vocationalIndicators.registeredHouseholds) {
      shown.vocationalIndicators = at;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const values = Object.values(shown);
  return { ...shown, all: values.some((v) => v === null) ? null : Math.max(...(values as number[])) };
}
