import { access, constants, realpath, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { InfrastructureError } from '../../core/errors';

/** Where Debian's `activemq` package installs the broker. */
export const DEBIAN_ACTIVEMQ_HOME = '/usr/share/activemq';
/** Debian splits the broker's jars into /usr/share/java; the MQTT codec comes from libmqtt-client-java. */
export const DEBIAN_JAVA_DIR = '/usr/share/java';
export const DEBIAN_MQTT_CLIENT_JARS = ['mqtt-client.jar', 'hawtdispatch.jar', 'hawtdispatch-transport.jar'];
/** Environment variable with extra jar folders or jar files for the broker classpath (path-list). */
export const EXTRA_LIBS_ENV = 'AMQ_AUTH_EXTRA_LIBS';

const INSTALL_HINT =
  "install Debian's activemq and libmqtt-client-java (scripts/provision.sh does), or set ACTIVEMQ_HOME to an unpacked ActiveMQ Classic distribution";

export interface ActiveMqInstallation {
  home: string;
  /** `<home>/bin/activemq.jar`, the launcher run with `java -jar` */
  launcherJar: string;
  /** true for Debian's package, whose jars live in /usr/share/java */
  debian: boolean;
  /** folders the launcher puts on the classpath, in its order (missing ones included; they are skipped) */
  libDirs: string[];
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

/** ACTIVEMQ_HOME (option, then environment), else Debian's location; a clear error when there is no broker. */
export async function findActiveMq(
  explicitHome: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ActiveMqInstallation> {
  const fromEnv = env.ACTIVEMQ_HOME?.trim();
  const home = explicitHome ?? (fromEnv ? fromEnv : DEBIAN_ACTIVEMQ_HOME);
  const source = explicitHome
    ? 'the activemqHome option'
    : fromEnv
      ? 'ACTIVEMQ_HOME'
      : "Debian's default location";
  const launcherJar = join(home, 'bin', 'activemq.jar');
  if (!(await isFile(launcherJar))) {
    throw new InfrastructureError(
      `no ActiveMQ Classic found at ${home} (from ${source}): ${launcherJar} is missing`,
      {
        hint: INSTALL_HINT,
      },
    );
  }
  const resolved = await realpath(launcherJar).catch(() => launcherJar);
  // The launcher's own classpath folders (org.apache.activemq.console.Main): lib, then its subfolders.
  const libDirs = ['lib', 'lib/camel', 'lib/optional', 'lib/web', 'lib/extra'].map((d) => join(home, d));
  return { home, launcherJar, debian: resolved.startsWith(DEBIAN_JAVA_DIR + '/'), libDirs };
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
