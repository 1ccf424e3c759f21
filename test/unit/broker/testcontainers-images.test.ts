import { startedLinePattern } from '../../../src/broker/testcontainers/broker-ready';
import { capabilityEntries, parseProbeOutput } from '../../../src/broker/testcontainers/image-capabilities';
import { OFFICIAL_IMAGE_REPOSITORY, officialImageFor } from '../../../src/broker/testcontainers/images';
import { LOCAL_IMAGE_REPOSITORY, localImageFor } from '../../../src/broker/testcontainers/local-image';
import { transportsFromEntries } from '../../../src/broker/capabilities';
import { TRANSPORT_SERVICE_PATH } from '../../../src/broker/transports';

describe('image names', () => {
  it('tags the official and the local image with the exact release', () => {
    expect(officialImageFor('5.18.7')).toBe(`${OFFICIAL_IMAGE_REPOSITORY}:5.18.7`);
    expect(officialImageFor(' 5.19.1 ')).toBe(`${OFFICIAL_IMAGE_REPOSITORY}:5.19.1`);
    expect(localImageFor('5.19.1')).toBe(`${LOCAL_IMAGE_REPOSITORY}:5.19.1`);
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
