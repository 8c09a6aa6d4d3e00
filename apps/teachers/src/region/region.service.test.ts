import { parseRegionCode } from '@epg/domain';
import { parsePrincipal } from '@epg/auth';
import { createBaseContext, type BaseContext } from '@epg/subgraph-kit';
import { teacherTrainingCoverage } from '../training/training.service';
import { teacherStats } from './region.service';

/** A caller of 江岸区 (Hubei); any SQL would fail on the missing data source. */
const outsider: BaseContext = createBaseContext({
  principal: parsePrincipal({ subject: 'x', role: 'COUNTY', regionCode: '420102', scopes: [] }),
  requestId: 'test',
  logger: undefined as never,
  dataSource: { manager: undefined } as never,
  serviceGraph: undefined as never,
});

describe('region indicators outside the caller’s scope', () => {
  it('are null without touching the database', async () => {
    await expect(teacherStats(outsider, parseRegionCode('360323'), '2020-01')).resolves.toBeNull();
    await expect(teacherTrainingCoverage(outsider, parseRegionCode('360323201'), 2016)).resolves.toBeNull();
  });

  it('still validate their arguments', async () => {
    await expect(teacherStats(outsider, parseRegionCode('360323'), '2020-13')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(teacherTrainingCoverage(outsider, parseRegionCode('360323'), 1999)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
