export { teachersSubgraph } from './module';
