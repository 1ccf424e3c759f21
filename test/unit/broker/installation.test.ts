import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  extraLibEntries,
  findActiveMq,
  findJava,
  EXTRA_LIBS_ENV,
} from '../../../src/broker/local/installation';
import { detectLog4j, log4j1Properties, log4j2Properties } from '../../../src/broker/local/log-config';
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

  it('uses ACTIVEMQ_HOME and lists the launcher classpath folders', async () => {
    const found = await findActiveMq(undefined, { ACTIVEMQ_HOME: join(dir, 'home') });
    expect(found.home).toBe(join(dir, 'home'));
    expect(found.launcherJar).toBe(join(dir, 'home', 'bin', 'activemq.jar'));
    expect(found.debian).toBe(false);
    expect(found.libDirs).toContain(join(dir, 'home', 'lib', 'optional'));
  });

  it('says where it looked and how to fix it when there is no broker', async () => {
    const error = await findActiveMq(undefined, { ACTIVEMQ_HOME: join(dir, 'nowhere') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).message).toContain(join(dir, 'nowhere'));
    expect((error as InfrastructureError).message).toContain('ACTIVEMQ_HOME');
    expect((error as InfrastructureError).hint).toMatch(/activemq.*ACTIVEMQ_HOME/);
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
});
