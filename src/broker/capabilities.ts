import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TRANSPORTS, type Transport } from '../core/types';
import { readJarEntryNames } from './jar-entries';
import { TRANSPORT_SERVICE_PATH, TRANSPORT_SCHEME } from './transports';

/**
 * Classes a transport needs at run time besides its factory, where a build is known to ship the factory
 * without them. Debian's activemq-mqtt jar holds the `mqtt+ssl` service file, but without the fusesource
 * MQTT codec (package libmqtt-client-java) every MQTT connection fails with
 * `NoClassDefFoundError: org/fusesource/mqtt/codec/PINGRESP` and TLS never completes; claiming MQTT there
 * would turn every MQTT case into a broker failure instead of an honest "unsupported". Upstream builds ship
 * the codec in lib/, so the requirement holds for them too. The codec's own dependency, hawtdispatch, is
 * packaged with it on Debian (libmqtt-client-java depends on libhawtdispatch-java).
 */
export const TRANSPORT_RUNTIME_ENTRIES: Partial<Record<Transport, string[]>> = {
  mqtt: ['org/fusesource/mqtt/codec/PINGRESP.class'],
};

/** Jars directly in `dir` (not recursive: ActiveMQ's launcher does not recurse either); [] when missing. */
export async function listJars(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const jars: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.jar')).sort()) {
    const file = join(dir, name);
    // Debian's lib/ holds symlinks into /usr/share/java; stat follows them and skips dangling ones.
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) jars.push(file);
  }
  return jars;
}

/** Every entry name found in the given jars (unreadable jars are skipped, as the JVM would fail on them). */
export async function collectJarEntries(jars: string[]): Promise<Set<string>> {
  const entries = new Set<string>();
  for (const jar of jars) {
    const names = await readJarEntryNames(jar).catch(() => null);
    for (const name of names ?? []) entries.add(name);
  }
  return entries;
}

/** Which transports a set of jar entries supports: the TLS scheme's factory resource plus its runtime classes. */
export function transportsFromEntries(entries: ReadonlySet<string>): Transport[] {
  return TRANSPORTS.filter((transport) => {
    if (!entries.has(TRANSPORT_SERVICE_PATH + TRANSPORT_SCHEME[transport])) return false;
    return (TRANSPORT_RUNTIME_ENTRIES[transport] ?? []).every((entry) => entries.has(entry));
  });
}

/**
 * Probes a broker build: the transports whose TLS connector the broker could start, given the jar folders on
 * its classpath (the build's lib/ and lib/optional/, plus any extra folders or jar files).
 */
export async function detectTransportsInJarDirs(dirs: string[]): Promise<Transport[]> {
  const jars: string[] = [];
  for (const dir of dirs) {
    if (dir.endsWith('.jar')) jars.push(dir);
    else jars.push(...(await listJars(dir)));
  }
  return transportsFromEntries(await collectJarEntries(jars));
}
