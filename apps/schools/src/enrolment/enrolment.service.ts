import { assertCanWrite, regionScopePrefix } from '@epg/auth';
import { badUserInput, conflict, notFound, parseInput, type BaseContext } from '@epg/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '@epg/persistence';
import { writeTransaction } from '../shared/writes';
import { lockSchoolInRegion } from '../school/school.repository';
import type { SchoolEntity } from '../school/school.entity';
import { EnrolmentEntity } from './enrolment.entity';
import { findEnrolledRecord, lockEnrolmentInRegion } from './enrolment.repository';
import { defaultDateIn, enrolmentFitIssues, enrolStudentSchema, transferStudentSchema } from './enrolment.rules';

type Ctx = Pick<BaseContext, 'principal' | 'requestId' | 'dataSource' | 'serviceGraph'>;

const ONE_ENROLLED_INDEX = 'enrolment_one_enrolled_per_year';

const PERSON_IN_SCOPE = /* GraphQL */ `
  query SchoolsPersonInScope($id: ID!) {
    person(id: $id) { id birthDate household { village { code } } }
  }
`;

interface PersonInScope {
  person: { id: string; birthDate: string; household: { village: { code: string } | null } | null } | null;
}

/** Asks the households service (through the gateway) whether the person exists in the caller's region. */
async function assertPersonInScope(ctx: Ctx, personId: string): Promise<void> {
  const data = await ctx.serviceGraph.request<PersonInScope, { id: string }>(PERSON_IN_SCOPE, { id: personId }, ctx.principal.regionCode);
  if (!data.person) {
    throw badUserInput('person not found in your region', [{ path: 'input.personId', message: 'person not found in your region' }]);
  }
}

async function schoolForWrite(manager: EntityManager, ctx: Ctx, schoolId: string, path: string): Promise<SchoolEntity> {
  const school = await lockSchoolInRegion(manager, schoolId, regionScopePrefix(ctx.principal));
  if (!school) throw badUserInput('school not found in your region', [{ path, message: 'school not found in your region' }]);
  return school;
}

function alreadyEnrolled(existing: EnrolmentEntity | null, academicYear: number) {
  return conflict(`the person already has an ENROLLED record in the ${academicYear} academic year; transfer it instead`, {
    field: 'input.personId',
    ...(existing ? { existing: { enrolmentId: existing.id, schoolId: existing.schoolId } } : {}),
  });
}

/** Enrols a person at a school: at most one ENROLLED record per person and academic year. */
export async function enrolStudent(ctx: Ctx, rawInput: unknown): Promise<EnrolmentEntity> {
  const input = parseInput(enrolStudentSchema, rawInput, 'input');
  assertCanWrite(ctx.principal);
  // Asked before the transaction: no row lock is held across the call to another service.
  await assertPersonInScope(ctx, input.personId);
  try {
    return await writeTransaction(ctx, async (manager) => {
      const school = await schoolForWrite(manager, ctx, input.schoolId, 'input.schoolId');
      const issues = enrolmentFitIssues(school.type, input);
      if (issues.length) throw badUserInput(`${issues[0]!.path}: ${issues[0]!.message}`, issues);
      const existing = await findEnrolledRecord(manager, input.personId, input.academicYear);
      if (existing) throw alreadyEnrolled(existing, input.academicYear);
      const enrolment = await manager.getRepository(EnrolmentEntity).save(
        manager.getRepository(EnrolmentEntity).create({
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
          enrolledOn: input.enrolledOn ?? defaultDateIn(input.academicYear),
          endedOn: null,
          transferredToId: null,
        }),
      );
      return {
        result: enrolment,
        audit: { operation: 'enrolStudent', entityType: 'Enrolment', entityId: enrolment.id, after: { ...enrolment } },
      };
    });
  } catch (err) {
    if (isUniqueViolation(err, ONE_ENROLLED_INDEX)) throw alreadyEnrolled(null, input.academicYear);
    throw err;
  }
}

/** Closes an ENROLLED record as TRANSFERRED_OUT and opens the new one, in one transaction. */
export async function transferStudent(ctx: Ctx, rawInput: unknown): Promise<EnrolmentEntity> {
  const input = parseInput(transferStudentSchema, rawInput, 'input');
  return writeTransaction(ctx, async (manager) => {
    const old = await lockEnrolmentInRegion(manager, input.enrolmentId, regionScopePrefix(ctx.principal));
    if (!old) throw notFound('enrolment');
    if (old.status !== 'ENROLLED') {
      throw badUserInput(`only an ENROLLED record can be transferred (this one is ${old.status})`, [
        { path: 'input.enrolmentId', message: `the record is ${old.status}` },
      ]);
    }
    const school = await schoolForWrite(manager, ctx, input.toSchoolId, 'input.toSchoolId');
    if (school.id === old.schoolId) {
      throw badUserInput('the student is already at that school', [{ path: 'input.toSchoolId', message: 'same school' }]);
    }
    const facts = { stage: input.stage ?? old.stage, grade: input.grade ?? old.grade, agricultureMajor: old.agricultureMajor };
    const issues = enrolmentFitIssues(school.type, facts);
    if (issues.length) throw badUserInput(`${issues[0]!.path}: ${issues[0]!.message}`, issues);
    const on = input.on ?? defaultDateIn(old.academicYear);
    if (on < old.enrolledOn) {
      throw badUserInput('a transfer cannot precede the enrolment it closes', [{ path: 'input.on', message: `before ${old.enrolledOn}` }]);
    }
    const before = { ...old };
    const repo = manager.getRepository(EnrolmentEntity);
    await repo.update({ id: old.id }, { status: 'TRANSFERRED_OUT', endedOn: on });
    const opened = await repo.save(
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
    );
    await repo.update({ id: old.id }, { transferredToId: opened.id });
    return {
      result: opened,
      audit: [
        {
          operation: 'transferStudent',
          entityType: 'Enrolment',
          entityId: old.id,
          before,
          after: { ...before, status: 'TRANSFERRED_OUT', endedOn: on, transferredToId: opened.id },
        },
        { operation: 'transferStudent', entityType: 'Enrolment', entityId: opened.id, after: { ...opened } },
      ],
    };
  });
}
