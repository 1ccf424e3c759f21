import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  extraLibEntries,
  findActiveMq,
  findJava,
  userActiveMqHome,
  EXTRA_LIBS_ENV,
} from '../../../src/broker/local/installation';
import {
  detectLog4j,
  log4j1Properties,
  log4j2Properties,
  withheldSubscriptionLogger,
  WITHHELD_SUBSCRIPTION_LOGGER,
} from '../../../src/broker/local/log-config';
import { InfrastructureError } from '../../../src/core/errors';
import { writeJar } from './zip-fixture';

describe('finding ActiveMQ and java', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amq-auth-install-'));
    mkdirSync(join(dir, 'home', 'bin'), { recursive: true });
    writeJar(join(dir, 'home', 'bin', 'activemq.jar'), ['META-INF/MANIFEST.MF']);
    mkdirSync(join(dir, 'jdk', 'bin'), { recursive: true });
    writeFileSync(join(dir, 'jdk', 'bin', 'java'), '#!/bin/sh\n');
    chmodSync(join(dir, 'jdk', 'bin', 'java'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the option, else ACTIVEMQ_HOME, as the user's own build; neither means a managed one", () => {
    expect(userActiveMqHome('/opt/mine', { ACTIVEMQ_HOME: '/opt/env' })).toEqual({
      home: '/opt/mine',
      source: 'the activemqHome option',
    });
    expect(userActiveMqHome(undefined, { ACTIVEMQ_HOME: ' /opt/env ' })).toEqual({
      home: '/opt/env',
      source: 'ACTIVEMQ_HOME',
    });
    expect(userActiveMqHome(undefined, { ACTIVEMQ_HOME: '' })).toBeUndefined();
  });

  it("reads the user's build: launcher, classpath folders and the release from the broker jar's name", async () => {
    mkdirSync(join(dir, 'home', 'lib'), { recursive: true });
    writeJar(join(dir, 'home', 'lib', 'activemq-broker-5.18.4.jar'), []);
    const found = await findActiveMq(join(dir, 'home'), 'ACTIVEMQ_HOME');
    expect(found.home).toBe(join(dir, 'home'));
    expect(found.launcherJar).toBe(join(dir, 'home', 'bin', 'activemq.jar'));
    expect(found.debian).toBe(false);
    expect(found.origin).toBe('user');
    expect(found.version).toBe('5.18.4');
    expect(found.libDirs).toContain(join(dir, 'home', 'lib', 'optional'));
  });

  it('says where it looked and how to fix it when there is no broker', async () => {
    const error = await findActiveMq(join(dir, 'nowhere'), 'ACTIVEMQ_HOME').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).message).toContain(join(dir, 'nowhere'));
    expect((error as InfrastructureError).message).toContain('ACTIVEMQ_HOME');
    expect((error as InfrastructureError).hint).toMatch(/unset ACTIVEMQ_HOME.*download/);
  });

  it('prefers JAVA_HOME, else PATH', async () => {
    await expect(findJava(undefined, { JAVA_HOME: join(dir, 'jdk') })).resolves.toBe(
      join(dir, 'jdk', 'bin', 'java'),
    );
    await expect(
      findJava(undefined, { PATH: ['/nonexistent', join(dir, 'jdk', 'bin')].join(delimiter) }),
    ).resolves.toBe(join(dir, 'jdk', 'bin', 'java'));
  });

  it('refuses a JAVA_HOME without java and a PATH without java', async () => {
    await expect(findJava(undefined, { JAVA_HOME: join(dir, 'home') })).rejects.toThrow(InfrastructureError);
    await expect(findJava(undefined, { PATH: '/nonexistent' })).rejects.toThrow(/no java found/);
  });

  it('reads extra classpath entries from the option and the environment', () => {
    expect(
      extraLibEntries(['/opt/a'], { [EXTRA_LIBS_ENV]: ['/opt/b', '', '/opt/c.jar'].join(delimiter) }),
    ).toEqual(['/opt/a', '/opt/b', '/opt/c.jar']);
    expect(extraLibEntries(undefined, {})).toEqual([]);
  });
});

describe('log4j configuration', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'amq-auth-log4j-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("detects log4j 1.2 in Debian's layout and log4j 2 in the upstream one", async () => {
    mkdirSync(join(dir, 'debian', 'optional'), { recursive: true });
    writeJar(join(dir, 'debian', 'optional', 'log4j-1.2-real.jar'), []);
    symlinkSync(
      join(dir, 'debian', 'optional', 'log4j-1.2-real.jar'),
      join(dir, 'debian', 'optional', 'log4j-1.2.jar'),
    );
    mkdirSync(join(dir, 'upstream', 'optional'), { recursive: true });
    writeJar(join(dir, 'upstream', 'optional', 'log4j-core-2.19.0.jar'), []);
    await expect(detectLog4j([join(dir, 'debian'), join(dir, 'debian', 'optional')])).resolves.toEqual([
      'log4j1',
    ]);
    await expect(detectLog4j([join(dir, 'upstream', 'optional')])).resolves.toEqual(['log4j2']);
    await expect(detectLog4j([join(dir, 'empty')])).resolves.toEqual(['log4j1', 'log4j2']);
  });

  it('logs to the console and to the given file in both flavours', () => {
    const one = log4j1Properties('/runs/r1/activemq.log');
    expect(one).toMatch(/^log4j\.rootLogger=INFO, stdout, logfile$/m);
    expect(one).toContain('log4j.appender.logfile.File=/runs/r1/activemq.log');
    const two = log4j2Properties('/runs/r1/activemq.log');
    expect(two).toContain('appender.console.type=Console');
    expect(two).toContain('appender.logfile.fileName=/runs/r1/activemq.log');
  });

  it('lets the broker’s withheld-subscription DEBUG line through, in the local and the image configuration alike', async () => {
    expect(log4j1Properties('/f')).toContain(`log4j.logger.${WITHHELD_SUBSCRIPTION_LOGGER}=DEBUG`);
    const local = log4j2Properties('/f').split('\n');
    for (const line of withheldSubscriptionLogger()) expect(local).toContain(line);
    const image = (
      await readFile(join(__dirname, '..', '..', '..', 'docker', 'local-image', 'log4j2.properties'), 'utf8')
    ).split('\n');
    for (const line of withheldSubscriptionLogger()) expect(image).toContain(line);
  });
});
