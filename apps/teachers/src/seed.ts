import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DEMO_HOUSING_TARGET, demoTeachersData, stableUuid } from '@epg/demo';
import { AllowanceRateEntity } from './allowance/allowance-rate.entity';
import {
  ExchangeActivityEntity,
  MentorPairEntity,
  SchoolPairingEntity,
  SupportTeachingQuotaEntity,
  TeacherRotationEntity,
} from './exchange/exchange.entities';
import { HousingAllocationEntity, HousingTargetEntity, HousingUnitEntity } from './housing/housing.entities';
import { SchoolHardshipEntity } from './school/school-hardship.entity';
import { TeacherPostingEntity } from './teacher/posting.entity';
import { TeacherEntity } from './teacher/teacher.entity';
import { TrainingRecordEntity } from './training/training-record.entity';

/** Inserts rows in chunks, skipping those already there (stable ids: seeding twice changes nothing). */
async function insertIgnore<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + 500) as T[])
      .orIgnore()
      .execute();
  }
}

/** 芦溪县's teachers, allowance rates, trainings, exchanges and housing under stable demo ids. */
export async function seedDemoTeachers(dataSource: DataSource): Promise<void> {
  const data = demoTeachersData();
  await dataSource.transaction(async (manager) => {
    const insert = <T extends ObjectLiteral>(entity: EntityTarget<T>, rows: object[]) => insertIgnore(manager, entity, rows);
    await insert(AllowanceRateEntity, [...data.allowanceRates]);
    await insert(
      TeacherEntity,
      data.teachers.map((t) => {
        const current = t.postings[t.postings.length - 1]!;
        return {
          id: t.id,
          name: t.name,
          idNumber: t.idNumber,
          gender: t.gender,
          birthDate: t.birthDate,
          schoolId: current.schoolId,
          regionCode: current.regionCode,
          postType: t.postType,
          rural: current.rural,
          hardshipTier: current.hardshipTier,
          title: t.title,
          subjects: t.subjects,
          startedOn: t.startedOn,
          leftOn: null,
        };
      }),
    );
    await insert(
      TeacherPostingEntity,
      data.teachers.flatMap((t) => t.postings.map((p, i) => ({ id: stableUuid('teacher-posting', `${t.id}:${i}`), teacherId: t.id, ...p }))),
    );
    // Each school's tier, from its latest posting (the tier is the school's).
    const schools = new Map<string, { schoolId: string; regionCode: string; rural: boolean; hardshipTier: number; fromDate: string }>();
    for (const p of data.teachers.flatMap((t) => t.postings)) {
      const known = schools.get(p.schoolId);
      if (!known || p.fromDate > known.fromDate) schools.set(p.schoolId, { schoolId: p.schoolId, regionCode: p.regionCode, rural: p.rural, hardshipTier: p.hardshipTier, fromDate: p.fromDate });
    }
    await insert(SchoolHardshipEntity, [...schools.values()].map(({ fromDate: _f, ...s }) => s));
    await insert(TrainingRecordEntity, data.trainings);
    await insert(TeacherRotationEntity, data.rotations);
    await insert(SupportTeachingQuotaEntity, data.quotas);
    await insert(
      SchoolPairingEntity,
      data.pairings.map(({ activities: _a, ...p }) => p),
    );
    await insert(
      ExchangeActivityEntity,
      data.pairings.flatMap((p) => p.activities.map((a) => ({ ...a, pairingId: p.id }))),
    );
    await insert(MentorPairEntity, data.mentorPairs);
    // Seed 000's plan as the demo county's target (教师公租房 372 套 by the end of 2016).
    await insert(HousingTargetEntity, [{ ...DEMO_HOUSING_TARGET }]);
    await insert(
      HousingUnitEntity,
      data.housingUnits.map(({ allocations: _a, ...u }) => u),
    );
    await insert(
      HousingAllocationEntity,
      data.housingUnits.flatMap((u) => u.allocations.map((a) => ({ ...a, unitId: u.id }))),
    );
  });
}
