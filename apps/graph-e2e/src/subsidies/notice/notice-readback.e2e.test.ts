import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { DEMO_SCHOOLS, demoHouseholds } from '@epg/demo';
import { maskIdNumber, todayIso } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * 公示 read-back: a school's notice per year with its notice period, objections and their
 * resolution; a second publication supersedes the first (kept, linked); exports carry masked ID
 * numbers only.
 */
const YEAR = 2023;
const TOWNSHIP = '360323101';
const SCHOOL = DEMO_SCHOOLS.find((s) => s.name === '宣风镇中学')!;
const FULL_ID_NUMBERS = demoHouseholds().flatMap((h) => h.members.map((m) => m.idNumber));

const NOTICE_FIELDS = `id schoolId academicYear publishedOn regionCode periodStart periodEnd periodOpen status
  lines { personName idNumberMasked ruleCode amountFen }
  supersededBy { id status } supersedes { id status }
  objections { id summary receivedOn late status resolution resolvedOn }`;
const READ = `query($s: ID!, $y: Int!) { subsidyNotice(schoolId: $s, academicYear: $y) { ${NOTICE_FIELDS} } }`;
const PUBLISH = `mutation($s: ID!, $y: Int!) { publishSubsidyNotice(schoolId: $s, academicYear: $y) { ${NOTICE_FIELDS} } }`;
const LIST = `query($r: String!, $y: Int, $first: Int!, $after: String) {
  subsidyNotices(regionCode: $r, academicYear: $y, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id schoolId status } } } }`;
const OBJECT = `mutation($n: ID!, $s: String!, $d: Date!) { recordNoticeObjection(noticeId: $n, summary: $s, receivedOn: $d) { id noticeId summary receivedOn late status resolution } }`;
const RESOLVE = `mutation($o: ID!, $r: String!) { resolveNoticeObjection(objectionId: $o, resolution: $r) { id status resolution resolvedOn } }`;
const EXPORT = `query($n: ID!, $f: NoticeExportFormat!) { subsidyNoticeExport(noticeId: $n, format: $f) { fileName format mediaType encoding content } }`;

/** The fifth working day (Monday–Friday) counted from `start`, worked out independently of the service. */
function fifthWorkingDay(start: string): string {
  const day = new Date(`${start}T00:00:00Z`);
  let counted = 0;
  for (;;) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) counted += 1;
    if (counted === 5) return day.toISOString().slice(0, 10);
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

describe('public notices (公示): read-back, objections, corrections, exports', () => {
  let graph: TestGraph;
  let officer: string;
  let reader: string;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'pii:read'], subject: 'notice-officer' });
    reader = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: [] });
    await graph.succeed(`mutation { computeEntitlements(regionCode: "${TOWNSHIP}", academicYear: ${YEAR}) { created } }`, {}, officer);
  });
  afterAll(() => graph?.stop());

  let firstId: string;
  let secondId: string;

  it('reads a published notice back with its notice period of five working days', async () => {
    const lines: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE school_id = $1 AND academic_year = $2 AND status = 'COMPUTED' ORDER BY id`, [SCHOOL.id, YEAR]);
    expect(lines.length).toBeGreaterThan(3);
    const half = lines.slice(0, Math.floor(lines.length / 2)).map((l) => l.id);
    await graph.succeed(`mutation($ids: [ID!]!) { approveEntitlements(ids: $ids) { id } }`, { ids: half }, officer);
    expect((await graph.graphql(READ, { s: SCHOOL.id, y: YEAR }, reader)).data).toEqual({ subsidyNotice: null });

    const published = await graph.succeed<{ publishSubsidyNotice: { id: string; lines: unknown[] } }>(PUBLISH, { s: SCHOOL.id, y: YEAR }, officer);
    firstId = published.publishSubsidyNotice.id;
    const read = await graph.graphql<{ subsidyNotice: Record<string, unknown> }>(READ, { s: SCHOOL.id, y: YEAR }, reader);
    expect(read.errors).toBeUndefined();
    const today = todayIso();
    expect(read.data?.subsidyNotice).toMatchObject({
      id: firstId,
      schoolId: SCHOOL.id,
      academicYear: YEAR,
      publishedOn: today,
      regionCode: SCHOOL.regionCode,
      periodStart: today,
      periodEnd: fifthWorkingDay(today),
      periodOpen: true,
      status: 'CURRENT',
      supersededBy: null,
      supersedes: null,
      objections: [],
    });
    expect(read.data?.subsidyNotice.lines).toHaveLength(half.length);
    expect(JSON.stringify(read.data)).not.toMatch(new RegExp(FULL_ID_NUMBERS.slice(0, 500).join('|')));
  });

  it('records an objection within the rules and resolves it once', async () => {
    const today = todayIso();
    const before = await graph.graphql(OBJECT, { n: firstId, s: '村民反映', d: '2020-01-01' }, officer);
    expect(before.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(before.errors?.[0]?.message).toMatch(/receivedOn: .*before the notice was published/);
    const future = await graph.graphql(OBJECT, { n: firstId, s: '村民反映', d: '2099-01-01' }, officer);
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noScope = await graph.graphql(OBJECT, { n: firstId, s: '村民反映', d: today }, reader);
    expect(noScope.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: ['subsidy:approve'] });
    const foreign = await graph.graphql(OBJECT, { n: firstId, s: '村民反映', d: today }, outsider);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await sql(`SELECT id FROM subsidy_notice_objection`)).toEqual([]);

    const someone = FULL_ID_NUMBERS[0]!;
    const recorded = await graph.graphql<{ recordNoticeObjection: { id: string; summary: string } }>(
      OBJECT,
      { n: firstId, s: `村民反映 ${someone} 家庭已脱贫务工收入较高`, d: today },
      officer,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordNoticeObjection).toMatchObject({ noticeId: firstId, receivedOn: today, late: false, status: 'OPEN', resolution: null });
    expect(recorded.data?.recordNoticeObjection.summary).toContain(maskIdNumber(someone));
    expect(recorded.data?.recordNoticeObjection.summary).not.toContain(someone);

    const objectionId = recorded.data!.recordNoticeObjection.id;
    const resolved = await graph.graphql(RESOLVE, { o: objectionId, r: '经核实,该户2023学年仍为建档立卡户,保留' }, officer);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data).toEqual({ resolveNoticeObjection: { id: objectionId, status: 'RESOLVED', resolution: '经核实,该户2023学年仍为建档立卡户,保留', resolvedOn: today } });
    const again = await graph.graphql(RESOLVE, { o: objectionId, r: '再次处理' }, officer);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const read = await graph.graphql<{ subsidyNotice: { objections: unknown[] } }>(READ, { s: SCHOOL.id, y: YEAR }, reader);
    expect(read.data?.subsidyNotice.objections).toEqual([expect.objectContaining({ id: objectionId, status: 'RESOLVED' })]);
    const audit = await sql(`SELECT operation, data_region FROM audit_entry WHERE entity_type = 'NoticeObjection' ORDER BY id`);
    expect(audit).toEqual([
      { operation: 'recordNoticeObjection', data_region: SCHOOL.regionCode },
      { operation: 'resolveNoticeObjection', data_region: SCHOOL.regionCode },
    ]);
  });

  it('supersedes the notice when the school publishes again; the old one stays readable, linked to the new', async () => {
    const unchanged = await graph.graphql(PUBLISH, { s: SCHOOL.id, y: YEAR }, officer);
    expect(unchanged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const rest: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE school_id = $1 AND academic_year = $2 AND status = 'COMPUTED'`, [SCHOOL.id, YEAR]);
    await graph.succeed(`mutation($ids: [ID!]!) { approveEntitlements(ids: $ids) { id } }`, { ids: rest.map((r) => r.id) }, officer);
    const corrected = await graph.succeed<{ publishSubsidyNotice: { id: string; status: string; supersedes: { id: string; status: string }; lines: unknown[] } }>(
      PUBLISH,
      { s: SCHOOL.id, y: YEAR },
      officer,
    );
    secondId = corrected.publishSubsidyNotice.id;
    expect(corrected.publishSubsidyNotice).toMatchObject({ status: 'CURRENT', supersedes: { id: firstId, status: 'SUPERSEDED' } });
    const live: { n: number }[] = await sql(`SELECT count(*)::int AS n FROM entitlement WHERE school_id = $1 AND academic_year = $2 AND status <> 'CANCELLED'`, [SCHOOL.id, YEAR]);
    expect(corrected.publishSubsidyNotice.lines).toHaveLength(live[0]!.n);

    const current = await graph.graphql<{ subsidyNotice: { id: string } }>(READ, { s: SCHOOL.id, y: YEAR }, reader);
    expect(current.data?.subsidyNotice.id).toBe(secondId);
    const list = await graph.graphql<{ subsidyNotices: { totalCount: number; edges: { node: { id: string; status: string } }[] } }>(LIST, { r: TOWNSHIP, y: YEAR, first: 1 }, reader);
    expect(list.errors).toBeUndefined();
    expect(list.data?.subsidyNotices.totalCount).toBe(2);
    const page2 = await graph.graphql<{ subsidyNotices: { edges: { node: { id: string; status: string } }[] } }>(
      LIST,
      { r: TOWNSHIP, y: YEAR, first: 1, after: (list.data as unknown as { subsidyNotices: { pageInfo: { endCursor: string } } }).subsidyNotices.pageInfo.endCursor },
      reader,
    );
    const both = [...list.data!.subsidyNotices.edges, ...page2.data!.subsidyNotices.edges].map((e) => e.node);
    expect(both).toEqual(expect.arrayContaining([{ id: firstId, schoolId: SCHOOL.id, status: 'SUPERSEDED' }, { id: secondId, schoolId: SCHOOL.id, status: 'CURRENT' }]));

    // An objection goes on the current notice, not on the superseded one.
    const late = await graph.graphql(OBJECT, { n: firstId, s: '对旧公示的异议', d: todayIso() }, officer);
    expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const outside = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: [] });
    const foreignList = await graph.graphql(LIST, { r: TOWNSHIP, first: 5 }, outside);
    expect(foreignList.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('exports a notice as CSV and XLSX with masked ID numbers only, read back from both files', async () => {
    const read = await graph.graphql<{ subsidyNotice: { lines: { personName: string; idNumberMasked: string; ruleCode: string; amountFen: number | null }[] } }>(
      READ,
      { s: SCHOOL.id, y: YEAR },
      reader,
    );
    const lines = read.data!.subsidyNotice.lines;
    const expected = lines.map((l, i) => [String(i + 1), l.personName, l.idNumberMasked, l.ruleCode, l.amountFen === null ? '' : (l.amountFen / 100).toFixed(2)]);
    // Names repeat in the demo county: a masked number must be the mask of someone of that name.
    const masksByName = new Map<string, string[]>();
    for (const m of demoHouseholds().flatMap((h) => h.members)) masksByName.set(m.name, [...(masksByName.get(m.name) ?? []), maskIdNumber(m.idNumber)]);

    const csv = await graph.graphql<{ subsidyNoticeExport: { fileName: string; format: string; encoding: string; mediaType: string; content: string } }>(EXPORT, { n: secondId, f: 'CSV' }, reader);
    expect(csv.errors).toBeUndefined();
    expect(csv.data?.subsidyNoticeExport).toMatchObject({ format: 'CSV', encoding: 'UTF8', mediaType: 'text/csv; charset=utf-8', fileName: expect.stringMatching(/\.csv$/) });
    const csvRows: string[][] = parse(csv.data!.subsidyNoticeExport.content);
    expect(csvRows[0]).toEqual(['序号', '姓名', '身份证号（脱敏）', '资助项目', '金额（元）']);
    expect(csvRows.slice(1)).toEqual(expected);

    const xlsx = await graph.graphql<{ subsidyNoticeExport: { format: string; encoding: string; content: string } }>(EXPORT, { n: secondId, f: 'XLSX' }, reader);
    expect(xlsx.errors).toBeUndefined();
    expect(xlsx.data?.subsidyNoticeExport).toMatchObject({ format: 'XLSX', encoding: 'BASE64' });
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.data!.subsidyNoticeExport.content, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('公示')!;
    const cells: string[][] = [];
    sheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(cells[0]).toEqual(['序号', '姓名', '身份证号（脱敏）', '资助项目', '金额（元）']);
    expect(cells.slice(1, 1 + expected.length)).toEqual(expected);

    // No full ID number anywhere in either file; each masked number is the mask of the student's own.
    const everything = [...csvRows.flat(), ...cells.flat()].join('\n');
    for (const idNumber of FULL_ID_NUMBERS) expect(everything.includes(idNumber)).toBe(false);
    for (const [, name, masked] of csvRows.slice(1)) expect(masksByName.get(name!)).toContain(masked);

    // The superseded notice exports too; outsiders get nothing.
    const old = await graph.graphql<{ subsidyNoticeExport: { content: string } }>(EXPORT, { n: firstId, f: 'CSV' }, reader);
    expect(old.data?.subsidyNoticeExport.content.length).toBeGreaterThan(0);
    const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: [] });
    expect((await graph.graphql(EXPORT, { n: secondId, f: 'CSV' }, outsider)).data).toEqual({ subsidyNoticeExport: null });
  });
});
