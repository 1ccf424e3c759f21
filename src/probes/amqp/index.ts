export { amqpAdapter } from './adapter';
export { destinationToAddress, addressToDestination } from './address';
export { LINK_SETTLE_MS, CLOSE_TIMEOUT_MS, LINK_CLOSE_TIMEOUT_MS } from './constants';
