import { createInterface } from 'node:readline';
import { constants as osConstants } from 'node:os';
import { BrokerStartError } from '../../core/errors';
import { SECRET_MASK } from '../../core/secret';
import type { Transport } from '../../core/types';
import { BrokerLogBuffer } from '../broker-log';
import { detectTransportsInJarDirs } from '../capabilities';
import { TRANSPORT_SCHEME } from '../transports';
import type {
  BrokerExit,
  BrokerRuntime,
  BrokerStartRequest,
  Endpoint,
  RenderTarget,
  RunningBroker,
} from '../types';
import { brokerErrorLines, isErrorLine, parseListening, parseStarted } from './broker-output';
import {
  debianMqttJars,
  extraLibEntries,
  findActiveMq,
  findJava,
  managedInstallation,
  userActiveMqHome,
  type ActiveMqInstallation,
} from './installation';
import { requireJava } from './java-version';
import { ensureDistribution, type DistributionEvent } from '../distribution/ensure-distribution';
import { versionMismatch, type BrokerBuild } from '../types';
import { UsageError } from '../../core/errors';
import { detectLog4j, log4j1Properties, log4j2Properties } from './log-config';
import { registerBrokerProcess, unregisterBrokerProcess } from './process-registry';
import {
  expandJarEntries,
  linkJars,
  prepareRunDir,
  runDirLayout,
  writePrivateFile,
  type RunDirLayout,
} from './run-dir';
import { spawnWatched, WATCHDOG_PID_MARKER } from './watchdog';

/** From spawn to the `... started` line; a JVM on a busy two-core machine takes a few seconds at most. */
export const BROKER_START_TIMEOUT_MS = 30_000;
/** After an ERROR before readiness the broker normally exits within a second; then it is killed. */
export const FATAL_ERROR_EXIT_WAIT_MS = 3_000;
/** stop(): time for a clean shutdown after SIGTERM before SIGKILL. */
export const BROKER_STOP_GRACE_MS = 10_000;
/** The watchdog's own SIGTERM-to-SIGKILL delay when the harness disappears. */
export const WATCHDOG_KILL_GRACE_SECONDS = 10;
/** Loopback only: the run's brokers are never reachable from other hosts. */
export const LOCAL_BIND_HOST = '127.0.0.1';
/** The name clients connect to; the run certificate's SAN. */
export const LOCAL_ENDPOINT_HOST = 'localhost';
/**
 * A small heap: brokers of a run hold a few probe messages at most. The client compiler only
 * (`TieredStopAtLevel=1`): a run lives seconds to minutes, and the optimizing compiler's threads took about
 * a quarter of the broker's CPU during a probing run without paying it back (`npm run bench:profile`
 * measured the broker's CPU for the same verdicts down by about 40%). Neither changes what the broker decides.
 */
export const DEFAULT_JVM_OPTIONS = [
  '-Xms64m',
  '-Xmx512m',
  '-Djava.awt.headless=true',
  '-XX:TieredStopAtLevel=1',
];

export interface LocalRuntimeOptions {
  /**
   * The user's own ActiveMQ Classic build (default ACTIVEMQ_HOME). Without one, the harness runs the
   * release the start request names from a distribution it downloads, verifies and caches.
   */
  activemqHome?: string;
  /** the release capabilities() describes before a start names one */
  brokerVersion?: string;
  /** download progress of a managed distribution (the CLI draws it on a terminal) */
  onDistributionEvent?: (event: DistributionEvent) => void;
  /** default JAVA_HOME, else `java` on PATH */
  javaHome?: string;
  /** extra jar folders (or jar files) for the broker classpath; AMQ_AUTH_EXTRA_LIBS adds more */
  extraLibDirs?: string[];
  /** environment to read ACTIVEMQ_HOME, JAVA_HOME, PATH and AMQ_AUTH_EXTRA_LIBS from; default process.env */
  env?: NodeJS.ProcessEnv;
  jvmOptions?: string[];
  startTimeoutMs?: number;
  /**
   * Start exactly these transports instead of those the build supports. For diagnosing a build the probe
   * misjudges; an unsupported transport then makes the broker itself fail, with its own message.
   */
  transportsOverride?: Transport[];
  /** fixed ports per transport; default 0, the broker picks free ones and the log names them */
  ports?: Partial<Record<Transport, number>>;
}

/** A broker started by LocalRuntime, with where its files are and the JVM's pid. */
export interface LocalRunningBroker extends RunningBroker {
  runtime: 'local';
  runDir: string;
  configFile: string;
  /** pid of the broker's JVM */
  pid: number;
}

interface ReadyInfo {
  version: string;
  ports: Partial<Record<Transport, number>>;
}

function exitFromShell(code: number | null, signal: NodeJS.Signals | null, expected: boolean): BrokerExit {
  // The watchdog shell reports a JVM killed by signal n as exit code 128 + n.
  if (code !== null && code > 128) {
    const name = Object.entries(osConstants.signals).find(([, n]) => n === code - 128)?.[0];
    if (name) return { code: null, signal: name, expected };
  }
  return { code, signal, expected };
}

function describeExit(exit: BrokerExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

export class LocalRuntime implements BrokerRuntime {
  readonly kind = 'local' as const;
  private readonly installations = new Map<string, Promise<ActiveMqInstallation>>();

  constructor(private readonly options: LocalRuntimeOptions = {}) {}

  private get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  /**
   * The ActiveMQ this runtime runs for `version`: the user's own build when one is named (whatever its
   * version; start() flags a difference), else the managed distribution of that release, downloaded on
   * first use. Rejects with InfrastructureError (and a hint) when there is none.
   */
  installation(version = this.options.brokerVersion): Promise<ActiveMqInstallation> {
    const user = userActiveMqHome(this.options.activemqHome, this.env);
    const key = user ? `user ${user.home}` : `managed ${version}`;
    let found = this.installations.get(key);
    if (!found) {
      if (user) found = findActiveMq(user.home, user.source);
      else if (!version) {
        return Promise.reject(
          new UsageError(
            'the local runtime needs a broker version to download, or ACTIVEMQ_HOME',
            'name the engine in the policy (e.g. amazon-mq/5.18) or pass --broker-version',
          ),
        );
      } else {
        found = ensureDistribution(version, {
          env: this.env,
          onEvent: this.options.onDistributionEvent,
        }).then(managedInstallation);
      }
      this.installations.set(key, found);
      found.catch(() => this.installations.delete(key));
    }
    return found;
  }

  /** Jar files added to the build's own classpath: the extra entries, plus Debian's MQTT codec for Debian's build. */
  async extraJars(version?: string): Promise<string[]> {
    const installation = await this.installation(version);
    const entries = [
      ...extraLibEntries(this.options.extraLibDirs, this.env),
      ...(await debianMqttJars(installation)),
    ];
    return expandJarEntries(entries);
  }

  async capabilities(version?: string): Promise<Transport[]> {
    const installation = await this.installation(version);
    return detectTransportsInJarDirs([...installation.libDirs, ...(await this.extraJars(version))]);
  }

  async start(request: BrokerStartRequest): Promise<LocalRunningBroker> {
    const installation = await this.installation(request.brokerVersion);
    const java = await findJava(this.options.javaHome, this.env);
    await requireJava(java, installation.javaMajor, installation.version ?? request.brokerVersion);
    const capabilities = await this.capabilities(request.brokerVersion);
    const transports =
      this.options.transportsOverride ?? request.transports.filter((t) => capabilities.includes(t));
    if (transports.length === 0) {
      throw new BrokerStartError(
        `none of the requested transports (${request.transports.join(', ') || 'none'}) is supported by ActiveMQ at ${installation.home}`,
        {
          hint: `this build supports: ${capabilities.join(', ') || 'nothing'}; use a build with the others, or the testcontainers runtime`,
        },
      );
    }

    const layout = runDirLayout(request.runDir);
    await prepareRunDir(layout);
    await linkJars(layout.libDir, await this.extraJars(request.brokerVersion));
    const target: RenderTarget = {
      transports,
      ports: Object.fromEntries(transports.map((t) => [t, this.options.ports?.[t] ?? 0])),
      tcpNoDelay: true,
      keystorePath: layout.keystoreFile,
      truststorePath: layout.truststoreFile,
      keystorePassword: request.tls.keystorePassword,
      truststorePassword: request.tls.truststorePassword,
      bindHost: LOCAL_BIND_HOST,
    };
    await writePrivateFile(layout.keystoreFile, request.tls.keystoreP12);
    await writePrivateFile(layout.truststoreFile, request.tls.truststoreP12);
    await writePrivateFile(layout.configFile, request.renderXml(target));
    const flavours = await detectLog4j(installation.libDirs);
    if (flavours.includes('log4j1'))
      await writePrivateFile(layout.log4j1File, log4j1Properties(layout.logFile));
    if (flavours.includes('log4j2'))
      await writePrivateFile(layout.log4j2File, log4j2Properties(layout.logFile));

    const secrets = [request.tls.keystorePassword.reveal(), request.tls.truststorePassword.reveal()];
    return this.launch(installation, java, layout, request, transports, capabilities, flavours, secrets);
  }

  private async launch(
    installation: ActiveMqInstallation,
    java: string,
    layout: RunDirLayout,
    request: BrokerStartRequest,
    transports: Transport[],
    capabilities: Transport[],
    flavours: string[],
    secrets: string[],
  ): Promise<LocalRunningBroker> {
    const args = [
      ...(this.options.jvmOptions ?? DEFAULT_JVM_OPTIONS),
      `-Dactivemq.home=${installation.home}`,
      `-Dactivemq.base=${layout.runDir}`,
      `-Dactivemq.conf=${layout.runDir}`,
      `-Dactivemq.data=${layout.dataDir}`,
      ...(flavours.includes('log4j1') ? [`-Dlog4j.configuration=file:${layout.log4j1File}`] : []),
      ...(flavours.includes('log4j2') ? [`-Dlog4j2.configurationFile=file:${layout.log4j2File}`] : []),
      '-jar',
      installation.launcherJar,
      'start',
      `xbean:file:${layout.configFile}`,
    ];
    const child = spawnWatched({
      command: java,
      args,
      cwd: layout.runDir,
      env: this.env,
      killGraceSeconds: WATCHDOG_KILL_GRACE_SECONDS,
    });
    const log = new BrokerLogBuffer(layout.logFile);
    const redact = (line: string) => secrets.reduce((l, s) => (s ? l.split(s).join(SECRET_MASK) : l), line);
    let javaPid: number | undefined;
    let stopRequested = false;
    const lineListeners = new Set<(line: string) => void>();
    const onLine = (raw: string) => {
      const line = redact(raw);
      log.push(line);
      for (const listener of lineListeners) listener(line);
    };
    const javaPidKnown = new Promise<number>((resolve) => {
      createInterface({ input: child.stderr }).on('line', (line) => {
        if (javaPid === undefined && line.startsWith(WATCHDOG_PID_MARKER)) {
          javaPid = Number(line.slice(WATCHDOG_PID_MARKER.length));
          resolve(javaPid);
        } else onLine(line);
      });
    });
    createInterface({ input: child.stdout }).on('line', onLine);

    const registryId = child.pid ?? -1;
    registerBrokerProcess(registryId, () => {
      child.stdin.destroy();
      if (javaPid !== undefined) killQuietly(javaPid, 'SIGTERM');
    });
    const exited = new Promise<BrokerExit>((resolve) => {
      child.once('error', (err) => {
        log.push(`failed to run ${java}: ${err.message}`);
        resolve({ code: null, signal: null, expected: stopRequested });
      });
      child.once('close', (code, signal) => {
        unregisterBrokerProcess(registryId);
        resolve(exitFromShell(code, signal, stopRequested));
      });
    });
    // stdin is only the watchdog's lifeline; a write error after it closes is expected.
    child.stdin.on('error', () => undefined);

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        stopRequested = true;
        child.stdin.end();
        if (javaPid !== undefined) killQuietly(javaPid, 'SIGTERM');
        const done = await Promise.race([
          exited.then(() => true),
          delay(BROKER_STOP_GRACE_MS).then(() => false),
        ]);
        if (!done) {
          if (javaPid !== undefined) killQuietly(javaPid, 'SIGKILL');
          if (child.pid !== undefined) killQuietly(child.pid, 'SIGKILL');
          await exited;
        }
      })();
      return stopping;
    };

    let ready: ReadyInfo;
    try {
      ready = await this.awaitReady(lineListeners, log, exited, transports, request.brokerName);
      await javaPidKnown;
    } catch (error) {
      await stop();
      if (error instanceof StartFailure) {
        throw new BrokerStartError(`ActiveMQ at ${installation.home} did not start: ${error.message}`, {
          brokerLines: error.lines.length ? error.lines : log.lines().slice(-20),
          hint: `full broker log: ${layout.logFile} and the lines above; configuration: ${layout.configFile}`,
        });
      }
      throw error;
    }

    const endpoints: Partial<Record<Transport, Endpoint>> = {};
    for (const transport of transports) {
      const port = ready.ports[transport]!;
      endpoints[transport] = {
        transport,
        host: LOCAL_ENDPOINT_HOST,
        port,
        url: `${TRANSPORT_SCHEME[transport]}://${LOCAL_ENDPOINT_HOST}:${port}`,
      };
    }
    return {
      runtime: 'local',
      brokerName: request.brokerName,
      version: ready.version,
      requestedVersion: request.brokerVersion,
      build: describeBuild(installation),
      versionWarning: versionMismatch(
        request.brokerVersion,
        ready.version,
        `from ${installation.origin === 'user' ? `your own build at ${installation.home}` : installation.home}`,
      ),
      endpoints,
      caPem: request.tls.caPem,
      capabilities,
      log,
      exited,
      stop,
      runDir: layout.runDir,
      configFile: layout.configFile,
      pid: javaPid!,
    };
  }

  /**
   * Ready means the broker's `... started` line, not an open port: connectors listed before a failing one
   * listen briefly before the broker shuts down again.
   */
  private awaitReady(
    lineListeners: Set<(line: string) => void>,
    log: BrokerLogBuffer,
    exited: Promise<BrokerExit>,
    transports: Transport[],
    brokerName: string,
  ): Promise<ReadyInfo> {
    const timeoutMs = this.options.startTimeoutMs ?? BROKER_START_TIMEOUT_MS;
    return new Promise<ReadyInfo>((resolve, reject) => {
      const ports: Partial<Record<Transport, number>> = {};
      const timers: NodeJS.Timeout[] = [];
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        lineListeners.delete(onLine);
        outcome();
      };
      const fail = (message: string) =>
        finish(() => reject(new StartFailure(message, brokerErrorLines(log.lines()))));
      const onLine = (line: string) => {
        const listening = parseListening(line);
        if (listening) ports[listening.transport] = listening.port;
        const started = parseStarted(line);
        if (started && started.brokerName === brokerName) {
          const missing = transports.filter((t) => ports[t] === undefined);
          if (missing.length) fail(`it started without listening on ${missing.join(', ')}`);
          else finish(() => resolve({ version: started.version, ports }));
        } else if (isErrorLine(line) && timers.length === 1) {
          timers.push(
            setTimeout(
              () =>
                fail(
                  `it logged an error and neither exited nor became ready within ${FATAL_ERROR_EXIT_WAIT_MS} ms`,
                ),
              FATAL_ERROR_EXIT_WAIT_MS,
            ),
          );
        }
      };
      timers.push(setTimeout(() => fail(`it was not ready within ${timeoutMs} ms`), timeoutMs));
      lineListeners.add(onLine);
      for (const line of log.lines()) onLine(line);
      void exited.then((exit) => fail(`the broker process ${describeExit(exit)} before it was ready`));
    });
  }
}

function describeBuild(installation: ActiveMqInstallation): BrokerBuild {
  const d = installation.distribution;
  if (installation.origin === 'user' || !d) {
    return { kind: 'user-build', description: `your own ActiveMQ build at ${installation.home}` };
  }
  const how =
    d.source === 'archive'
      ? `Apache's binary distribution (${d.pinned ? 'checksum pinned in the harness' : "the repository's checksum"})`
      : `assembled from the release's module jars and pinned dependencies (checksums pinned in the harness)`;
  return {
    kind: 'managed-distribution',
    description: `Apache ActiveMQ ${d.version}, ${how}, cached at ${d.home}`,
    substitutes: d.substitutes.length ? d.substitutes : undefined,
  };
}

class StartFailure extends Error {
  constructor(
    message: string,
    readonly lines: string[],
  ) {
    super(message);
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
