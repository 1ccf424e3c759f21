/**
 * What a scenario group works with: its broker, a driver per protocol, an admin who can watch and send,
 * and `step()`, which runs one operation and turns it into a record with the broker's log lines.
 */
import type { RunningBroker } from '../../src/broker/types';
import type { Destination } from '../../src/core/types';
import { passwordOf, type BrokerSetup } from './brokers';
import {
  driverFor,
  type Attempt,
  type Driver,
  type Login,
  type Outcome,
  type ProtocolName,
  type Session,
} from './drivers';
import { StompSession } from './drivers/stomp';
import { clip, sleep, type ConnectionAfter, type Evidence, type ObservationRecord } from './record';

export interface StepSpec {
  scenario: string;
  protocol: ProtocolName | 'n/a';
  user: string;
  action: string;
  /** override the group's item */
  item?: number;
  note?: string;
}

export interface ScenarioGroup {
  id: string;
  /** the brief's item this group answers first */
  item: number;
  setup: BrokerSetup['name'];
  title: string;
  run(ctx: GroupContext): Promise<void>;
}

/** Log lines worth keeping: the broker's warnings and errors, without the web server's start-up noise. */
function interesting(line: string): boolean {
  return /\| (WARN|ERROR) /.test(line) && !/uncovered http methods/.test(line);
}

export function login(user: string): Login {
  return { username: user, password: passwordOf(user) };
}

export class GroupContext {
  readonly records: ObservationRecord[] = [];
  private adminSession: StompSession | undefined;
  /** one admin subscription per destination: on a queue, a second one would take every other message */
  private readonly watches = new Map<string, () => string[]>();
  private readonly open = new Set<Session>();

  constructor(
    readonly group: ScenarioGroup,
    readonly broker: RunningBroker,
    readonly brokerVersion: string,
  ) {}

  driver(protocol: ProtocolName): Driver {
    return driverFor(this.broker, protocol);
  }

  /** Connects and remembers the session, so that the group closes whatever a scenario left open. */
  async connect(
    protocol: ProtocolName,
    who: Login,
    options: Parameters<Driver['connect']>[1] = {},
  ): Promise<Attempt> {
    const attempt = await this.driver(protocol).connect(who, options);
    if (attempt.session) this.open.add(attempt.session);
    return attempt;
  }

  /**
   * Runs one operation and records it. `alive`, when given, is asked afterwards whether the connection still
   * answers a request that needs no permission.
   */
  async step(
    spec: StepSpec,
    operation: () => Promise<Outcome>,
    alive?: () => Session | undefined,
  ): Promise<Outcome> {
    const mark = this.broker.log.mark();
    const startedAt = new Date().toISOString();
    const outcome = await operation();
    let connectionAfter: ConnectionAfter = 'not-checked';
    const evidence: Evidence[] = [...outcome.evidence].sort((a, b) => a.atMs - b.atMs);
    const session = alive?.();
    if (outcome.closedByBroker !== undefined) {
      connectionAfter = outcome.closedByBroker ? 'closed' : 'open';
    } else if (alive) {
      if (session) {
        const check = await session.alive();
        connectionAfter = check.outcome === 'accepted' ? 'open' : 'closed';
        evidence.push({
          source: 'note',
          text: `afterwards: ${check.evidence.map((e) => e.text).join(' -> ')} => ${connectionAfter} (${check.durationMs} ms)`,
          atMs: outcome.durationMs,
        });
      }
    }
    await sleep(150);
    for (const line of this.broker.log.since(mark).filter(interesting).slice(0, 8)) {
      evidence.push({ source: 'broker-log', text: clip(line.trim(), 800), atMs: outcome.durationMs });
    }
    this.records.push({
      item: spec.item ?? this.group.item,
      group: this.group.id,
      scenario: spec.scenario,
      protocol: spec.protocol,
      brokerVersion: this.brokerVersion,
      user: spec.user,
      action: spec.action,
      outcome: outcome.outcome,
      connectionAfter,
      ...(outcome.signal ? { signal: outcome.signal } : {}),
      evidence,
      durationMs: outcome.durationMs,
      startedAt,
      ...(spec.note ? { note: spec.note } : {}),
    });
    return outcome;
  }

  /** Records a connect attempt; the session, if any, stays open for the scenario. */
  async connectStep(
    spec: Omit<StepSpec, 'action' | 'protocol'> & { action?: string },
    protocol: ProtocolName,
    who: Login,
    options: Parameters<Driver['connect']>[1] = {},
  ): Promise<Attempt> {
    let attempt: Attempt = { outcome: 'no-answer', evidence: [], durationMs: 0 };
    await this.step(
      { ...spec, protocol, action: spec.action ?? `connect over ${protocol}` },
      async () => (attempt = await this.connect(protocol, who, options)),
      // a connect refused after the connection itself was accepted (OpenWire's advisory consumer) leaves a session
      () => attempt.session,
    );
    return attempt;
  }

  /** The admin's own STOMP session (created on first use: it makes the connection advisory exist). */
  async admin(): Promise<StompSession> {
    if (this.adminSession?.isOpen()) return this.adminSession;
    const attempt = await this.connect('stomp', login('admin'));
    if (!(attempt.session instanceof StompSession)) {
      throw new Error(`admin could not connect over STOMP: ${attempt.signal ?? attempt.outcome}`);
    }
    this.adminSession = attempt.session;
    return attempt.session;
  }

  /** The admin subscribes to `destination` and can later tell what arrived there. */
  async watch(destination: Destination): Promise<() => string[]> {
    const key = `${destination.kind}://${destination.name}`;
    const existing = this.watches.get(key);
    if (existing && this.adminSession?.isOpen()) return existing;
    const admin = await this.admin();
    const subscribed = await admin.subscribe(destination);
    if (subscribed.outcome !== 'accepted') {
      throw new Error(
        `admin could not subscribe to ${destination.kind}://${destination.name}: ${subscribed.signal ?? subscribed.outcome}`,
      );
    }
    this.watches.set(key, subscribed.received);
    return subscribed.received;
  }

  /**
   * Waits up to `ms` for `body` among what a watch received. A body sent over AMQP reaches a STOMP
   * subscriber in its AMQP encoding, so the text is looked for inside each body.
   */
  async delivered(received: () => string[], body: string, ms = 1_500): Promise<boolean> {
    for (let waited = 0; waited < ms; waited += 25) {
      if (received().some((b) => b.includes(body))) return true;
      await sleep(25);
    }
    return false;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.open].map((s) => s.close()));
    this.open.clear();
    this.adminSession = undefined;
    this.watches.clear();
  }
}
