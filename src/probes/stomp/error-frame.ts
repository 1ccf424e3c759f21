/**
 * STOMP ERROR frames as evidence. stompit reads an ERROR body only when the frame has a `content-length`,
 * which ActiveMQ never sends, so the probes install their own ERROR handler that keeps the whole frame
 * (the `message` header, already unescaped by stompit's STOMP 1.2 decoder, the `receipt-id` and the body)
 * and then destroys the client the way stompit itself would, unless the session claims the frame as the
 * answer to one of its own requests (an authorization denial carrying that request's `receipt-id`):
 * ActiveMQ keeps the connection open after such a denial, and so does the session then.
 */
import type { Client, IncomingFrame, StompitError } from 'stompit';

export interface StompErrorFrame {
  /** the `message` header, unescaped per STOMP 1.2 (`\c` -> `:`) */
  message: string;
  body: string;
  receiptId?: string;
}

export interface ErrorWithFrame extends StompitError {
  stompErrorFrame?: StompErrorFrame;
}

/** Bodies of non-security errors are Java stack traces; evidence keeps their start. */
const MAX_BODY_CHARS = 2_000;
const MAX_BODY_BYTES = 64 * 1024;

/** Decides whether an ERROR frame is answered without closing the connection (true: keep it open). */
export type ErrorFrameClaim = (frame: StompErrorFrame) => boolean;

export function installErrorFrameHandler(client: Client, claim?: ErrorFrameClaim): void {
  client.setCommandHandler('ERROR', (frame: IncomingFrame) => {
    const chunks: Buffer[] = [];
    let size = 0;
    frame.on('data', (chunk: Buffer) => {
      if (size < MAX_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    frame.on('end', () => {
      const captured: StompErrorFrame = {
        message: frame.headers.message ?? 'server sent ERROR frame',
        body: Buffer.concat(chunks).toString('utf8').replace(/\0$/, ''),
        ...(frame.headers['receipt-id'] !== undefined ? { receiptId: frame.headers['receipt-id'] } : {}),
      };
      if (claim?.(captured)) return;
      const error: ErrorWithFrame = client.createApplicationError(captured.message);
      error.stompErrorFrame = captured;
      client.destroy(error);
    });
  });
}

export function errorFrameOf(error: unknown): StompErrorFrame | undefined {
  return (error as ErrorWithFrame | undefined)?.stompErrorFrame;
}

/** `ERROR receipt-id:3 message:"..." body:"..."`, the form used in evidence. */
export function describeErrorFrame(frame: StompErrorFrame): string {
  const receipt = frame.receiptId === undefined ? '' : ` receipt-id:${frame.receiptId}`;
  const body = frame.body.length > MAX_BODY_CHARS ? `${frame.body.slice(0, MAX_BODY_CHARS)}...` : frame.body;
  return `ERROR${receipt} message:${JSON.stringify(frame.message)} body:${JSON.stringify(body)}`;
}

export type ErrorFrameKind = 'authentication' | 'authorization' | 'client-id-conflict' | 'other';

/**
 * What an ERROR says, from ActiveMQ's texts (BROKER-FACTS.md): `User name [x] or password is invalid.`,
 * `User x is not authorized to <verb>: <destination>` and, for the 5.17 client-id leak,
 * `Client: <id> already connected from ...` (in a stack trace body).
 */
export function classifyErrorFrame(frame: StompErrorFrame): ErrorFrameKind {
  const text = `${frame.message}\n${frame.body}`;
  if (text.includes('already connected from')) return 'client-id-conflict';
  if (/or password is invalid/.test(text)) return 'authentication';
  if (/is not authorized to /.test(text)) return 'authorization';
  return 'other';
}
