import { z } from 'zod';
import { withinSchoolScope } from '@epg/auth';
import { academicYearOf, plausibleDateSchema } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { parseInput, type BaseContext } from '@epg/subgraph-kit';
import { profileOf, type StudentFacts, STUDENT_FACT_COLUMNS } from '../facts/student-profile';
import { evaluatePolicySet, totalsOf, type EntitlementLine } from './engine';
import type { EntitlementProfile } from './profile';
import type { PolicySetEntity } from './policy-set.entity';
import { findVersionsAround } from './policy-history.repository';
import { governingVersionOn } from './policy-versions';

export interface EntitlementsAsOfView {
  personId: string;
  date: string;
  academicYear: number;
  schoolId: string;
  policySet: PolicySetEntity | null;
  facts: EntitlementProfile;
  lines: EntitlementLine[];
  toStudentFen: number;
  toSchoolFen: number;
}

const asOfSchema = z.object({ personId: z.string(), date: plausibleDateSchema() });

/**
 * What was due for a student on a past date (追溯): the academic year the date falls in, the
 * student's enrolment that year (inside the caller's scope; SCHOOL staff: their school), the
 * version of the governing set in force that day (policy-versions.ts), and the lines the engine
 * gives that year's profile. The facts are the projected ones for that year — the enrolment of
 * that year and the household's dated status in it (never its status today); a fact corrected
 * later reads as corrected, since facts are not versioned. Nothing is written.
 */
export async function entitlementsAsOf(ctx: BaseContext, rawArgs: unknown): Promise<EntitlementsAsOfView | null> {
  const { personId, date } = parseInput(asOfSchema, rawArgs, 'arguments');
  if (!isUuid(personId)) return null;
  const academicYear = academicYearOf(date);
  const students = await ctx.data.query<StudentFacts>(
    (region) =>
      `SELECT ${STUDENT_FACT_COLUMNS}
         FROM enrolment_fact e LEFT JOIN person_fact p ON p.person_id = e.person_id
        WHERE e.person_id = $2 AND e.academic_year = $3 AND e.status IN ('ENROLLED', 'GRADUATED') AND ${region('e.school_region_code')}
        ORDER BY e.status, e.enrolment_id`,
    [personId, academicYear],
  );
  const student = students.find((s) => withinSchoolScope(ctx.principal, s.schoolId));
  if (!student) return null;
  const facts = profileOf(student, academicYear);
  const set = governingVersionOn(await findVersionsAround(ctx.dataSource, student.schoolRegionCode), date, academicYear);
  const lines = set ? evaluatePolicySet(set, academicYear, facts) : [];
  return { personId, date, academicYear, schoolId: student.schoolId, policySet: set, facts, lines, ...totalsOf(lines) };
}
