export { householdsSubgraph } from './module';
