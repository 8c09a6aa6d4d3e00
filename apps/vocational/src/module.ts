import { AuditEntry } from '@epg/persistence';
import { defineSubgraph, loadTypeDefs, mergeResolvers } from '@epg/subgraph-kit';
import { createVocationalContext } from './context';
import { migrations } from './migrations';
import { VocationalProgramEntity } from './program/program.entity';
import { programResolvers } from './program/program.resolvers';

/** The vocational enrolment and skills service: programmes, 两后生, skills training, 1户1人. */
export const vocationalSubgraph = defineSubgraph({
  name: 'vocational',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: mergeResolvers(programResolvers),
  entities: [AuditEntry, VocationalProgramEntity],
  migrations,
  extendContext: createVocationalContext,
});
