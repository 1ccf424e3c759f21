/** MQTT 3.1.1 (mqtt.js 5) over TLS and WSS; every packet the broker sent is kept as evidence. */
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';
import type { Destination } from '../../../src/core/types';
import type { ProbeTarget } from '../../../src/probes/types';
import { tlsServerName } from '../../../src/probes/tls-server-name';
import { activeMqToMqtt } from '../../../src/probes/topic-mapping';
import { StepClock } from '../record';
import {
  ANSWER_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  type Attempt,
  type ConnectOptions,
  type Driver,
  type Login,
  type Outcome,
  type ProduceOptions,
  type Session,
  type Subscribed,
} from './types';

interface SeenPacket {
  packet: Packet;
  at: number;
}

/** The fields of each packet type that carry a decision. */
const PACKET_FIELDS: Record<string, readonly string[]> = {
  connack: ['returnCode', 'sessionPresent'],
  suback: ['messageId', 'granted'],
  puback: ['messageId'],
  pubrec: ['messageId'],
  publish: ['topic', 'qos', 'messageId'],
};

/** One line per packet: its type and the fields that carry a decision. */
export function describePacket(packet: Packet): string {
  const fields: Record<string, unknown> = {};
  for (const key of PACKET_FIELDS[packet.cmd] ?? []) {
    const value = (packet as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) fields[key] = value;
  }
  if (packet.cmd === 'publish') fields.payload = String((packet as { payload?: unknown }).payload ?? '');
  return `${packet.cmd.toUpperCase()} ${JSON.stringify(fields)}`;
}

const CONNACK_TEXT: Record<number, string> = {
  0: 'accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

class PacketLog {
  readonly packets: SeenPacket[] = [];
  closedAt: number | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(client: MqttClient) {
    client.on('packetreceive', (packet: Packet) => {
      this.packets.push({ packet, at: performance.now() });
      this.wake();
    });
    client.on('close', () => {
      this.closedAt ??= performance.now();
      this.wake();
    });
  }

  waitFor(match: (p: Packet) => boolean, timeoutMs: number, from = 0): Promise<SeenPacket | null> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.packets.slice(from).find((s) => match(s.packet));
        if (found || this.closedAt !== undefined) finish(found ?? null);
      };
      const finish = (seen: SeenPacket | null) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(seen);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

export function mqttTopic(destination: Destination): string {
  return activeMqToMqtt(destination.name);
}

export class MqttSession implements Session {
  constructor(
    readonly protocol: 'mqtt' | 'mqtt-wss',
    private readonly client: MqttClient,
    private readonly log: PacketLog,
  ) {}

  isOpen(): boolean {
    return this.log.closedAt === undefined && this.client.connected;
  }

  async produce(destination: Destination, body: string, options: ProduceOptions = {}): Promise<Outcome> {
    return this.publishRaw(mqttTopic(destination), body, options.qos ?? 1);
  }

  /** PUBLISH to a topic name written exactly as given (e.g. one holding a comma). */
  async publishRaw(topic: string, body: string, qos: 0 | 1): Promise<Outcome> {
    const clock = new StepClock();
    const from = this.log.packets.length;
    clock.add('client', `PUBLISH topic=${topic} qos=${qos}`);
    this.client.publish(topic, body, { qos });
    if (qos === 0) {
      const closed = await this.log.waitFor(() => false, 500, from);
      if (closed === null && this.log.closedAt !== undefined) return clock.result('closed');
      return clock.result('silent');
    }
    const ack = await this.log.waitFor((p) => p.cmd === 'puback', ANSWER_TIMEOUT_MS, from);
    if (!ack) {
      clock.add('timer', this.log.closedAt ? 'connection closed' : 'no PUBACK');
      return clock.result(this.log.closedAt ? 'closed' : 'no-answer');
    }
    clock.evidence.push({ source: 'wire', text: describePacket(ack.packet), atMs: clock.at(ack.at) });
    return { ...clock.result('acknowledged', clock.at(ack.at)), signal: 'PUBACK' };
  }

  subscribe(destination: Destination): Promise<Subscribed> {
    return this.subscribeRaw(mqttTopic(destination));
  }

  async subscribeRaw(topic: string): Promise<Subscribed> {
    const clock = new StepClock();
    const from = this.log.packets.length;
    const received: string[] = [];
    this.client.on('message', (t: string, payload: Buffer) => {
      // a filter with wildcards or a comma (a composite) receives under other topic names
      if (t === topic || /[+#,]/.test(topic)) received.push(payload.toString('utf8'));
    });
    clock.add('client', `SUBSCRIBE topic=${topic} qos=1`);
    this.client.subscribe(topic, { qos: 1 }, () => undefined);
    const ack = await this.log.waitFor((p) => p.cmd === 'suback', ANSWER_TIMEOUT_MS, from);
    if (!ack) {
      clock.add('timer', this.log.closedAt ? 'connection closed' : 'no SUBACK');
      return { ...clock.result(this.log.closedAt ? 'closed' : 'no-answer'), received: () => received };
    }
    const granted = (ack.packet as { granted?: Array<number | { qos: number }> }).granted ?? [];
    const codes = granted.map((g) => (typeof g === 'number' ? g : g.qos));
    clock.evidence.push({ source: 'wire', text: describePacket(ack.packet), atMs: clock.at(ack.at) });
    const refused = codes.some((c) => c === 0x80);
    return {
      ...clock.result(refused ? 'refused' : 'accepted', clock.at(ack.at)),
      signal: `SUBACK ${codes.map((c) => `0x${c.toString(16).padStart(2, '0')}`).join(',')}`,
      received: () => received,
    };
  }

  async alive(): Promise<Outcome> {
    const clock = new StepClock();
    const from = this.log.packets.length;
    if (!this.isOpen()) {
      clock.add('client', 'connection already closed');
      return clock.result('closed');
    }
    clock.add('client', 'PINGREQ');
    this.client.sendPing();
    const pong = await this.log.waitFor((p) => p.cmd === 'pingresp', 2_000, from);
    if (!pong) return clock.result(this.log.closedAt ? 'closed' : 'no-answer');
    clock.evidence.push({ source: 'wire', text: 'PINGRESP', atMs: clock.at(pong.at) });
    return clock.result('accepted', clock.at(pong.at));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.client.end(true, () => resolve()), 1_000);
      this.client.end(false, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function options(
  protocol: 'mqtt' | 'mqtt-wss',
  target: ProbeTarget,
  login: Login,
  clientId: string,
  timeoutMs: number,
): IClientOptions {
  const { host, port } = target.endpoint;
  const tls = { ca: target.caPem, rejectUnauthorized: true, servername: tlsServerName(target.endpoint) };
  const common: IClientOptions = {
    host,
    port,
    protocolVersion: 4,
    clientId,
    clean: true,
    reconnectPeriod: 0,
    keepalive: 0,
    connectTimeout: timeoutMs + 1_000,
    username: login.username,
    password: login.password,
    ...tls,
  };
  if (protocol === 'mqtt') return { ...common, protocol: 'mqtts' };
  return { ...common, protocol: 'wss', path: '/', wsOptions: tls };
}

export function mqttDriver(protocol: 'mqtt' | 'mqtt-wss', target: ProbeTarget): Driver {
  return {
    protocol,
    async connect(login: Login, connectOptions: ConnectOptions = {}): Promise<Attempt> {
      const clock = new StepClock();
      const clientId = connectOptions.clientId ?? `obs-${protocol}-${randomBytes(4).toString('hex')}`;
      const timeoutMs = connectOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      clock.add('client', `CONNECT clientId=${clientId} username=${login.username ?? '(none)'}`);
      const client = mqtt.connect(options(protocol, target, login, clientId, timeoutMs));
      client.on('error', (error: Error & { code?: unknown }) =>
        clock.add(
          'client',
          `mqtt.js error: ${error.name}: ${error.message}${error.code === undefined ? '' : ` (code ${String(error.code)})`}`,
        ),
      );
      const log = new PacketLog(client);
      const connack = await log.waitFor((p) => p.cmd === 'connack', timeoutMs);
      if (!connack) {
        clock.add('timer', log.closedAt ? 'closed before CONNACK' : `no CONNACK within ${timeoutMs} ms`);
        client.end(true);
        return clock.result(log.closedAt ? 'closed' : 'no-answer');
      }
      const decidedMs = clock.at(connack.at);
      const code = (connack.packet as { returnCode?: number }).returnCode ?? -1;
      clock.evidence.push({ source: 'wire', text: describePacket(connack.packet), atMs: decidedMs });
      const signal = `CONNACK ${code} (${CONNACK_TEXT[code] ?? 'unknown'})`;
      if (code === 0) {
        return {
          ...clock.result('accepted', decidedMs),
          signal,
          session: new MqttSession(protocol, client, log),
        };
      }
      await log.waitFor(() => false, 3_000);
      clock.add(
        'client',
        log.closedAt ? `connection closed at ${clock.at(log.closedAt)} ms` : 'still open 3 s later',
      );
      client.end(true);
      return { ...clock.result('refused', decidedMs), signal, closedByBroker: log.closedAt !== undefined };
    },
  };
}
