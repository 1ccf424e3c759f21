/**
 * Brokers this process started and has not stopped yet. On exit, SIGINT or SIGTERM each gets SIGTERM at once
 * (the watchdog also notices its closed pipe, this is just sooner). Handlers exist only while a broker runs,
 * and a signal is re-raised afterwards when nobody else handles it, so the process still ends as it would have.
 */
const live = new Map<number, () => void>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let installed = false;

function terminateAll(): void {
  for (const kill of live.values()) kill();
  live.clear();
}

function onExit(): void {
  terminateAll();
}

function onSignal(signal: NodeJS.Signals): void {
  terminateAll();
  uninstall();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** `terminate` must be synchronous: on `exit` nothing asynchronous runs any more. */
export function registerBrokerProcess(id: number, terminate: () => void): void {
  live.set(id, terminate);
  install();
}

export function unregisterBrokerProcess(id: number): void {
  live.delete(id);
  if (live.size === 0) uninstall();
}
