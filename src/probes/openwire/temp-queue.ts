/**
 * `session.createTemporaryQueue()` as the JMS client does it: a synchronous `DestinationInfo` ADD naming the
 * connection and a temporary queue `<connection id>:<n>`. The broker checks admin on temporary destinations
 * (`tempDestinationAuthorizationEntry`) and, before 5.19.8, creates `ActiveMQ.Advisory.TempQueue` as the
 * client when it does not exist yet.
 */
import type { Destination } from '../../core/types';
import { Stopwatch } from '../stomp/observation';
import type { Observation } from '../types';
import { openwireDestination } from './builders';
import { DESTINATION_ADD } from './command-types';
import type { DestinationInfo } from './commands';
import type { OpenWireConnection } from './connection';
import type { ConnectionIds } from './ids';
import { observeRequest } from './observe';

let nextTempQueue = 1;

export async function createTemporaryQueue(
  connection: OpenWireConnection,
  ids: ConnectionIds,
  timeoutMs: number,
): Promise<{ observation: Observation; destination: Destination }> {
  const clock = new Stopwatch();
  const destination: Destination = {
    kind: 'temp-queue',
    name: `${ids.connectionId.value}:${nextTempQueue++}`,
  };
  const info: DestinationInfo = {
    kind: 'DestinationInfo',
    commandId: 0,
    responseRequired: true,
    connectionId: ids.connectionId,
    destination: openwireDestination(destination),
    operationType: DESTINATION_ADD,
    timeout: 0,
    brokerPath: null,
  };
  const what = `DestinationInfo ADD temp-queue://${destination.name} (session.createTemporaryQueue)`;
  const observation = observeRequest(clock, await connection.request(info, timeoutMs), what, timeoutMs);
  return { observation, destination };
}
