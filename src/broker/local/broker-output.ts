import type { Transport } from '../../core/types';
import { TRANSPORT_SCHEME } from '../transports';

/** `Listening for connections at: ssl://127.0.0.1:42283` (the wss connector logs it without the colon). */
const LISTENING = /Listening for connections at:?\s+([a-z0-9+]+):\/\/(\[[^\]]*\]|[^:/\s]+):(\d+)/i;
/** `Apache ActiveMQ 5.17.2 (t1, ID:host-1234-1795344616636-0:1) started` */
const STARTED = /Apache ActiveMQ (\S+) \((.+?), ID:\S+\) started/;

const TRANSPORT_BY_SCHEME = new Map<string, Transport>(
  (Object.entries(TRANSPORT_SCHEME) as [Transport, string][]).map(([t, s]) => [s, t]),
);

export interface ListeningLine {
  transport: Transport;
  port: number;
}

export function parseListening(line: string): ListeningLine | null {
  const m = LISTENING.exec(line);
  if (!m) return null;
  const transport = TRANSPORT_BY_SCHEME.get(m[1]!.toLowerCase());
  return transport ? { transport, port: Number(m[3]) } : null;
}

export function parseStarted(line: string): { version: string; brokerName: string } | null {
  const m = STARTED.exec(line);
  return m ? { version: m[1]!, brokerName: m[2]! } : null;
}

export const STARTED_PATTERN = STARTED;

/** A log4j ERROR, the launcher's `ERROR: ...`, or an exception line: what a user needs to see from a failed start. */
export function isErrorLine(line: string): boolean {
  return (
    /\|\s*(ERROR|FATAL)\s*\|/.test(line) ||
    /^ERROR:/.test(line) ||
    /^(Caused by: )?[\w.$]+(Exception|Error)\b/.test(line)
  );
}

/** Lines that name a fatal problem before readiness, without stack frames and repeats. */
export function brokerErrorLines(lines: string[], max = 20): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (!isErrorLine(trimmed) || seen.has(trimmed)) continue;
    seen.add(trimmed);
    out.push(trimmed);
    if (out.length >= max) break;
  }
  return out;
}
