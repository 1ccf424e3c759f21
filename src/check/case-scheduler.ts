/**
 * Runs tasks side by side under exclusions: a task holds its keys while it runs (here: its client, whose
 * connection it uses, and its destination, where the observer watches), and the first waiting task whose
 * keys are all free starts next. Unlike fixed per-client queues, nobody idles behind a busy destination
 * while other work is ready.
 */
export interface ScheduleOptions<T> {
  /** keys a task holds while it runs; tasks sharing a key never overlap */
  keys: (task: T) => readonly string[];
  /**
   * Keys a task holds together with any number of tasks that hold them the same way, but never while a
   * task holds one of them as a key of its own (readers and a writer: a wildcard subscription on queues
   * excludes every case on a queue it matches, and those cases do not exclude each other).
   */
  sharedKeys?: (task: T) => readonly string[];
  /** tasks running at once at most */
  limit: number;
  /** runs one task; resolves false to start no further task (the run is being stopped) */
  run: (task: T) => Promise<boolean>;
  /** receives where the run waited, when the run ends (diagnostics) */
  onStats?: (stats: ScheduleStats) => void;
}

/**
 * Where a scheduled run spent its time. The run's wall time splits into: `limit` tasks in flight (`full`),
 * fewer in flight while others waited only because their keys were busy (`blocked`), and fewer in flight
 * with nobody waiting (`drained`, the tail).
 */
export interface ScheduleStats {
  tasks: number;
  limit: number;
  wallMs: number;
  fullMs: number;
  blockedMs: number;
  drainedMs: number;
  /** time-weighted mean of the tasks in flight */
  meanInFlight: number;
  /** per task: ms between the run's start and the task's start */
  queuedMs: number[];
  /**
   * Per key kind (the key's first word, e.g. `client`, `destination`): how many times a task whose turn
   * it was had to wait for a busy key of that kind.
   */
  blockedBy: Record<string, number>;
}

/** The first word of a key: what kind of resource it excludes. */
const kindOf = (key: string): string => key.split(' ', 1)[0] ?? key;

interface Waiting<T> {
  task: T;
  keys: readonly string[];
  shared: readonly string[];
  /** the busy key this task waits for: scans pass over it until that key is released */
  parkedOn?: string;
}

export function runScheduled<T>(tasks: readonly T[], options: ScheduleOptions<T>): Promise<void> {
  // keys are asked for once per task, and a task whose key is busy is parked on it until it is released:
  // a long queue is scanned on every completion, and most of it waits for a few busy clients
  const waiting: Waiting<T>[] = tasks.map((task) => ({
    task,
    keys: options.keys(task),
    shared: options.sharedKeys?.(task) ?? [],
  }));
  const parked = new Map<string, Waiting<T>[]>();
  const busy = new Set<string>();
  /** how many running tasks hold each shared key */
  const sharedBy = new Map<string, number>();
  const release = (key: string) => {
    for (const entry of parked.get(key) ?? []) entry.parkedOn = undefined;
    parked.delete(key);
  };
  let running = 0;
  let stopped = false;
  let failure: unknown;
  const started = performance.now();
  let last = started;
  const stats: ScheduleStats = {
    tasks: tasks.length,
    limit: options.limit,
    wallMs: 0,
    fullMs: 0,
    blockedMs: 0,
    drainedMs: 0,
    meanInFlight: 0,
    queuedMs: [],
    blockedBy: {},
  };
  let inFlightMs = 0;
  /** accounts the time since the last change to the state the run was in until now */
  const account = () => {
    const now = performance.now();
    const span = now - last;
    last = now;
    inFlightMs += span * running;
    if (running >= options.limit) stats.fullMs += span;
    else if (waiting.length > 0) stats.blockedMs += span;
    else stats.drainedMs += span;
  };
  return new Promise((resolve, reject) => {
    const settleIfDone = () => {
      if (running > 0 || (!stopped && waiting.length > 0)) return;
      if (options.onStats) {
        stats.wallMs = performance.now() - started;
        stats.meanInFlight = stats.wallMs > 0 ? inFlightMs / stats.wallMs : 0;
        options.onStats(stats);
      }
      if (failure !== undefined) reject(failure);
      else resolve();
    };
    const pump = () => {
      account();
      for (let i = 0; !stopped && running < options.limit && i < waiting.length;) {
        const entry = waiting[i]!;
        const { task, keys, shared } = entry;
        if (entry.parkedOn !== undefined) {
          i += 1;
          continue;
        }
        const taken = keys.find((k) => busy.has(k) || sharedBy.has(k)) ?? shared.find((k) => busy.has(k));
        if (taken !== undefined) {
          entry.parkedOn = taken;
          const queue = parked.get(taken);
          if (queue) queue.push(entry);
          else parked.set(taken, [entry]);
          if (options.onStats) stats.blockedBy[kindOf(taken)] = (stats.blockedBy[kindOf(taken)] ?? 0) + 1;
          i += 1;
          continue;
        }
        waiting.splice(i, 1);
        for (const k of keys) busy.add(k);
        for (const k of shared) sharedBy.set(k, (sharedBy.get(k) ?? 0) + 1);
        running += 1;
        stats.queuedMs.push(performance.now() - started);
        options
          .run(task)
          .then(
            (goOn) => {
              if (!goOn) stopped = true;
            },
            (error: unknown) => {
              stopped = true;
              failure ??= error;
            },
          )
          .finally(() => {
            account();
            for (const k of keys) {
              busy.delete(k);
              release(k);
            }
            for (const k of shared) {
              const holders = (sharedBy.get(k) ?? 1) - 1;
              if (holders > 0) {
                sharedBy.set(k, holders);
                continue;
              }
              sharedBy.delete(k);
              release(k);
            }
            running -= 1;
            pump();
          });
      }
      settleIfDone();
    };
    pump();
  });
}
