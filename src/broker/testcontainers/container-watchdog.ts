import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { DockerEndpoint } from './docker';

/** Every container this process starts carries its session label; the watchdog removes them by it. */
export const SESSION_LABEL = 'amq-auth-harness.session';
/** One broker start: lets a user or a test find exactly one run's container. */
export const RUN_LABEL = 'amq-auth-harness.run';
export const BROKER_NAME_LABEL = 'amq-auth-harness.broker';

/**
 * Runs in a detached node process that holds the read end of a pipe from the harness. The pipe closes when
 * the harness ends for any reason, SIGKILL included (no handler runs then, and Ryuk may be unavailable);
 * the watchdog then force-removes every container with this process's session label and exits. It talks to
 * the engine's socket directly when there is one, else through the docker CLI with the same DOCKER_HOST.
 */
const WATCHDOG_SOURCE = String.raw`
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const [label, socketPath] = process.argv.slice(1);
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(signal, () => {});
function request(method, path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path, timeout: 10000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
async function sweepSocket() {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  const list = await request('GET', '/containers/json?all=1&filters=' + filters);
  for (const c of JSON.parse(list.body)) {
    await request('DELETE', '/containers/' + c.Id + '?force=1&v=1').catch(() => {});
  }
}
function sweepCli() {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', 'label=' + label], { encoding: 'utf8' })
    .split(/\s+/).filter(Boolean);
  if (ids.length) execFileSync('docker', ['rm', '-f', '-v', ...ids], { stdio: 'ignore' });
}
let swept = false;
async function sweep() {
  if (swept) return;
  swept = true;
  try { socketPath ? await sweepSocket() : sweepCli(); } catch {}
  process.exit(0);
}
process.stdin.on('data', () => {});
process.stdin.on('end', sweep);
process.stdin.on('close', sweep);
process.stdin.on('error', sweep);
`;

let sessionId: string | undefined;
let watchdog: ChildProcess | undefined;

/** This process's session id (one per process, shared by every runtime instance in it). */
export function harnessSessionId(): string {
  sessionId ??= randomUUID();
  return sessionId;
}

export function sessionLabelFilter(): string {
  return `${SESSION_LABEL}=${harnessSessionId()}`;
}

/**
 * Starts the watchdog once per process (before the first container is created). It lives in its own process
 * group, so a Ctrl-C to the harness's terminal does not reach it, and it does not keep the harness alive.
 */
export function ensureContainerWatchdog(endpoint: DockerEndpoint): void {
  if (watchdog && watchdog.exitCode === null) return;
  watchdog = spawn(
    process.execPath,
    ['-e', WATCHDOG_SOURCE, sessionLabelFilter(), endpoint.socketPath ?? ''],
    {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      cwd: '/',
    },
  );
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  watchdog.on('error', () => {
    watchdog = undefined;
  });
}

/** The watchdog's pid, for tests that check it outlives the harness. */
export function containerWatchdogPid(): number | undefined {
  return watchdog?.pid;
}
