import { startedLinePattern } from '../../../src/broker/testcontainers/broker-ready';
import { capabilityEntries, parseProbeOutput } from '../../../src/broker/testcontainers/image-capabilities';
import {
  LOCAL_IMAGE_REPOSITORY,
  localImagesFor,
  OFFICIAL_IMAGE_REPOSITORY,
  officialImageFor,
} from '../../../src/broker/testcontainers/images';
import { transportsFromEntries } from '../../../src/broker/capabilities';
import { TRANSPORT_SERVICE_PATH } from '../../../src/broker/transports';

describe('officialImageFor', () => {
  it('maps an Amazon MQ minor version to the newest known patch tag', () => {
    expect(officialImageFor('5.18')).toBe(`${OFFICIAL_IMAGE_REPOSITORY}:5.18.7`);
    expect(officialImageFor('5.19')).toBe(`${OFFICIAL_IMAGE_REPOSITORY}:5.19.0`);
  });

  it('uses a full version as the tag unchanged and tries an unknown minor as written', () => {
    expect(officialImageFor('5.18.4')).toBe(`${OFFICIAL_IMAGE_REPOSITORY}:5.18.4`);
    expect(officialImageFor(' 6.1.2 ')).toBe(`${OFFICIAL_IMAGE_REPOSITORY}:6.1.2`);
    expect(officialImageFor('5.20')).toBe(`${OFFICIAL_IMAGE_REPOSITORY}:5.20`);
  });
});

describe('localImagesFor', () => {
  it('prefers the local build of the same minor version, then any local build', () => {
    expect(localImagesFor('5.17.2')).toEqual([
      `${LOCAL_IMAGE_REPOSITORY}:5.17-debian`,
      `${LOCAL_IMAGE_REPOSITORY}:debian`,
    ]);
    expect(localImagesFor('latest')).toEqual([`${LOCAL_IMAGE_REPOSITORY}:debian`]);
  });
});

describe('capability probe', () => {
  it('asks for every transport factory resource and the MQTT codec class', () => {
    const entries = capabilityEntries();
    expect(entries).toEqual(
      expect.arrayContaining([
        `${TRANSPORT_SERVICE_PATH}ssl`,
        `${TRANSPORT_SERVICE_PATH}amqp+ssl`,
        `${TRANSPORT_SERVICE_PATH}stomp+ssl`,
        `${TRANSPORT_SERVICE_PATH}mqtt+ssl`,
        `${TRANSPORT_SERVICE_PATH}wss`,
        'org/fusesource/mqtt/codec/PINGRESP.class',
      ]),
    );
    expect(new Set(entries).size).toBe(entries.length);
  });

  it('reads only `found <entry>` lines of the probe output', () => {
    const output = [
      `found ${TRANSPORT_SERVICE_PATH}ssl`,
      'find: /opt/apache-activemq/lib/web: No such file or directory',
      `found ${TRANSPORT_SERVICE_PATH}mqtt+ssl`,
      `  found ${TRANSPORT_SERVICE_PATH}stomp+ssl  `,
      '',
    ].join('\n');
    const found = parseProbeOutput(output);
    expect([...found].sort()).toEqual(
      [
        `${TRANSPORT_SERVICE_PATH}mqtt+ssl`,
        `${TRANSPORT_SERVICE_PATH}ssl`,
        `${TRANSPORT_SERVICE_PATH}stomp+ssl`,
      ].sort(),
    );
    // MQTT without its codec on the classpath is not a usable transport.
    expect(transportsFromEntries(found)).toEqual(['openwire', 'stomp']);
  });
});

describe('startedLinePattern', () => {
  const line =
    '2026-11-22 10:53:34,767 | INFO  | Apache ActiveMQ 5.17.2 (tc-1.a, ID:f06bc1064a8c-42745-1795344814632-0:1) started | org.apache.activemq.broker.BrokerService | main';

  it('matches the started line of this broker only', () => {
    expect(startedLinePattern('tc-1.a').test(line)).toBe(true);
    expect(startedLinePattern('tc-1xa').test(line)).toBe(false);
    expect(startedLinePattern('tc-1').test(line)).toBe(false);
    expect(startedLinePattern('tc-1.a').test(line.replace(') started', ') is starting'))).toBe(false);
  });
});
