/** Every scenario group, in the order a run goes through them (each on its own fresh broker). */
import type { ScenarioGroup } from '../context';
import { advisoryConnectGroup, advisoryDestinationGroup, advisoryProducerConsumerGroup } from './advisories';
import { anonymousGroups } from './anonymous';
import { authenticationGroup, identityGroup } from './authentication';
import { compositeGroup } from './composite';
import { operationsGroup } from './operations';
import { tempGroups } from './temp';

export const SCENARIO_GROUPS: readonly ScenarioGroup[] = [
  identityGroup,
  authenticationGroup,
  operationsGroup,
  advisoryConnectGroup,
  advisoryProducerConsumerGroup,
  advisoryDestinationGroup,
  compositeGroup,
  ...anonymousGroups,
  ...tempGroups,
];
