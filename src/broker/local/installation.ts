import { access, constants, readdir, realpath, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { InfrastructureError } from '../../core/errors';
import { defaultJavaMajor, type Distribution } from '../distribution/ensure-distribution';

/** Debian's `activemq` package, should a user point ACTIVEMQ_HOME at it: its jars live in /usr/share/java. */
export const DEBIAN_JAVA_DIR = '/usr/share/java';
export const DEBIAN_MQTT_CLIENT_JARS = ['mqtt-client.jar', 'hawtdispatch.jar', 'hawtdispatch-transport.jar'];
/** Environment variable with extra jar folders or jar files for the broker classpath (path-list). */
export const EXTRA_LIBS_ENV = 'AMQ_AUTH_EXTRA_LIBS';

export interface ActiveMqInstallation {
  home: string;
  /** `<home>/bin/activemq.jar`, the launcher run with `java -jar` */
  launcherJar: string;
  /** true for Debian's package, whose jars live in /usr/share/java */
  debian: boolean;
  /** folders the launcher puts on the classpath, in its order (missing ones included; they are skipped) */
  libDirs: string[];
  /** the release, from the broker jar's name; undefined when the build does not say (then: the started line) */
  version?: string;
  /** `managed`: a distribution the harness downloaded and verified; `user`: ACTIVEMQ_HOME or the option */
  origin: 'managed' | 'user';
  /** how the managed distribution was made (archive or assembled, substitutes), for the reports */
  distribution?: Distribution;
  /** lowest Java major version the release needs */
  javaMajor: number;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function isExecutable(path: string): Promise<boolean> {
  if (!(await isFile(path))) return false;
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The launcher's own classpath folders (org.apache.activemq.console.Main): lib, then its subfolders. */
function launcherLibDirs(home: string): string[] {
  return ['lib', 'lib/camel', 'lib/optional', 'lib/web', 'lib/extra'].map((d) => join(home, d));
}

/** `activemq-broker-5.18.7.jar` (or activemq-all) in lib/ names the release. */
export async function versionOfBuild(home: string): Promise<string | undefined> {
  const names = await readdir(join(home, 'lib')).catch(() => [] as string[]);
  for (const name of names) {
    const m = /^activemq-(?:broker|all)-(\d+\.\d+\.\d+)\.jar$/.exec(name);
    if (m) return m[1];
  }
  return undefined;
}

/** The user's own build: the option, else ACTIVEMQ_HOME; undefined when neither is set. */
export function userActiveMqHome(
  explicitHome: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { home: string; source: string } | undefined {
  if (explicitHome) return { home: explicitHome, source: 'the activemqHome option' };
  const fromEnv = env.ACTIVEMQ_HOME?.trim();
  return fromEnv ? { home: fromEnv, source: 'ACTIVEMQ_HOME' } : undefined;
}

/** A build the user points at (ACTIVEMQ_HOME or the option); a clear error when it is not one. */
export async function findActiveMq(home: string, source: string): Promise<ActiveMqInstallation> {
  const launcherJar = join(home, 'bin', 'activemq.jar');
  if (!(await isFile(launcherJar))) {
    throw new InfrastructureError(
      `no ActiveMQ Classic found at ${home} (from ${source}): ${launcherJar} is missing`,
      {
        hint: `unset ${source === 'ACTIVEMQ_HOME' ? 'ACTIVEMQ_HOME' : 'the option'} to let the harness download the broker version the engine names, or point it at an unpacked ActiveMQ Classic distribution`,
      },
    );
  }
  const resolved = await realpath(launcherJar).catch(() => launcherJar);
  const version = await versionOfBuild(home);
  return {
    home,
    launcherJar,
    debian: resolved.startsWith(DEBIAN_JAVA_DIR + '/'),
    libDirs: launcherLibDirs(home),
    version,
    origin: 'user',
    javaMajor: version ? defaultJavaMajor(version) : 11,
  };
}

/** A distribution the harness manages: downloaded, verified and cached per user. */
export function managedInstallation(distribution: Distribution): ActiveMqInstallation {
  return {
    home: distribution.home,
    launcherJar: join(distribution.home, 'bin', 'activemq.jar'),
    debian: false,
    libDirs: launcherLibDirs(distribution.home),
    version: distribution.version,
    origin: 'managed',
    distribution,
    javaMajor: distribution.javaMajor,
  };
}

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else the first `java` on PATH. */
export async function findJava(
  explicitJavaHome: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const javaHome = explicitJavaHome ?? env.JAVA_HOME?.trim();
  if (javaHome) {
    const java = join(javaHome, 'bin', 'java');
    if (await isExecutable(java)) return java;
    throw new InfrastructureError(`JAVA_HOME is ${javaHome}, but ${java} is not an executable`, {
      hint: 'point JAVA_HOME at a Java 17 runtime, or unset it to use the java on PATH',
    });
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const java = join(dir, 'java');
    if (await isExecutable(java)) return java;
  }
  throw new InfrastructureError('no java found on PATH and JAVA_HOME is not set', {
    hint: 'install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME',
  });
}

/** Extra classpath entries: the option's, then those of AMQ_AUTH_EXTRA_LIBS (a path-list of folders or jars). */
export function extraLibEntries(
  option: string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const fromEnv = (env[EXTRA_LIBS_ENV] ?? '')
    .split(delimiter)
    .map((p) => p.trim())
    .filter(Boolean);
  return [...(option ?? []), ...fromEnv];
}

/**
 * Debian's activemq package does not depend on libmqtt-client-java, yet its MQTT transport needs it; when the
 * jars are installed they are added for Debian's build without the user having to know.
 */
export async function debianMqttJars(installation: ActiveMqInstallation): Promise<string[]> {
  if (!installation.debian) return [];
  const jars = DEBIAN_MQTT_CLIENT_JARS.map((j) => join(DEBIAN_JAVA_DIR, j));
  const present = await Promise.all(jars.map(isFile));
  return jars.filter((_, i) => present[i]);
}
