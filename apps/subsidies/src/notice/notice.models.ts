import type { Connection } from '@epg/subgraph-kit';
import type { NoticeEntity } from './notice.entity';

export type NoticeConnectionModel = Connection<NoticeEntity>;
