export { startAmqpStandin, type AmqpStandin } from './server';
export {
  type AmqpStandinConfig,
  type StandinAcl,
  type StandinOperation,
  type StandinPrincipal,
  type StandinUser,
  CONNECTION_ADVISORY_TOPIC,
  DEFAULT_BROKER_NAME,
  notAuthorizedText,
  clientIdConflictText,
} from './config';
