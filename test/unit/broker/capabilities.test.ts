import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectTransportsInJarDirs, transportsFromEntries } from '../../../src/broker/capabilities';
import { readJarEntryNames } from '../../../src/broker/jar-entries';
import { TRANSPORT_SERVICE_PATH } from '../../../src/broker/transports';
import { writeJar, zipWithEntries } from './zip-fixture';

const service = (scheme: string) => TRANSPORT_SERVICE_PATH + scheme;
const MQTT_CODEC = 'org/fusesource/mqtt/codec/PINGRESP.class';

describe('readJarEntryNames', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'amq-auth-jar-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the entries of a zip, comment or not', async () => {
    const names = ['META-INF/', service('stomp+ssl'), 'a/b/C.class'];
    writeFileSync(join(dir, 'plain.jar'), zipWithEntries(names));
    writeFileSync(join(dir, 'comment.jar'), zipWithEntries(names, 'built by hand'));
    await expect(readJarEntryNames(join(dir, 'plain.jar'))).resolves.toEqual(names);
    await expect(readJarEntryNames(join(dir, 'comment.jar'))).resolves.toEqual(names);
  });

  it('returns null for a file that is not a zip', async () => {
    writeFileSync(join(dir, 'not-a.jar'), 'just text, long enough to hold an end record if it were one');
    await expect(readJarEntryNames(join(dir, 'not-a.jar'))).resolves.toBeNull();
  });
});

describe('transportsFromEntries', () => {
  it('needs the TLS scheme, not the plain one', () => {
    expect(transportsFromEntries(new Set([service('stomp'), service('tcp')]))).toEqual([]);
    expect(transportsFromEntries(new Set([service('stomp+ssl'), service('ssl')]))).toEqual([
      'openwire',
      'stomp',
    ]);
  });

  it('does not take a longer scheme for a shorter one', () => {
    // `stomp+ssl` starts with `stomp`, `mqtt+nio+ssl` contains `mqtt`: only exact names count.
    expect(
      transportsFromEntries(new Set([service('stomp+nio+ssl'), service('nio+ssl'), service('amqp+ssl+x')])),
    ).toEqual([]);
  });

  it('claims MQTT only with the MQTT codec classes beside the factory', () => {
    expect(transportsFromEntries(new Set([service('mqtt+ssl')]))).toEqual([]);
    expect(transportsFromEntries(new Set([service('mqtt+ssl'), MQTT_CODEC]))).toEqual(['mqtt']);
  });

  it('recognises amqp and wss', () => {
    expect(transportsFromEntries(new Set([service('amqp+ssl'), service('wss')]))).toEqual(['amqp', 'ws']);
  });
});

describe('detectTransportsInJarDirs', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'amq-auth-caps-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('combines jars of several folders and single jar files, skipping missing folders', async () => {
    mkdirSync(join(dir, 'lib'));
    mkdirSync(join(dir, 'extra'));
    writeJar(join(dir, 'lib', 'activemq-client.jar'), [service('ssl')]);
    writeJar(join(dir, 'lib', 'activemq-mqtt.jar'), [service('mqtt+ssl')]);
    const codec = writeJar(join(dir, 'extra', 'mqtt-client.jar'), [MQTT_CODEC]);
    await expect(detectTransportsInJarDirs([join(dir, 'lib'), join(dir, 'missing')])).resolves.toEqual([
      'openwire',
    ]);
    await expect(detectTransportsInJarDirs([join(dir, 'lib'), codec])).resolves.toEqual(['openwire', 'mqtt']);
    await expect(detectTransportsInJarDirs([join(dir, 'lib'), join(dir, 'extra')])).resolves.toEqual([
      'openwire',
      'mqtt',
    ]);
  });
});

const DEBIAN_LIB = '/usr/share/activemq/lib';
(existsSync(DEBIAN_LIB) ? describe : describe.skip)("Debian's ActiveMQ 5.17.2 build", () => {
  const dirs = [DEBIAN_LIB, `${DEBIAN_LIB}/optional`];

  it('has OpenWire and STOMP but neither AMQP nor WebSocket', async () => {
    const found = await detectTransportsInJarDirs(dirs);
    expect(found).toEqual(expect.arrayContaining(['openwire', 'stomp']));
    expect(found).not.toContain('amqp');
    expect(found).not.toContain('ws');
  });

  it('has MQTT exactly when the libmqtt-client-java jar is added', async () => {
    expect(await detectTransportsInJarDirs(dirs)).not.toContain('mqtt');
    const codec = '/usr/share/java/mqtt-client.jar';
    if (existsSync(codec)) {
      expect(await detectTransportsInJarDirs([...dirs, codec])).toEqual(['openwire', 'stomp', 'mqtt']);
    }
  });
});
