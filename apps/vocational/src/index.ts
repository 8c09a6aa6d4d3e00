export { vocationalSubgraph } from './module';
