import type { DataSource } from 'typeorm';
import { demoHouseholds } from '@epg/demo';
import { insertInChunks } from '@epg/persistence';
import { HouseholdEntity } from './household.entity';
import { HelpMeasureEntity, StatusChangeEntity } from './ledger.entities';
import { PersonEntity } from './person.entity';

/** Loads 芦溪县's demo households when the ledger is empty (ids are stable across services). */
export async function seedDemoHouseholds(dataSource: DataSource): Promise<void> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM household`);
  if (n > 0) return;
  const households = demoHouseholds();
  await dataSource.transaction(async (manager) => {
    await insertInChunks(
      manager,
      HouseholdEntity,
      households.map((h) => {
        const last = h.statusHistory[h.statusHistory.length - 1]!;
        const exits = h.statusHistory.filter((s) => s.status === 'EXITED');
        return {
          id: h.id,
          registrationNumber: h.registrationNumber,
          villageCode: h.villageCode,
          category: h.category,
          povertyCauses: h.povertyCauses,
          annualIncomePerCapitaFen: h.annualIncomePerCapitaFen,
          incomeSources: h.incomeSources,
          identifiedOn: h.identifiedOn,
          status: last.status,
          statusOn: last.on,
          lastExitedOn: exits.length ? exits[exits.length - 1]!.on : null,
          monitoringClass: h.monitoringClass,
          riskFlags: last.status === 'RELAPSED' ? ['因病返贫风险'] : [],
          helperName: h.helper.name,
          helperUnit: h.helper.unit,
          helperPhone: null,
        };
      }),
    );
    await insertInChunks(
      manager,
      StatusChangeEntity,
      households.flatMap((h) => h.statusHistory.map((s) => ({ householdId: h.id, ...s, recordedBy: 'demo-seed' }))),
    );
    await insertInChunks(
      manager,
      PersonEntity,
      households.flatMap((h) =>
        h.members.map((m) => ({
          ...m,
          householdId: h.id,
          villageCode: h.villageCode,
          live: h.statusHistory[h.statusHistory.length - 1]!.status !== 'REMOVED',
          labourSkills: [],
        })),
      ),
    );
    await insertInChunks(
      manager,
      HelpMeasureEntity,
      households
        .filter((_, i) => i % 4 === 0)
        .map((h) => ({ householdId: h.id, measure: '教育资助: 落实子女各学段资助政策', goal: '子女不因贫失学', startedOn: h.identifiedOn })),
    );
  });
}
