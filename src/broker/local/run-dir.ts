import { mkdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { listJars } from '../capabilities';

/** Files of one local run, all inside the run directory the caller chose. */
export interface RunDirLayout {
  runDir: string;
  configFile: string;
  keystoreFile: string;
  truststoreFile: string;
  log4j1File: string;
  log4j2File: string;
  logFile: string;
  dataDir: string;
  /** `<activemq.base>/lib`: the launcher puts its jars on the broker classpath */
  libDir: string;
}

export function runDirLayout(runDir: string): RunDirLayout {
  return {
    runDir,
    configFile: join(runDir, 'activemq.xml'),
    keystoreFile: join(runDir, 'broker-keystore.p12'),
    truststoreFile: join(runDir, 'broker-truststore.p12'),
    log4j1File: join(runDir, 'log4j.properties'),
    log4j2File: join(runDir, 'log4j2.properties'),
    logFile: join(runDir, 'activemq.log'),
    dataDir: join(runDir, 'data'),
    libDir: join(runDir, 'lib'),
  };
}

export async function prepareRunDir(layout: RunDirLayout): Promise<void> {
  await mkdir(layout.runDir, { recursive: true, mode: 0o700 });
  await mkdir(layout.dataDir, { recursive: true });
  await mkdir(layout.libDir, { recursive: true });
}

/** Secrets in the config and stores: readable by the owner only. */
export async function writePrivateFile(file: string, content: string | Buffer): Promise<void> {
  await writeFile(file, content, { mode: 0o600 });
}

/** Jar files named by extra entries: a `.jar` path as is, a folder by the jars directly in it. */
export async function expandJarEntries(entries: string[]): Promise<string[]> {
  const jars: string[] = [];
  for (const entry of entries) {
    if (entry.endsWith('.jar') && (await stat(entry).catch(() => null))?.isFile()) jars.push(entry);
    else jars.push(...(await listJars(entry)));
  }
  return [...new Set(jars)];
}

/**
 * Links each jar into `<runDir>/lib`, which the launcher scans (it does not take a -classpath). Symlinks keep
 * the run directory small; a numeric prefix keeps two jars with the same name from colliding.
 */
export async function linkJars(libDir: string, jars: string[]): Promise<string[]> {
  const linked: string[] = [];
  for (const [i, jar] of jars.entries()) {
    const link = join(libDir, `${String(i).padStart(2, '0')}-${basename(jar)}`);
    await rm(link, { force: true });
    await symlink(jar, link);
    linked.push(link);
  }
  return linked;
}
