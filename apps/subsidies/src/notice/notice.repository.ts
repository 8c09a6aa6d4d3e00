import { isUuid, keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { NoticeEntity, NoticeObjectionEntity } from './notice.entity';

/** The current notice of a school and year inside the scope, or null. */
export function findCurrentNotice(data: ScopedData, schoolId: string, academicYear: number): Promise<NoticeEntity | null> {
  if (!isUuid(schoolId)) return Promise.resolve(null);
  return data
    .repository(NoticeEntity)
    .query('n')
    .andWhere('n.school_id = :schoolId::uuid AND n.academic_year = :academicYear AND n.superseded_by IS NULL', { schoolId, academicYear })
    .getOne();
}

export function findNoticesByIds(data: ScopedData, ids: readonly string[]): Promise<NoticeEntity[]> {
  return data.repository(NoticeEntity).findByIds(ids);
}

/** The notice a notice superseded (its predecessor), by successor id. */
export function findPredecessors(data: ScopedData, ids: readonly string[]): Promise<NoticeEntity[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return Promise.resolve([]);
  return data.repository(NoticeEntity).query('n').andWhere('n.superseded_by = ANY(:ids::uuid[])', { ids: valid }).getMany();
}

export function findObjectionsOf(data: ScopedData, noticeIds: readonly string[]): Promise<NoticeObjectionEntity[]> {
  const valid = noticeIds.filter(isUuid);
  if (valid.length === 0) return Promise.resolve([]);
  return data
    .repository(NoticeObjectionEntity)
    .query('o')
    .andWhere('o.notice_id = ANY(:ids::uuid[])', { ids: valid })
    .orderBy('o.received_on')
    .addOrderBy('o.id')
    .getMany();
}

function noticeFilter(data: ScopedData, academicYear: number | null) {
  const query = data.repository(NoticeEntity).query('n');
  if (academicYear !== null) query.andWhere('n.academic_year = :academicYear', { academicYear });
  return query;
}

/** Keyset order of the notice list: by year, school, publication day, id (exact keys only: no timestamps in cursors). */
const NOTICE_KEYS = [
  { expression: 'n.academic_year', cast: 'int' },
  { expression: 'n.school_id', cast: 'uuid' },
  { expression: 'n.published_on', cast: 'date' },
  { expression: 'n.id', cast: 'uuid' },
];

export function findNoticePage(data: ScopedData, academicYear: number | null, page: PageRequest) {
  return keysetPage(noticeFilter(data, academicYear), page, NOTICE_KEYS);
}

export function countNotices(data: ScopedData, academicYear: number | null) {
  return noticeFilter(data, academicYear).getCount();
}
