export { schoolsSubgraph } from './module';
