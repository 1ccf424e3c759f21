/**
 * The operations beyond produce and consume, checked on real brokers of every tested release (local
 * runtime): browse, request/reply over temporary queues and wildcard subscriptions, each over every protocol
 * that can express it, with the broker's own evidence, and for request/reply and wildcard subscriptions a map
 * that grants produce/consume but refuses the operation, caught by check; a composite send, refused
 * although each of its parts alone may be written; a virtual topic's round trip per consumer group, and a
 * durable subscription made, resumed and removed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../src/check/run-check';
import { isAdvisoryCreationByUser, releaseEngine } from '../../src/model/authorization-model';
import type { RunResult } from '../../src/check/run-result';
import type { Verdict } from '../../src/check/verdict';
import { TEST_BROKER_VERSIONS } from '../support/broker';
import { describeBrokerMatrix } from '../support/broker-matrix';

const fixtures = join(__dirname, '../fixtures/operations');
const RUN_TIMEOUT_MS = 180_000;
const PROTOCOLS = ['openwire', 'amqp', 'stomp', 'stomp-wss', 'mqtt'] as const;

function evidenceOf(v: Verdict | undefined): string {
  return (v?.observation?.evidence ?? []).map((e) => e.text).join('\n');
}

function byId(result: RunResult): Map<string, Verdict> {
  return new Map(result.verdicts.map((v) => [v.case.id, v]));
}

function expectCleanRun(result: RunResult): void {
  expect(result.counts.inconclusive).toBe(0);
  expect(result.counts['expectation-failure']).toBe(0);
  expect(result.counts['model-disagreement']).toBe(0);
}

describeBrokerMatrix(
  'operations on a real broker',
  (target) => {
    jest.setTimeout(RUN_TIMEOUT_MS);

    it('browses a queue over OpenWire, AMQP and STOMP with read, is refused without it, and skips MQTT', async () => {
      const result = await runCheck({
        input: join(fixtures, 'browse.yaml'),
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: [...PROTOCOLS],
      });
      expectCleanRun(result);
      const verdicts = byId(result);
      for (const protocol of ['openwire', 'amqp', 'stomp', 'stomp-wss'] as const) {
        const granted = verdicts.get(`${protocol} app-reader browse queue://APP.inbox`);
        expect(granted?.kind).toBe('pass');
        expect(granted?.observation?.outcome).toBe('granted');
        expect(evidenceOf(granted)).toMatch(
          /observer sent browse-\S+ to queue:\/\/APP\.inbox before the browse/,
        );
        expect(evidenceOf(granted)).toMatch(/browser was handed browse-/);
        const denied = verdicts.get(`${protocol} app-writer browse queue://APP.inbox`);
        expect(denied?.kind).toBe('pass');
        expect(denied?.observation?.outcome).toBe('denied');
        expect(evidenceOf(denied)).toMatch(
          /User app-writer is not authorized to read from: queue:\/\/APP\.inbox/,
        );
      }
      // AMQP asked for a browser, and the broker's attach says it made one
      expect(evidenceOf(verdicts.get('amqp app-reader browse queue://APP.inbox'))).toMatch(
        /"distribution_mode":"copy"/,
      );
      const mqtt = verdicts.get('mqtt app-reader browse queue://APP.inbox');
      expect(mqtt?.kind).toBe('skipped');
      expect(mqtt?.summary).toMatch(/MQTT has no queue browser/);
    });

    it('does request/reply over a temporary queue where tempDestinations allows it, and catches a map that refuses it', async () => {
      const result = await runCheck({
        input: join(fixtures, 'request-reply.yaml'),
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: [...PROTOCOLS],
      });
      expect(result.counts.inconclusive).toBe(0);
      expect(result.counts['expectation-failure']).toBe(0);
      expect(result.counts['model-disagreement']).toBe(0);
      const verdicts = byId(result);
      for (const protocol of ['openwire', 'amqp', 'stomp', 'stomp-wss'] as const) {
        const granted = verdicts.get(`${protocol} requester request-reply temp-queue://(own)`);
        expect(granted?.kind).toBe('pass');
        expect(granted?.observation?.outcome).toBe('granted');
        expect(evidenceOf(granted)).toMatch(
          /probe received its own request-reply-\S+ back from temp-queue:\/\//,
        );
        // worker may produce and consume its queues, but tempDestinations does not name it
        expect(verdicts.get(`${protocol} worker produce queue://APP.requests`)?.observation?.outcome).toBe(
          'granted',
        );
        expect(verdicts.get(`${protocol} worker consume queue://APP.requests`)?.observation?.outcome).toBe(
          'granted',
        );
        const refused = verdicts.get(`${protocol} worker request-reply temp-queue://(own)`);
        expect(refused?.kind).toBe('pass');
        expect(refused?.observation?.outcome).toBe('denied');
        expect(evidenceOf(refused)).toMatch(
          /User worker is not authorized to (create|read from): temp-queue:\/\/ID:/,
        );
        // before 5.19.8 and 6.2.7 the advisory named after each new temporary queue is created as the
        // client; from them on, as the broker
        const limited = verdicts.get(`${protocol} adv-limited request-reply temp-queue://(own)`);
        if (isAdvisoryCreationByUser(releaseEngine(target.brokerVersion))) {
          expect(limited?.observation?.outcome).toBe('denied');
          expect(evidenceOf(limited)).toMatch(
            /User adv-limited is not authorized to create: topic:\/\/ActiveMQ\.Advisory\.Consumer\.Queue\.ID:/,
          );
        } else {
          expect(limited?.observation?.outcome).toBe('granted');
          expect(evidenceOf(limited)).toMatch(
            /probe received its own request-reply-\S+ back from temp-queue:\/\/\S+/,
          );
        }
      }
      // the refusal is caught by check: the team's expectation for worker is what the broker did
      const expectation = verdicts.get('stomp worker request-reply temp-queue://(own)');
      expect(expectation?.case.expectation?.allowed).toBe(false);
      expect(verdicts.get('mqtt requester request-reply temp-queue://(own)')?.summary).toMatch(
        /MQTT has no temporary destinations/,
      );
    });

    it('fails the check when the team expects request/reply the map refuses', async () => {
      // the team believes that granting produce and consume on its queues is enough for worker
      const file = join(mkdtempSync(join(tmpdir(), 'amq-auth-ops-')), 'policy.yaml');
      const original = readFileSync(join(fixtures, 'request-reply.yaml'), 'utf8');
      const planted = original.replace(
        '    can: [produce, consume]\n    cannot: [request-reply]\n',
        '    can: [produce, consume, request-reply]\n',
      );
      expect(planted).not.toBe(original);
      writeFileSync(file, planted);
      const result = await runCheck({
        input: file,
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: ['openwire', 'stomp'],
      });
      for (const protocol of ['openwire', 'stomp']) {
        const failure = byId(result).get(`${protocol} worker request-reply temp-queue://(own)`);
        expect(failure?.kind).toBe('expectation-failure');
        expect(evidenceOf(failure)).toMatch(
          /User worker is not authorized to (create|read from): temp-queue:\/\//,
        );
      }
    });

    it('subscribes to wildcards over every protocol, decided by the wildcard itself', async () => {
      const result = await runCheck({
        input: join(fixtures, 'wildcard.yaml'),
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: [...PROTOCOLS],
      });
      expectCleanRun(result);
      const verdicts = byId(result);
      for (const protocol of ['openwire', 'amqp', 'stomp', 'stomp-wss'] as const) {
        // each region's queue one by one, but not the wildcard over them
        expect(
          verdicts.get(`${protocol} region-reader consume queue://ORDERS.eu`)?.observation?.outcome,
        ).toBe('granted');
        const refused = verdicts.get(`${protocol} region-reader wildcard-consume queue://ORDERS.>`);
        expect(refused?.kind).toBe('pass');
        expect(evidenceOf(refused)).toMatch(
          /User region-reader is not authorized to read from: queue:\/\/ORDERS\.>/,
        );
        const granted = verdicts.get(`${protocol} region-reader wildcard-consume queue://ORDERS.*.priority`);
        expect(granted?.observation?.outcome).toBe('granted');
        expect(evidenceOf(granted)).toMatch(
          /subscription on queue:\/\/ORDERS\.\*\.priority received wildcard-\S+ sent to queue:\/\/ORDERS\.p\S+\.priority/,
        );
      }
      for (const protocol of ['openwire', 'amqp', 'stomp', 'stomp-wss', 'mqtt'] as const) {
        const feed = verdicts.get(`${protocol} feed-reader wildcard-consume topic://EVENTS.>`);
        expect(feed?.kind).toBe('pass');
        expect(feed?.observation?.outcome).toBe('granted');
      }
      expect(evidenceOf(verdicts.get('mqtt feed-reader wildcard-consume topic://EVENTS.>'))).toMatch(
        /SUBSCRIBE filter=EVENTS\/# .*SUBACK\(messageId=\d+, granted=\[0x01\]\)/s,
      );
      expect(evidenceOf(verdicts.get('mqtt region-reader wildcard-consume topic://EVENTS.>'))).toMatch(
        /granted=\[0x80\]/,
      );
      expect(verdicts.get('mqtt region-reader wildcard-consume queue://ORDERS.>')?.kind).toBe('skipped');
    });

    it('fails the check when the team expects a wildcard subscription the map refuses', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'amq-auth-ops-')), 'policy.yaml');
      const original = readFileSync(join(fixtures, 'wildcard.yaml'), 'utf8');
      const planted = original.replace(
        '    cannot: [wildcard-consume]\n    on: queue://ORDERS.>',
        '    can: [wildcard-consume]\n    on: queue://ORDERS.>',
      );
      expect(planted).not.toBe(original);
      writeFileSync(file, planted);
      const result = await runCheck({
        input: file,
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: ['amqp', 'stomp'],
      });
      for (const protocol of ['amqp', 'stomp']) {
        const failure = byId(result).get(`${protocol} region-reader wildcard-consume queue://ORDERS.>`);
        expect(failure?.kind).toBe('expectation-failure');
        expect(evidenceOf(failure)).toMatch(/not authorized to read from: queue:\/\/ORDERS\.>/);
      }
    });

    it('sends to a virtual topic and receives on the consumer group queue over OpenWire, AMQP and STOMP', async () => {
      const result = await runCheck({
        input: join(fixtures, 'virtual-topic.yaml'),
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: [...PROTOCOLS],
      });
      expectCleanRun(result);
      const verdicts = byId(result);
      for (const protocol of ['openwire', 'amqp', 'stomp', 'stomp-wss'] as const) {
        const granted = verdicts.get(
          `${protocol} billing-app virtual-topic queue://Consumer.billing.VirtualTopic.Orders`,
        );
        expect(granted?.kind).toBe('pass');
        expect(granted?.observation?.outcome).toBe('granted');
        expect(evidenceOf(granted)).toMatch(
          /probe's consumer on queue:\/\/Consumer\.billing\.VirtualTopic\.Orders received virtual-topic-\S+, which the probe sent to topic:\/\/VirtualTopic\.Orders/,
        );
        // a wildcard consumer-queue entry grants the group its queue as well
        expect(
          verdicts.get(`${protocol} shipping-app virtual-topic queue://Consumer.shipping.VirtualTopic.Orders`)
            ?.observation?.outcome,
        ).toBe('granted');
        const otherGroup = verdicts.get(
          `${protocol} billing-app virtual-topic queue://Consumer.shipping.VirtualTopic.Orders`,
        );
        expect(otherGroup?.kind).toBe('pass');
        expect(evidenceOf(otherGroup)).toMatch(
          /User billing-app is not authorized to read from: queue:\/\/Consumer\.shipping\.VirtualTopic\.Orders/,
        );
        const noWrite = verdicts.get(
          `${protocol} auditor virtual-topic queue://Consumer.audit.VirtualTopic.Orders`,
        );
        expect(noWrite?.kind).toBe('pass');
        expect(evidenceOf(noWrite)).toMatch(
          /User auditor is not authorized to write to: topic:\/\/VirtualTopic\.Orders/,
        );
        expect(evidenceOf(noWrite)).toMatch(
          /Security Error occurred on connection to: \S+, User auditor is not authorized to write to: topic:\/\/VirtualTopic\.Orders/,
        );
        // stray-app may send to the virtual topic, but its read is on a queue the topic never copies into
        expect(
          verdicts.get(`${protocol} stray-app produce topic://VirtualTopic.Orders`)?.observation?.outcome,
        ).toBe('granted');
        const stray = verdicts.get(
          `${protocol} stray-app virtual-topic queue://Consumer.stray.VirtualTopic.Orders`,
        );
        expect(stray?.kind).toBe('pass');
        expect(evidenceOf(stray)).toMatch(
          /User stray-app is not authorized to read from: queue:\/\/Consumer\.stray\.VirtualTopic\.Orders/,
        );
      }
      expect(
        verdicts.get('mqtt billing-app virtual-topic queue://Consumer.billing.VirtualTopic.Orders')?.summary,
      ).toMatch(/MQTT addresses only topics/);
    });

    it('fails the check when the team reads a virtual topic from a queue that is not a consumer queue', async () => {
      // the team believes Consumer.stray.Orders is how stray-app reads what is sent to VirtualTopic.Orders
      const file = join(mkdtempSync(join(tmpdir(), 'amq-auth-ops-')), 'policy.yaml');
      const original = readFileSync(join(fixtures, 'virtual-topic.yaml'), 'utf8');
      const planted = original.replace(
        '    cannot: [virtual-topic]\n    on: queue://Consumer.stray.VirtualTopic.Orders',
        '    can: [virtual-topic]\n    on: queue://Consumer.stray.VirtualTopic.Orders',
      );
      expect(planted).not.toBe(original);
      writeFileSync(file, planted);
      const result = await runCheck({
        input: file,
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: ['openwire', 'stomp'],
      });
      for (const protocol of ['openwire', 'stomp']) {
        const failure = byId(result).get(
          `${protocol} stray-app virtual-topic queue://Consumer.stray.VirtualTopic.Orders`,
        );
        expect(failure?.kind).toBe('expectation-failure');
        expect(evidenceOf(failure)).toMatch(
          /User stray-app is not authorized to read from: queue:\/\/Consumer\.stray\.VirtualTopic\.Orders/,
        );
      }
    });

    it('makes, resumes and removes a durable subscription over every protocol with read on the topic', async () => {
      const result = await runCheck({
        input: join(fixtures, 'durable.yaml'),
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: [...PROTOCOLS],
      });
      expectCleanRun(result);
      const verdicts = byId(result);
      for (const protocol of ['openwire', 'amqp', 'stomp', 'stomp-wss'] as const) {
        const granted = verdicts.get(`${protocol} subscriber durable-subscribe topic://EVENTS.orders`);
        expect(granted?.kind).toBe('pass');
        expect(granted?.observation?.outcome).toBe('granted');
        const said = evidenceOf(granted);
        expect(said).toMatch(
          /observer sent durable-\S+ \(persistent\) to topic:\/\/EVENTS\.orders while amqauth-durable-\S+ was offline/,
        );
        expect(said).toMatch(
          /resumed subscription amqauth-durable-\S+ was handed durable-\S+, sent while it was offline/,
        );
        expect(said).toMatch(/durable subscription amqauth-durable-\S+ removed/);
        const denied = verdicts.get(`${protocol} publisher durable-subscribe topic://EVENTS.orders`);
        expect(denied?.kind).toBe('pass');
        expect(denied?.observation?.outcome).toBe('denied');
        expect(evidenceOf(denied)).toMatch(
          /User publisher is not authorized to read from: topic:\/\/EVENTS\.orders/,
        );
        // the broker's own line for the refusal, besides the wire's answer
        expect(evidenceOf(denied)).toMatch(
          /Security Error occurred on connection to: \S+, User publisher is not authorized to read from: topic:\/\/EVENTS\.orders/,
        );
      }
      // the broker's own answers for each protocol's removal
      expect(evidenceOf(verdicts.get('openwire subscriber durable-subscribe topic://EVENTS.orders'))).toMatch(
        /Response\{correlationId=\d+\} to RemoveSubscriptionInfo amqauth-durable-\S+ on topic:\/\/EVENTS\.orders/,
      );
      expect(evidenceOf(verdicts.get('stomp subscriber durable-subscribe topic://EVENTS.orders'))).toMatch(
        /RECEIPT receipt-id:\S+ for UNSUBSCRIBE topic:\/\/EVENTS\.orders/,
      );
      expect(evidenceOf(verdicts.get('amqp subscriber durable-subscribe topic://EVENTS.orders'))).toMatch(
        /amqp:not-found: Unknown subscription link: amqauth-durable-/,
      );
      // MQTT: the session of a fixed client id with cleanSession=false, restored by the broker on reconnect
      const mqtt = verdicts.get('mqtt subscriber durable-subscribe topic://EVENTS.orders');
      expect(mqtt?.kind).toBe('pass');
      expect(mqtt?.observation?.outcome).toBe('granted');
      expect(evidenceOf(mqtt)).toMatch(
        /SUBSCRIBE filter=EVENTS\/orders qos=1\n.*SUBACK\(messageId=\d+, granted=\[0x01\]\)/,
      );
      expect(evidenceOf(mqtt)).toMatch(
        /resumed subscription of amqauth-durable-\S+ was handed durable-\S+, sent while it was offline \(no SUBSCRIBE after the reconnect\)/,
      );
      expect(evidenceOf(mqtt)).toMatch(/cleanSession=true\nCONNACK\(sessionPresent=false, returnCode=0\)/);
      const mqttDenied = verdicts.get('mqtt publisher durable-subscribe topic://EVENTS.orders');
      expect(mqttDenied?.kind).toBe('pass');
      expect(evidenceOf(mqttDenied)).toMatch(/granted=\[0x80\]/);
      expect(evidenceOf(mqttDenied)).toMatch(
        /Security Error occurred on connection to: \S+, User publisher is not authorized to read from: topic:\/\/EVENTS\.orders/,
      );
    });

    it('fails the check when the team expects a durable subscription to need more than read', async () => {
      // the team believes only admins may keep durable subscriptions
      const file = join(mkdtempSync(join(tmpdir(), 'amq-auth-ops-')), 'policy.yaml');
      const original = readFileSync(join(fixtures, 'durable.yaml'), 'utf8');
      const planted = original.replace(
        '    can: [consume, durable-subscribe]\n',
        '    can: [consume]\n    cannot: [durable-subscribe]\n',
      );
      expect(planted).not.toBe(original);
      writeFileSync(file, planted);
      const result = await runCheck({
        input: file,
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: ['openwire', 'stomp'],
      });
      for (const protocol of ['openwire', 'stomp']) {
        const failure = byId(result).get(`${protocol} subscriber durable-subscribe topic://EVENTS.orders`);
        expect(failure?.kind).toBe('expectation-failure');
        expect(evidenceOf(failure)).toMatch(/was handed durable-\S+, sent while it was offline/);
      }
    });

    it('checks a composite send against every part: refused although each part alone is allowed', async () => {
      const result = await runCheck({
        input: join(fixtures, 'composite.yaml'),
        runtime: target.runtime,
        brokerVersion: target.brokerVersion,
        protocols: ['openwire', 'amqp', 'stomp'],
      });
      expectCleanRun(result);
      const verdicts = byId(result);
      for (const protocol of ['openwire', 'amqp', 'stomp'] as const) {
        expect(verdicts.get(`${protocol} sender produce queue://APP.a`)?.observation?.outcome).toBe(
          'granted',
        );
        expect(verdicts.get(`${protocol} sender produce queue://APP.b`)?.observation?.outcome).toBe(
          'granted',
        );
        const composite = verdicts.get(`${protocol} sender produce queue://APP.a,APP.b`);
        expect(composite?.kind).toBe('pass');
        expect(composite?.observation?.outcome).toBe('denied');
        expect(evidenceOf(composite)).toMatch(
          /User sender is not authorized to write to: APP\.a,(queue:\/\/)?APP\.b/,
        );
      }
    });
  },
  // 6.2.7 as well: from it on, advisories are created as the broker (request/reply needs no advisory admin)
  { runtimes: ['local'], versions: [...TEST_BROKER_VERSIONS, '6.2.7'] },
);
