export { subsidiesSubgraph } from './module';
