import type { RegionCode } from '@epg/domain';
import type { StudentFacts } from '../facts/student-profile';
import { profileOf } from '../facts/student-profile';
import type { EntitlementProfile } from '../policy/profile';
import { evaluatePolicySet, type EntitlementLine } from '../policy/engine';
import type { PolicySetEntity } from '../policy/policy-set.entity';
import { governingSetOf } from '../policy/policy-set.repository';

type GoverningSet = PolicySetEntity;

/** A line the engine says is due (应助): one student, one rule, one year. */
export interface DueLine extends EntitlementLine {
  personId: string;
  enrolmentId: string;
  schoolId: string;
  regionCode: RegionCode;
  set: GoverningSet;
  profile: EntitlementProfile;
}

/**
 * Turns a region's students, read in person order (a person may have several enrolments, e.g.
 * a graduation and a new school in one year), into their due lines: each student's school region
 * picks the governing set, the engine evaluates the profile, and a person gets each rule once —
 * from their first enrolment that earns it. Holds only the current person, so it works batch by
 * batch; evaluating the same rows twice gives the same lines (the second pass relies on it).
 */
export class DueLineEvaluator {
  students = 0;
  private person: string | null = null;
  private rulesOfPerson = new Set<string>();

  constructor(
    private readonly sets: readonly GoverningSet[],
    private readonly academicYear: number,
  ) {}

  linesOf(student: StudentFacts): DueLine[] {
    if (student.personId !== this.person) {
      this.person = student.personId;
      this.rulesOfPerson = new Set();
      this.students += 1;
    }
    const set = governingSetOf(this.sets, student.schoolRegionCode);
    if (!set) return [];
    const profile = profileOf(student, this.academicYear);
    const due: DueLine[] = [];
    for (const line of evaluatePolicySet(set, this.academicYear, profile)) {
      if (this.rulesOfPerson.has(line.ruleCode)) continue;
      this.rulesOfPerson.add(line.ruleCode);
      due.push({
        ruleCode: line.ruleCode,
        kind: line.kind,
        beneficiary: line.beneficiary,
        amountFen: line.amountFen,
        funding: line.funding,
        explanation: line.explanation,
        personId: student.personId,
        enrolmentId: student.enrolmentId,
        schoolId: student.schoolId,
        regionCode: student.schoolRegionCode,
        set,
        profile,
      });
    }
    return due;
  }
}
