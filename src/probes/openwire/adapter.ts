/**
 * The OpenWire probe adapter: a small OpenWire client that connects the way a JMS client does
 * (ActiveMQConnection): WireFormatInfo, ConnectionInfo with credentials and client id, then, with
 * `watchTempAdvisories` (the JMS default `watchTopicAdvisories=true`), a consumer on
 * `ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic`. A user without read on those topics is refused
 * there, exactly as `connection.start()` throws for a JMS client. Then one session and one anonymous
 * producer.
 *
 * Where it differs from a JMS client: the session's SessionInfo is sent with responseRequired (the JMS
 * client sends it one-way); every send is PERSISTENT and synchronous; the probe's producer is anonymous
 * (`session.createProducer(null)`), so it fires no producer advisories and write is checked per message,
 * not at producer creation.
 */
import { Stopwatch, observation } from '../stomp/observation';
import type {
  ConnectOptions,
  ConnectResult,
  Credentials,
  Evidence,
  ProbeAdapter,
  ProbeTarget,
} from '../types';
import {
  PROBE_PREFETCH,
  anonymousProducerInfo,
  connectionInfo,
  removeInfo,
  sessionInfo,
  tempAdvisoryConsumerInfo,
} from './builders';
import { OpenWireConnection } from './connection';
import { ADVISORY_SESSION, ConnectionIds } from './ids';
import { observeRequest } from './observe';
import { OpenWireProbeSession } from './session';

export interface OpenWireClientOptions {
  /** subscribe to the temp-destination advisories on connect, as a default JMS connection does; default true */
  watchTempAdvisories?: boolean;
  /** prefetch of probe consumers; default PROBE_PREFETCH */
  prefetch?: number;
}

/** How long closing a refused connection may take before the socket is dropped. */
const REFUSED_CLOSE_TIMEOUT_MS = 1_000;
/**
 * The broker sends BrokerInfo at the end of starting the connection. A ConnectionInfo it refuses before
 * then (a wrong password, a client id in use) makes it close the connection without an answer, since
 * the refusal turns the still-starting connection into a stopped one (TransportConnection.start and
 * delayedStop, 5.18 to 6.2). So the probe waits for BrokerInfo first, as far as this bound allows.
 */
const BROKER_INFO_WAIT_MS = 1_000;

export async function connectOpenWire(
  target: ProbeTarget,
  credentials: Credentials,
  options: ConnectOptions,
  client: OpenWireClientOptions = {},
): Promise<ConnectResult> {
  const clock = new Stopwatch();
  const deadline = performance.now() + options.timeoutMs;
  const remainingMs = () => Math.max(1, Math.round(deadline - performance.now()));

  const opened = await OpenWireConnection.open(target, options.timeoutMs);
  const evidence: Evidence[] = opened.evidence.map((text) => clock.evidence('wire', text));
  if (!opened.ok) {
    const source = opened.reason === 'timeout' ? 'timer' : 'client';
    return {
      observation: observation(clock, 'inconclusive', [...evidence, clock.evidence(source, opened.message)], {
        detail: `could not open an OpenWire connection to ${target.endpoint.url}: ${opened.message}`,
      }),
    };
  }
  const connection = opened.connection;
  const brokerName = (await connection.awaitBrokerInfo(Math.min(remainingMs(), BROKER_INFO_WAIT_MS)))
    ?.brokerName;
  if (brokerName) evidence.push(clock.evidence('wire', `BrokerInfo{brokerName=${brokerName}}`));
  const ids = new ConnectionIds();
  const user = credentials.username ?? '(none)';
  const steps = [
    {
      what: `ConnectionInfo user=${user} clientId=${options.clientId}`,
      command: connectionInfo(ids, options.clientId, credentials.username, credentials.password),
    },
    ...(client.watchTempAdvisories === false
      ? []
      : [
          {
            what: 'ConsumerInfo topic://ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic (JMS watchTopicAdvisories)',
            command: tempAdvisoryConsumerInfo(ids.consumerId(ADVISORY_SESSION)),
          },
        ]),
    { what: 'SessionInfo', command: sessionInfo(ids) },
    { what: 'ProducerInfo (anonymous producer)', command: anonymousProducerInfo(ids) },
  ];

  for (const [index, step] of steps.entries()) {
    const stepClock = new Stopwatch();
    const outcome = await connection.request(step.command, remainingMs());
    const result = observeRequest(stepClock, outcome, step.what, options.timeoutMs);
    evidence.push(...result.evidence.map((e) => ({ ...e, atMs: clock.elapsedMs() })));
    if (result.outcome === 'granted') continue;
    // a refusal after the ConnectionInfo was accepted leaves a registered connection: remove it
    if (index > 0 && connection.isOpen()) {
      await connection.request(removeInfo(ids.connectionId), REFUSED_CLOSE_TIMEOUT_MS);
    }
    await connection.close();
    const setupStep = step.command.kind === 'SessionInfo' || step.command.kind === 'ProducerInfo';
    const outcomeOf = result.outcome === 'denied' && !setupStep ? 'denied' : 'inconclusive';
    return {
      observation: observation(clock, outcomeOf, evidence, {
        ...(result.detail !== undefined ? { detail: describeRefusal(result.detail, step.command.kind) } : {}),
        ...(result.clientIdConflict ? { clientIdConflict: true } : {}),
      }),
    };
  }
  return {
    observation: observation(clock, 'granted', evidence),
    session: new OpenWireProbeSession(connection, ids, client.prefetch ?? PROBE_PREFETCH, options.clientId),
  };
}

function describeRefusal(detail: string, stepKind: string): string {
  if (/ActiveMQ\.Advisory\./.test(detail) && stepKind === 'ConsumerInfo') {
    return `${detail} (a JMS client with watchTopicAdvisories=true needs read on the temp-destination advisory topics; connection.start() fails the same way)`;
  }
  if (/ActiveMQ\.Advisory\./.test(detail)) {
    return `${detail} (before 5.19.8 the broker creates advisory topics as the connecting user, so this refusal depends on whether a user with admin on them connected first)`;
  }
  return detail;
}

export const openwireAdapter: ProbeAdapter = {
  protocol: 'openwire',
  connect: (target, credentials, options) =>
    connectOpenWire(target, credentials, options, { watchTempAdvisories: options.client !== 'minimal' }),
};
