import { demoHouseholds, demoVocationalData } from '@epg/demo';
import { startTestGraph, type TestGraph } from '../../support';
import { currentAcademicYear } from '@epg/vocational';

/**
 * Issue 21 (implausible facts, vocational): a 5-year-old enrolled in secondary vocational, given
 * 新型职业农民 training or flagged 两后生, and employment dated before graduation are refused with
 * BAD_USER_INPUT naming the field; nothing is written.
 */
const ENROL = `mutation($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id } }`;
const TRAIN = `mutation($input: SkillsTrainingInput!) { recordSkillsTraining(input: $input) { id } }`;
const FLAG = `mutation($personId: ID!, $year: Int!) { flagNonContinuingGraduate(personId: $personId, year: $year) { personId } }`;
const OUTCOME = `mutation($id: ID!, $since: Date) { recordEmploymentOutcome(enrolmentId: $id, employed: true, employer: "萍乡电瓷厂", since: $since) { id } }`;

const demo = demoVocationalData();
const busy = new Set([...demo.enrolments.map((e) => e.personId), ...demo.nonContinuingGraduates.map((f) => f.personId)]);
const members = demoHouseholds()
  .filter((h) => h.statusHistory.at(-1)!.status !== 'REMOVED')
  .flatMap((h) => h.members.map((m) => ({ ...m, villageCode: h.villageCode })));
/** Aged 4 to 6 on 1 September of the current academic year, with no vocational record. */
const child = members.find((m) => m.birthDate >= `${currentAcademicYear() - 6}-09-02` && m.birthDate <= `${currentAcademicYear() - 4}-08-31` && !busy.has(m.id))!;
const graduate = demo.enrolments.find((e) => e.status === 'GRADUATED' && e.endedOn !== null)!;

type Errors = { extensions?: Record<string, unknown> }[] | undefined;
const issuePath = (errors: Errors) => ({
  code: errors?.[0]?.extensions?.code,
  path: (errors?.[0]?.extensions?.issues as { path: string }[] | undefined)?.[0]?.path,
});

describe('vocational: implausible facts are refused', () => {
  let graph: TestGraph;
  let officer: string;
  let clerk: string;
  const count = async (table: string) => (await graph.services.get('vocational')!.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    expect(child).toBeDefined();
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'] });
    clerk = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('refuses to enrol a young child in secondary vocational', async () => {
    const before = await count('vocational_enrolment');
    for (const token of [officer, clerk]) {
      const r = await graph.graphql(ENROL, { input: { personId: child.id, programId: demo.programs[0]!.id, startYear: currentAcademicYear(), nonContinuingGraduate: false } }, token);
      expect(issuePath(r.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'input.personId' });
    }
    expect(await count('vocational_enrolment')).toBe(before);
  });

  it('refuses 新型职业农民 training for a young child', async () => {
    const before = await count('skills_training');
    for (const token of [officer, clerk]) {
      const r = await graph.graphql(TRAIN, { input: { personId: child.id, kind: 'NEW_PROFESSIONAL_FARMER', hours: 40, completedOn: '2026-10-10' } }, token);
      expect(issuePath(r.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'input.personId' });
    }
    expect(await count('skills_training')).toBe(before);
  });

  it('refuses to flag a young child as 两后生', async () => {
    const before = await count('non_continuing_graduate');
    for (const token of [officer, clerk]) {
      const r = await graph.graphql(FLAG, { personId: child.id, year: currentAcademicYear() }, token);
      expect(issuePath(r.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'personId' });
    }
    expect(await count('non_continuing_graduate')).toBe(before);
  });

  it('refuses employment dated before graduation', async () => {
    const before = (await graph.services.get('vocational')!.dataSource.query(`SELECT employed_since FROM vocational_enrolment WHERE id = $1`, [graduate.id]))[0];
    const early = `${Number(graduate.endedOn!.slice(0, 4)) - 1}${graduate.endedOn!.slice(4)}`;
    const r = await graph.graphql(OUTCOME, { id: graduate.id, since: early }, officer);
    expect(issuePath(r.errors)).toEqual({ code: 'BAD_USER_INPUT', path: 'since' });
    expect((await graph.services.get('vocational')!.dataSource.query(`SELECT employed_since FROM vocational_enrolment WHERE id = $1`, [graduate.id]))[0]).toEqual(before);
    const onTime = await graph.graphql(OUTCOME, { id: graduate.id, since: graduate.endedOn }, officer);
    expect(onTime.errors).toBeUndefined();
  });
});
