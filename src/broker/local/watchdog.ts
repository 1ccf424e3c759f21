import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Marker the watchdog writes to stderr (before the broker writes anything) so the harness learns the JVM's pid. */
export const WATCHDOG_PID_MARKER = 'amq-auth-watchdog: broker pid ';

/**
 * A POSIX shell between the harness and the JVM. It starts the JVM in the background and blocks reading its
 * own stdin, a pipe from the harness; the pipe closes when the harness ends for any reason (including
 * SIGKILL, which runs no handler), and the shell then sends SIGTERM, and SIGKILL after a grace period.
 * stdin is duplicated to fd 3 first because a background list's stdin is /dev/null. The reader's output goes
 * to /dev/null so it never holds the harness's stdout pipe open.
 */
const WATCHDOG_SCRIPT = `
grace="$1"; shift
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
echo "${WATCHDOG_PID_MARKER}$child" >&2
(
  while read -r _ <&3; do :; done
  kill -TERM "$child" 2>/dev/null || exit 0
  sleep "$grace"
  kill -KILL "$child" 2>/dev/null
) >/dev/null 2>&1 &
watcher=$!
exec 3<&-
wait "$child"
code=$?
kill "$watcher" 2>/dev/null
exit "$code"
`;

export interface WatchedProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** seconds between the watchdog's SIGTERM and SIGKILL */
  killGraceSeconds: number;
}

export function spawnWatched(opts: WatchedProcessOptions): ChildProcessWithoutNullStreams {
  return spawn(
    '/bin/sh',
    ['-c', WATCHDOG_SCRIPT, 'amq-auth-watchdog', String(opts.killGraceSeconds), opts.command, ...opts.args],
    {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
}
