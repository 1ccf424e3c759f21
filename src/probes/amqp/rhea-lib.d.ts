/**
 * rhea 3 modules its package does not type. The frame decoder is used read-only, to record what the broker sent
 * next to (not instead of) rhea's own processing.
 */
declare module 'rhea/lib/frames.js' {
  export interface DecodedFrame {
    size: number;
    type: number;
    channel: number;
    performative?: { constructor: { toString(): string }; [field: string]: unknown };
    payload?: Buffer;
  }
  export function read_frame(buffer: Buffer): DecodedFrame | null;
  /** encoders, for tests that feed the recorder real frames */
  export function write_frame(frame: unknown): Buffer;
  export function amqp_frame(channel: number, performative: unknown, payload?: Buffer): unknown;
  export function sasl_frame(performative: unknown): unknown;
  export function sasl_mechanisms(fields: Record<string, unknown>): unknown;
  export function sasl_outcome(fields: Record<string, unknown>): unknown;
  export function open(fields: Record<string, unknown>): unknown;
  export function attach(fields: Record<string, unknown>): unknown;
  export function detach(fields: Record<string, unknown>): unknown;
  export function close(fields: Record<string, unknown>): unknown;
}

declare module 'rhea/lib/terminus.js' {
  export function unwrap(field: unknown): { address?: string; dynamic?: boolean } | null;
  export function source(fields: Record<string, unknown>): { described(): unknown };
  export function target(fields: Record<string, unknown>): { described(): unknown };
}

declare module 'rhea/lib/message.js' {
  export function unwrap_outcome(outcome: unknown): { constructor: { toString(): string } } | null;
}
