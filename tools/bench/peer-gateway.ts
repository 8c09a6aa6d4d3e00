export { peerGateway } from './peer/peer-gateway';
