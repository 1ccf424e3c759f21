/**
 * Runs tasks side by side under exclusions: a task holds its keys while it runs (here: its client, whose
 * connection it uses, and its destination, where the observer watches), and the first waiting task whose
 * keys are all free starts next. Unlike fixed per-client queues, nobody idles behind a busy destination
 * while other work is ready.
 */
export interface ScheduleOptions<T> {
  /** keys a task holds while it runs; tasks sharing a key never overlap */
  keys: (task: T) => readonly string[];
  /** tasks running at once at most */
  limit: number;
  /** runs one task; resolves false to start no further task (the run is being stopped) */
  run: (task: T) => Promise<boolean>;
}

export function runScheduled<T>(tasks: readonly T[], options: ScheduleOptions<T>): Promise<void> {
  const waiting = [...tasks];
  const busy = new Set<string>();
  let running = 0;
  let stopped = false;
  let failure: unknown;
  return new Promise((resolve, reject) => {
    const settleIfDone = () => {
      if (running > 0 || (!stopped && waiting.length > 0)) return;
      if (failure !== undefined) reject(failure);
      else resolve();
    };
    const pump = () => {
      for (let i = 0; !stopped && running < options.limit && i < waiting.length;) {
        const task = waiting[i]!;
        const keys = options.keys(task);
        if (keys.some((k) => busy.has(k))) {
          i += 1;
          continue;
        }
        waiting.splice(i, 1);
        for (const k of keys) busy.add(k);
        running += 1;
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
            for (const k of keys) busy.delete(k);
            running -= 1;
            pump();
          });
      }
      settleIfDone();
    };
    pump();
  });
}
