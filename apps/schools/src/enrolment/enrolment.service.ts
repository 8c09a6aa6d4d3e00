import { withinAcademicYear } from '@epg/domain';
import { isUniqueViolation, type ScopedData } from '@epg/persistence';
import { badFields, badUserInput, conflict, notFound, openWrite, parseInput, write, type BaseContext, type WriteOptions } from '@epg/subgraph-kit';
import { lockSchool } from '../school/school.repository';
import type { SchoolEntity } from '../school/school.entity';
import { EnrolmentEntity } from './enrolment.entity';
import { findEnrolledRecord, lockEnrolment } from './enrolment.repository';
import { defaultDateIn, enrolmentAgeIssues, enrolmentFitIssues, enrolStudentSchema, transferStudentSchema } from './enrolment.rules';

const ONE_ENROLLED_INDEX = 'enrolment_one_enrolled_per_year';

const PERSON_IN_SCOPE = /* GraphQL */ `
  query SchoolsPersonInScope($id: ID!) {
    person(id: $id) { id birthDate household { village { code } } }
  }
`;

interface PersonInScope {
  person: { id: string; birthDate: string | null; household: { village: { code: string } | null } | null } | null;
}

/**
 * Asks the households service (through the gateway) whether the person exists in the caller's
 * region; answers their birth date (a service credential reads it) for the plausibility checks.
 */
async function assertPersonInScope(ctx: BaseContext, personId: string): Promise<{ birthDate: string | null }> {
  const data = await ctx.serviceGraph.request<PersonInScope, { id: string }>(PERSON_IN_SCOPE, { id: personId }, ctx.principal.regionCode);
  if (!data.person) {
    throw badUserInput('person not found in your region', [{ path: 'input.personId', message: 'person not found in your region' }]);
  }
  return { birthDate: data.person.birthDate };
}

/** A school inside the scope, locked (`data` in the transaction); BAD_USER_INPUT at `path` otherwise. */
async function schoolForWrite(data: ScopedData, schoolId: string, path: string): Promise<SchoolEntity> {
  const school = await lockSchool(data, schoolId);
  if (!school) throw badUserInput('school not found in your region', [{ path, message: 'school not found in your region' }]);
  return school;
}

/**
 * The person already holds the year's ENROLLED record. Named (record and school) when it lies
 * inside the caller's scope; otherwise the answer says nothing about it — no id, school or
 * region — so the register-wide check is no oracle for other regions' pupils.
 */
function alreadyEnrolled(data: ScopedData, existing: EnrolmentEntity | null, academicYear: number) {
  if (existing && data.scope.contains(existing.regionCode)) {
    return conflict(`the person already has an ENROLLED record in the ${academicYear} academic year; transfer it instead`, {
      field: 'input.personId',
      existing: { enrolmentId: existing.id, schoolId: existing.schoolId },
    });
  }
  return enrolledElsewhere(academicYear, 'input.personId');
}

/** An ENROLLED record of the year that the caller may not know of (outside its scope, or unknown). */
function enrolledElsewhere(academicYear: number, field: string) {
  return conflict(
    `the person is enrolled in the ${academicYear} academic year at a school outside your region (or was just enrolled elsewhere); the county of that school must transfer them`,
    { field },
  );
}

const ENROL_STUDENT: WriteOptions = { operation: 'enrolStudent' };

/** Enrols a person at a school: at most one ENROLLED record per person and academic year. */
export async function enrolStudent(ctx: BaseContext, rawInput: unknown): Promise<EnrolmentEntity> {
  const input = parseInput(enrolStudentSchema, rawInput, 'input');
  // The envelope's rights are checked when it opens; the person is asked about before its
  // transaction, so no connection or row lock is held across the call to another service.
  const enrol = openWrite(ctx, ENROL_STUDENT);
  const person = await assertPersonInScope(ctx, input.personId);
  const enrolledOn = input.enrolledOn ?? defaultDateIn(input.academicYear);
  const ageIssues = person.birthDate ? enrolmentAgeIssues(person.birthDate, { ...input, enrolledOn }) : [];
  return enrol.run(async (tx) => {
    const school = await schoolForWrite(tx.data, input.schoolId, 'input.schoolId');
    const issues = enrolmentFitIssues(school.type, input);
    if (issues.length) throw badFields(issues);
    const existing = await findEnrolledRecord(tx.manager, input.personId, input.academicYear);
    if (existing) throw alreadyEnrolled(tx.data, existing, input.academicYear);
    // The pupil's age against the stage and grade (and the date against the birth), once the
    // school is known to teach them and no record of the year stands in the way.
    if (ageIssues.length) throw badFields(ageIssues);
    const repo = tx.manager.getRepository(EnrolmentEntity);
    const enrolment = await repo
      .save(
        repo.create({
          personId: input.personId,
          schoolId: school.id,
          regionCode: school.regionCode,
          academicYear: input.academicYear,
          stage: input.stage,
          grade: input.grade,
          boarding: input.boarding,
          specialEducation: input.specialEducation ?? false,
          agricultureMajor: input.agricultureMajor ?? false,
          status: 'ENROLLED',
          enrolledOn,
          endedOn: null,
          transferredToId: null,
        }),
      )
      // A concurrent enrolment of the same person and year (the envelope's `onUniqueViolation`
      // would answer any unique violation, without the field; this one is mapped here).
      .catch((err: unknown) => {
        throw isUniqueViolation(err, ONE_ENROLLED_INDEX) ? alreadyEnrolled(tx.data, null, input.academicYear) : err;
      });
    tx.audit({ operation: 'enrolStudent', regionCode: enrolment.regionCode, entityType: 'Enrolment', entityId: enrolment.id, after: { ...enrolment } });
    return enrolment;
  });
}

/** Closes an ENROLLED record as TRANSFERRED_OUT and opens the new one, in one transaction. */
export async function transferStudent(ctx: BaseContext, rawInput: unknown): Promise<EnrolmentEntity> {
  const input = parseInput(transferStudentSchema, rawInput, 'input');
  return write(ctx, { operation: 'transferStudent' }, async (tx) => {
    const old = await lockEnrolment(tx.data, input.enrolmentId);
    if (!old) throw notFound('enrolment');
    if (old.status !== 'ENROLLED') {
      throw badUserInput(`only an ENROLLED record can be transferred (this one is ${old.status})`, [
        { path: 'input.enrolmentId', message: `the record is ${old.status}` },
      ]);
    }
    const school = await schoolForWrite(tx.data, input.toSchoolId, 'input.toSchoolId');
    if (school.id === old.schoolId) {
      throw badUserInput('the student is already at that school', [{ path: 'input.toSchoolId', message: 'same school' }]);
    }
    const facts = { stage: input.stage ?? old.stage, grade: input.grade ?? old.grade, agricultureMajor: old.agricultureMajor };
    const issues = enrolmentFitIssues(school.type, facts);
    if (issues.length) throw badFields(issues);
    const on = input.on ?? defaultDateIn(old.academicYear);
    if (on < old.enrolledOn) {
      throw badUserInput('a transfer cannot precede the enrolment it closes', [{ path: 'input.on', message: `before ${old.enrolledOn}` }]);
    }
    const outside = withinAcademicYear(on, old.academicYear);
    if (outside) throw badUserInput(`input.on: ${outside}`, [{ path: 'input.on', message: outside }]);
    const before = { ...old };
    const repo = tx.manager.getRepository(EnrolmentEntity);
    await repo.update({ id: old.id }, { status: 'TRANSFERRED_OUT', endedOn: on });
    const opened = await repo
      .save(
        repo.create({
          personId: old.personId,
          schoolId: school.id,
          regionCode: school.regionCode,
          academicYear: old.academicYear,
          stage: facts.stage,
          grade: facts.grade,
          boarding: input.boarding,
          specialEducation: old.specialEducation,
          agricultureMajor: old.agricultureMajor,
          status: 'ENROLLED',
          enrolledOn: on,
          endedOn: null,
          transferredToId: null,
        }),
      )
      // Another request enrolled the person for the year between this transfer's reads and its
      // insert (the unique index): CONFLICT, naming nothing (that record may lie in another region).
      .catch((err: unknown) => {
        throw isUniqueViolation(err, ONE_ENROLLED_INDEX) ? enrolledElsewhere(old.academicYear, 'input.enrolmentId') : err;
      });
    await repo.update({ id: old.id }, { transferredToId: opened.id });
    tx.audit([
      {
        operation: 'transferStudent',
        regionCode: old.regionCode,
        entityType: 'Enrolment',
        entityId: old.id,
        before,
        after: { ...before, status: 'TRANSFERRED_OUT', endedOn: on, transferredToId: opened.id },
      },
      { operation: 'transferStudent', regionCode: opened.regionCode, entityType: 'Enrolment', entityId: opened.id, after: { ...opened } },
    ]);
    return opened;
  });
}
