/**
 * MQTT 3.1.1 probes over TLS (`mqtt`) and over secure WebSocket (`mqtt-wss`), with mqtt.js 5.
 *
 * The adapter reports what the wire said: CONNACK and SUBACK return codes decide connects and
 * subscribes; a PUBACK never decides a publish, because ActiveMQ acknowledges unauthorized publishes and
 * drops them (BROKER-FACTS.md), so sends come back inconclusive for the case runner to settle with the
 * observer and the broker log. Every connection gets the caller's fresh client id and never reconnects.
 */
import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';
import type { Protocol } from '../../core/types';
import type { ConnectOptions, ConnectResult, Credentials, ProbeAdapter, ProbeTarget } from '../types';
import type { TLSSocket } from 'node:tls';
import { coalesceWrites, probeTlsOptions, probeWebSocketOptions, rememberTlsSessions } from '../tls-client';
import { EvidenceRecorder } from './evidence-recorder';
import { classifyConnack, formatConnack } from './packets';
import { MqttProbeSession, endClient } from './session';

/** MQTT 3.1.1; ActiveMQ 5.x speaks 3.1 and 3.1.1 only (an MQTT 5 CONNECT is answered by a hang-up). */
export const MQTT_PROTOCOL_VERSION = 4;
/**
 * mqtt.js's own CONNACK timer runs this much longer than the probe's, so the probe's timer always
 * decides and the evidence names the probe's timeout.
 */
export const MQTT_LIBRARY_CONNECT_GRACE_MS = 1_000;
/** Path used on the WebSocket connector; ActiveMQ accepts any. */
export const MQTT_WSS_PATH = '/';

type MqttProtocol = Extract<Protocol, 'mqtt' | 'mqtt-wss'>;

function clientOptions(
  protocol: MqttProtocol,
  target: ProbeTarget,
  credentials: Credentials,
  options: ConnectOptions,
): IClientOptions {
  const { host, port } = target.endpoint;
  const tls = probeTlsOptions(target) as Pick<IClientOptions, 'rejectUnauthorized' | 'servername'>;
  const common: IClientOptions = {
    host,
    port,
    protocolVersion: MQTT_PROTOCOL_VERSION,
    clientId: options.clientId,
    clean: options.cleanSession ?? true,
    reconnectPeriod: 0,
    connectTimeout: options.timeoutMs + MQTT_LIBRARY_CONNECT_GRACE_MS,
    username: credentials.username,
    // The one place the credential is sent to the broker.
    password: credentials.password?.reveal(),
    ...tls,
  };
  if (protocol === 'mqtt') return { ...common, protocol: 'mqtts' };
  // mqtt.js asks for the `mqtt` subprotocol itself; TLS settings go to the ws library.
  return { ...common, protocol: 'wss', path: MQTT_WSS_PATH, wsOptions: probeWebSocketOptions(target) };
}

function describeClientError(error: Error & { code?: unknown }): string {
  const code = error.code === undefined ? '' : ` (code ${String(error.code)})`;
  return `${error.name}: ${error.message}${code}`;
}

function connectWith(
  protocol: MqttProtocol,
  target: ProbeTarget,
  credentials: Credentials,
  options: ConnectOptions,
): Promise<ConnectResult> {
  const recorder = new EvidenceRecorder();
  recorder.add(
    'client',
    `CONNECT ${protocol === 'mqtt' ? 'mqtts' : 'wss'}://${target.endpoint.host}:${target.endpoint.port} ` +
      `clientId=${options.clientId} user=${credentials.username ?? '(none)'} cleanSession=${options.cleanSession ?? true}`,
  );
  const client: MqttClient = mqtt.connect(clientOptions(protocol, target, credentials, options));
  // mqtts: mqtt.js opened its TLS socket synchronously; keep its session for the next connection
  if (protocol === 'mqtt' && client.stream) {
    rememberTlsSessions(client.stream as TLSSocket, target);
    (client.stream as TLSSocket).setNoDelay(true);
    coalesceWrites(client.stream);
  }

  return new Promise((resolve) => {
    let settled = false;
    let connackCode: number | undefined;

    const finish = (result: ConnectResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.off('packetreceive', onPacket);
      resolve(result);
    };
    const refuse = (outcome: ConnectResult['observation']) => {
      finish({ observation: outcome });
      void endClient(client);
    };

    const timer = setTimeout(() => {
      recorder.add('timer', `no CONNACK within ${options.timeoutMs} ms`);
      finish({ observation: recorder.observe('inconclusive', `no CONNACK within ${options.timeoutMs} ms`) });
      // Nothing useful can still be written to a connection that never answered.
      client.end(true);
    }, options.timeoutMs);

    const onPacket = (packet: Packet) => {
      if (packet.cmd !== 'connack') return;
      connackCode = packet.returnCode ?? packet.reasonCode;
      recorder.add('wire', formatConnack({ sessionPresent: packet.sessionPresent, returnCode: connackCode }));
    };
    client.on('packetreceive', onPacket);

    client.once('connect', () => {
      const verdict = classifyConnack(0);
      finish({
        observation: recorder.observe('granted', verdict.detail),
        session: new MqttProbeSession(protocol, client),
      });
    });

    const refusedByConnack = (): boolean => {
      if (connackCode === undefined || connackCode === 0) return false;
      const verdict = classifyConnack(connackCode);
      refuse(
        recorder.observe(verdict.outcome, verdict.detail, { clientIdConflict: verdict.clientIdConflict }),
      );
      return true;
    };

    client.on('error', (error: Error & { code?: unknown }) => {
      if (settled) return;
      recorder.add('client', describeClientError(error));
      if (refusedByConnack()) return;
      // TLS, DNS or socket failures say nothing about the broker's authorization.
      refuse(recorder.observe('inconclusive', `the connection failed before a CONNACK: ${error.message}`));
    });

    client.once('close', () => {
      if (settled) return;
      recorder.add('client', 'connection closed');
      if (refusedByConnack()) return;
      refuse(recorder.observe('inconclusive', 'the connection closed before a CONNACK arrived'));
    });
  });
}

function adapterFor(protocol: MqttProtocol): ProbeAdapter {
  return {
    protocol,
    connect: (target, credentials, options) => connectWith(protocol, target, credentials, options),
  };
}

/** MQTT 3.1.1 over TLS to the broker's `mqtt+ssl` connector. */
export const mqttAdapter: ProbeAdapter = adapterFor('mqtt');

/** MQTT 3.1.1 over secure WebSocket (subprotocol `mqtt`) to the broker's `wss` connector. */
export const mqttWssAdapter: ProbeAdapter = adapterFor('mqtt-wss');
