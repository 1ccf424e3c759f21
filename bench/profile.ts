/**
 * `npm run bench:profile`: where a verdict's time goes. Runs the 10 users x 10 entries map once over
 * every protocol the local broker build has, and prints
 * - per protocol and operation: cases, median and p90 of each phase a probe recorded (connect, subscribe,
 *   send, observer, delivery, broker log line, settle windows, close) and each phase's share of the
 *   cases' summed time;
 * - where the run waited: time with `limit` cases in flight, with fewer while cases waited for a busy
 *   client or destination, and the tail; how often a key of each kind held a case back;
 * - CPU: the harness process, the broker's JVM and the whole machine over the probing, against wall time.
 *
 * Take a V8 CPU profile of the harness with `npm run bench:profile -- --cpu-prof` (writes
 * bench/results/*.cpuprofile and prints the functions with the most self time).
 *
 * With BENCH_JFR=1 the broker's JVM records a Java Flight Recording (bench/results/*.jfr) and the
 * script prints the broker's hottest methods and threads from its execution samples (needs `jfr`).
 *
 * Options (environment): BENCH_PROTOCOLS (list), BENCH_USERS / BENCH_ENTRIES (default 10 / 10),
 * BENCH_JVM_OPTIONS (space-separated, added to the broker's JVM options),
 * BENCH_CONCURRENCY (the scheduler's limit), BENCH_NAIVE=1 (profile the naive baseline instead).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AMAZON_MQ_PATCH } from '../src/broker/distribution/broker-version';
import { DEFAULT_JVM_OPTIONS } from '../src/broker/local/runtime';
import { selectRuntime } from '../src/broker/select-runtime';
import type { ScheduleStats } from '../src/check/case-scheduler';
import { runCheck } from '../src/check/run-check';
import { PROTOCOLS, PROTOCOL_TRANSPORT, type Protocol } from '../src/core/types';
import { PHASES, type Phase } from '../src/probes/timings';
import { syntheticPolicyYaml } from './generate-policy';
import { round } from './probe-rate';

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** CPU seconds (user + system) of a process from /proc, or undefined when it is gone. */
function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12]: utime, stime (clock ticks, 100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The JVMs this process started (the local runtime runs java under a small watchdog). */
function brokerPids(): number[] {
  const mine: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let comm = '';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== 'java') continue;
    for (let p: number | undefined = pid, hops = 0; p && p > 1 && hops < 6; p = parentOf(p), hops += 1) {
      if (p === process.pid) {
        mine.push(pid);
        break;
      }
    }
  }
  return mine;
}

/** Busy and total CPU seconds of the whole machine, from /proc/stat. */
function machineCpu(): { busy: number; total: number; fields: number[] } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const t = line.trim().split(/\s+/).slice(1).map(Number);
  const total = t.reduce((a, b) => a + b, 0) / 100;
  const idle = (t[3]! + (t[4] ?? 0)) / 100;
  return { busy: total - idle, total, fields: t.map((x) => x / 100) };
}

/** /proc/stat's columns: user nice system idle iowait irq softirq steal */
const STAT_COLUMNS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'];

interface CpuSample {
  harness: number;
  broker: number;
  machineBusy: number;
}

/** Samples CPU every 200 ms while the broker runs; JVM time is summed per pid (one per broker). */
class CpuSampler {
  private readonly jvm = new Map<number, { first: number; last: number }>();
  private timer: NodeJS.Timeout | undefined;
  private startHarness = process.cpuUsage();
  private startMachine = machineCpu();
  private startedAt = performance.now();

  start(): void {
    this.startHarness = process.cpuUsage();
    this.startMachine = machineCpu();
    this.startedAt = performance.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }

  private sample(): void {
    for (const pid of brokerPids()) {
      const cpu = procCpuSeconds(pid);
      if (cpu === undefined) continue;
      const seen = this.jvm.get(pid);
      this.jvm.set(pid, seen ? { ...seen, last: cpu } : { first: cpu, last: cpu });
    }
  }

  stop(): CpuSample & { wall: number; machineSplit: string } {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    const h = process.cpuUsage(this.startHarness);
    const m = machineCpu();
    return {
      wall: (performance.now() - this.startedAt) / 1000,
      harness: (h.user + h.system) / 1e6,
      broker: [...this.jvm.values()].reduce((sum, j) => sum + (j.last - j.first), 0),
      machineBusy: m.busy - this.startMachine.busy,
      machineSplit: STAT_COLUMNS.map(
        (c, i) => `${c} ${round((m.fields[i] ?? 0) - (this.startMachine.fields[i] ?? 0), 1)}`,
      ).join(', '),
    };
  }
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

function summarizeCpuProfile(file: string, top = 25): void {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: Node[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const pkg =
      functionName === '(idle)'
        ? '(idle)'
        : functionName === '(garbage collector)'
          ? '(gc)'
          : url.includes('/node_modules/')
            ? url.replace(/^.*\/node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
            : url.includes('/src/')
              ? `harness ${url.replace(/^.*\/src\/([^/]+).*$/, 'src/$1')}`
              : url
                ? 'node internals'
                : functionName.startsWith('(')
                  ? functionName
                  : 'native';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
  });
  const pct = (us: number) => `${round((100 * us) / total)}%`;
  console.log(`\n== V8 CPU profile ${file}: ${round(total / 1e6, 2)} s sampled`);
  for (const [k, v] of [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`${pad(pct(v), 7)}  ${k}`);
  console.log('-- functions by self time');
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${pad(pct(v), 7)}  ${k}`);
}

/**
 * The broker's CPU by kind of thread, from JFR's per-thread CPU load (sampled once a second): what the
 * JIT compilers and the garbage collector cost against the transports' threads that do the work.
 */
function summarizeJfrThreads(file: string): void {
  const printed = spawnSync('jfr', ['print', '--json', '--events', 'jdk.ThreadCPULoad', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (printed.status !== 0) return;
  interface Load {
    values: { eventThread?: { javaName?: string; osName?: string }; user: number; system: number };
  }
  const events = (JSON.parse(printed.stdout) as { recording: { events: Load[] } }).recording.events;
  const byKind = new Map<string, number>();
  let total = 0;
  for (const e of events) {
    const t = e.values.eventThread;
    const name = (t?.javaName ?? t?.osName ?? '?').replace(/\d+|:\/\/.*$/g, '#');
    const load = e.values.user + e.values.system;
    total += load;
    byKind.set(name, (byKind.get(name) ?? 0) + load);
  }
  console.log(`\n== broker threads by CPU (JFR jdk.ThreadCPULoad, ${events.length} samples)`);
  for (const [k, v] of [...byKind.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`${pad(`${round((100 * v) / total)}%`, 7)}  ${k}`);
}

/** The broker's hottest methods (top frame), packages and threads in a JFR recording's execution samples. */
function summarizeJfr(file: string, top = 25): void {
  summarizeJfrThreads(file);
  const printed = spawnSync('jfr', ['print', '--json', '--events', 'jdk.ExecutionSample', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (printed.status !== 0) {
    console.log(`(jfr print failed: ${printed.stderr})`);
    return;
  }
  interface Frame {
    method: { type: { name: string }; name: string };
  }
  interface Sample {
    values: { sampledThread?: { javaName?: string }; stackTrace?: { frames: Frame[] } };
  }
  const events = (JSON.parse(printed.stdout) as { recording: { events: Sample[] } }).recording.events;
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const methods = new Map<string, number>();
  const areas = new Map<string, number>();
  const threads = new Map<string, number>();
  for (const e of events) {
    const frames = e.values.stackTrace?.frames ?? [];
    const name = (f: Frame) => `${f.method.type.name}.${f.method.name}`;
    if (frames[0]) count(methods, name(frames[0]));
    // what the sample was doing, by the first frame that names a known area
    const all = frames.map(name).join(' ').replace(/\//g, '.');
    const area =
      /sun\.security\.ssl|javax\.net\.ssl|sun\.security\.(rsa|ec|provider)|java\.math\.BigInteger/.test(all)
        ? 'TLS (handshake, record encryption)'
        : /log4j|Logger/.test(all)
          ? 'logging'
          : /websocket|jetty/i.test(all)
            ? 'jetty / websocket'
            : /security\.(AuthorizationBroker|JaasAuth|SimpleAuth)|AuthorizationMap/.test(all)
              ? 'authentication / authorization'
              : /advisory/i.test(all)
                ? 'advisories'
                : /transport\.(stomp|mqtt|amqp)|proton/.test(all)
                  ? 'protocol converters'
                  : /openwire/.test(all)
                    ? 'openwire marshalling'
                    : 'other broker work';
    count(areas, area);
    count(threads, (e.values.sampledThread?.javaName ?? '?').replace(/\d+|:\/\/.*$/g, '#'));
  }
  const pct = (n: number) => `${round((100 * n) / events.length)}%`;
  const show = (title: string, m: Map<string, number>, n: number) => {
    console.log(`-- ${title}`);
    for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n))
      console.log(`${pad(pct(v), 7)}  ${k}`);
  };
  console.log(`\n== broker JFR ${file}: ${events.length} execution samples`);
  show('by area (first match over the whole stack)', areas, 10);
  show('by thread', threads, 8);
  show('top frames', methods, top);
}

/** `npx tsx bench/profile.ts --jfr <file>`: only the summary of an existing recording. */
async function main(): Promise<void> {
  const jfrArg = process.argv.indexOf('--jfr');
  if (jfrArg > 0 && process.argv[jfrArg + 1]) {
    summarizeJfr(process.argv[jfrArg + 1]!);
    return;
  }
  if (process.argv.includes('--cpu-prof') && !process.execArgv.some((a) => a.startsWith('--cpu-prof'))) {
    // re-run this script under V8's profiler, then summarize what it wrote
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const name = `harness-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`;
    const child = spawnSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`, '--import', 'tsx', __filename],
      { stdio: 'inherit', env: process.env },
    );
    if (child.status !== 0) process.exit(child.status ?? 3);
    summarizeCpuProfile(join(dir, name));
    return;
  }
  const version = AMAZON_MQ_PATCH['5.18']!;
  const local = await selectRuntime('local', { brokerVersion: version });
  const supported = (await local.runtime.capabilities(version)) as string[];
  const wanted = process.env.BENCH_PROTOCOLS?.split(',') as Protocol[] | undefined;
  const protocols = (wanted ?? PROTOCOLS).filter((p) => supported.includes(PROTOCOL_TRANSPORT[p]));
  const users = Number(process.env.BENCH_USERS ?? 10);
  const entries = Number(process.env.BENCH_ENTRIES ?? 10);
  const naive = process.env.BENCH_NAIVE === '1';
  const dir = mkdtempSync(join(tmpdir(), 'amq-auth-profile-'));
  const input = join(dir, `policy-${users}x${entries}.yaml`);
  writeFileSync(input, syntheticPolicyYaml(users, entries));

  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const jfrFile =
    process.env.BENCH_JFR === '1'
      ? join(resultsDir, `broker-${new Date().toISOString().replace(/[:.]/g, '-')}.jfr`)
      : undefined;
  const extraJvm = (process.env.BENCH_JVM_OPTIONS ?? '').split(' ').filter(Boolean);
  const sampler = new CpuSampler();
  const schedules: ScheduleStats[] = [];
  let ready = 0;
  const begun = performance.now();
  const result = await runCheck({
    input,
    runtime: 'local',
    protocols,
    ...(naive ? { concurrency: 1, connectionPerCase: true } : {}),
    ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}),
    onScheduleStats: (s) => schedules.push(s),
    ...(jfrFile || extraJvm.length
      ? {
          runtimeOptions: {
            local: {
              jvmOptions: [
                ...DEFAULT_JVM_OPTIONS,
                ...extraJvm,
                ...(jfrFile
                  ? [`-XX:StartFlightRecording=filename=${jfrFile},settings=profile,dumponexit=true`]
                  : []),
              ],
            },
          },
        }
      : {}),
    log: (line) => {
      if (line.startsWith('broker ready')) {
        ready = performance.now();
        sampler.start();
      }
    },
  });
  const cpu = sampler.stop();
  const probeSeconds = (performance.now() - ready) / 1000;
  console.log(`broker started (and the plan built) in ${round((ready - begun) / 1000, 2)} s`);
  const probed = result.verdicts.filter((v) => v.kind !== 'skipped');
  console.log(
    `${users} users x ${entries} entries over ${protocols.join(', ')}${naive ? ' (naive baseline)' : ''}: ` +
      `${probed.length} verdicts in ${round(probeSeconds, 2)} s = ${round(probed.length / probeSeconds)}/s, ` +
      `${result.counts.inconclusive} inconclusive, ${result.counts['expectation-failure'] + result.counts['model-disagreement']} failures`,
  );

  // per protocol and operation
  const groups = new Map<string, { durations: number[]; phases: Map<Phase, number[]> }>();
  const connections = new Map<string, number>();
  let allCaseMs = 0;
  const allPhase = new Map<Phase, number>();
  for (const v of probed) {
    const o = v.observation;
    if (!o) continue;
    const key = `${v.case.protocol} ${v.case.operation}`;
    const g = groups.get(key) ?? { durations: [] as number[], phases: new Map<Phase, number[]>() };
    groups.set(key, g);
    g.durations.push(o.durationMs);
    if ((o.timings?.connect ?? 0) >= 2)
      connections.set(v.case.protocol, (connections.get(v.case.protocol) ?? 0) + 1);
    allCaseMs += o.durationMs;
    for (const phase of PHASES) {
      const ms = o.timings?.[phase];
      if (ms === undefined) continue;
      const list = g.phases.get(phase) ?? [];
      list.push(ms);
      g.phases.set(phase, list);
      allPhase.set(phase, (allPhase.get(phase) ?? 0) + ms);
    }
  }
  const shown = PHASES.filter((p) => allPhase.has(p));
  const short: Record<Phase, string> = {
    connect: 'connect',
    subscribe: 'sub',
    observerSubscribe: 'obsSub',
    send: 'send',
    observerSend: 'obsSend',
    delivery: 'deliver',
    brokerLog: 'log',
    settle: 'settle',
    close: 'close',
  };
  console.log('\n== per case, ms: median/p90 of each phase (cases that had it); total = the case');
  console.log(
    `${'protocol operation'.padEnd(24)}${pad('n', 5)}${pad('total', 12)}${shown.map((p) => pad(short[p], 12)).join('')}`,
  );
  for (const [key, g] of [...groups.entries()].sort()) {
    const cell = (xs: number[] | undefined) =>
      xs && xs.length ? `${round(quantile(xs, 0.5), 0)}/${round(quantile(xs, 0.9), 0)}` : '-';
    console.log(
      `${key.padEnd(24)}${pad(g.durations.length, 5)}${pad(cell(g.durations), 12)}${shown.map((p) => pad(cell(g.phases.get(p)), 12)).join('')}`,
    );
  }
  const said = (v: (typeof probed)[number]) => v.observation?.evidence.map((e) => e.text).join('\n') ?? '';
  const fenced = probed.filter((v) => said(v).includes('arrived first')).length;
  const windowed = probed.filter((v) => / ms after the broker logged the denial\)/.test(said(v))).length;
  console.log(
    `\nsilent denials decided by the observer's fence: ${fenced}, by the fixed settle window: ${windowed}`,
  );
  console.log(
    `\ncases that waited >= 2 ms for a connection (a new one, or one prepared in the background): ${[...connections.entries()].map(([p, n]) => `${p} ${n}`).join(', ')}`,
  );
  // a case's verdict is made before its cleanup (close), so the phases add up to more than its duration
  const phaseMs = [...allPhase.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\n== share of the cases' time by phase (${round(phaseMs / 1000, 1)} case-seconds in phases; ` +
      `${round(allCaseMs / 1000, 1)} until the verdicts, the rest is cleanup after them)`,
  );
  for (const phase of shown) {
    const ms = allPhase.get(phase) ?? 0;
    console.log(
      `${phase.padEnd(18)} ${pad(round(ms / 1000, 1), 7)} s ${pad(round((100 * ms) / phaseMs), 6)}%`,
    );
  }

  console.log('\n== where the run waited (the scheduler, per batch of cases run side by side)');
  for (const s of schedules) {
    const share = (ms: number) => `${round(ms / 1000, 2)} s (${round((100 * ms) / s.wallMs)}%)`;
    console.log(
      `${s.tasks} cases, limit ${s.limit}: wall ${round(s.wallMs / 1000, 2)} s, mean in flight ${round(s.meanInFlight, 1)}; ` +
        `full ${share(s.fullMs)}, below the limit while cases waited on busy keys ${share(s.blockedMs)}, tail ${share(s.drainedMs)}`,
    );
    const queued = s.queuedMs;
    console.log(
      `  start delay after the batch began: median ${round(quantile(queued, 0.5) / 1000, 2)} s, p90 ${round(quantile(queued, 0.9) / 1000, 2)} s; ` +
        `a case's turn passed over because a key was busy: ${
          Object.entries(s.blockedBy)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || 'never'
        }`,
    );
  }

  const cores = cpus().length;
  console.log(
    `\n== CPU over the probing (${round(cpu.wall, 2)} s wall, ${cores} cores = ${round(cpu.wall * cores, 1)} core-seconds)`,
  );
  console.log(
    `harness (node)  ${pad(round(cpu.harness, 2), 7)} s  ${pad(round((100 * cpu.harness) / cpu.wall), 5)}% of one core`,
  );
  console.log(
    `broker (jvm)    ${pad(round(cpu.broker, 2), 7)} s  ${pad(round((100 * cpu.broker) / cpu.wall), 5)}% of one core`,
  );
  console.log(
    `machine busy    ${pad(round(cpu.machineBusy, 2), 7)} s  ${pad(round((100 * cpu.machineBusy) / (cpu.wall * cores)), 5)}% of all cores`,
  );
  console.log(`machine split   ${cpu.machineSplit} (core-seconds)`);
  // what one verdict costs, and so the most verdicts per second these cores could give with nothing idle
  const perVerdictMs = (seconds: number) => round((1000 * seconds) / probed.length, 2);
  console.log(
    `per verdict     harness ${perVerdictMs(cpu.harness)} ms, broker ${perVerdictMs(cpu.broker)} ms, machine ${perVerdictMs(cpu.machineBusy)} ms of CPU; ` +
      `every core busy at that cost: ${round((probed.length * cores) / cpu.machineBusy)} verdicts/s`,
  );
  if (jfrFile) summarizeJfr(jfrFile);
}

main().catch((err) => {
  console.error(err);
  process.exit(3);
});
