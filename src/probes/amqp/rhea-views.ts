/**
 * Typed views of rhea 3 internals its typings leave out but its documented events rely on: the frames a link or
 * connection received (`remote.*`) and what it will send (`local.*`). Kept in one place so a rhea upgrade that
 * moves them breaks here, loudly.
 */
import type { AmqpError, Connection, link as Link } from 'rhea';

export interface TerminusView {
  address?: string;
  dynamic?: boolean;
  /** the terminus re-encoded for sending, e.g. to echo it in a reply attach */
  described(): unknown;
}

export interface AttachView {
  name: string;
  source: TerminusView | null;
  target: TerminusView | null;
}

export interface LinkView {
  local: { attach: { source: unknown; target: unknown } };
  remote: { attach?: AttachView; detach?: { closed?: boolean; error?: AmqpError } };
}

export interface ConnectionView {
  remote: { open?: { container_id?: string }; close?: { error?: AmqpError } };
  socket?: { destroyed?: boolean; destroy(): void; remoteAddress?: string; remotePort?: number };
  accept(socket: unknown): Connection;
}

export function linkView(link: Link): LinkView {
  return link as unknown as LinkView;
}

export function connectionView(connection: Connection): ConnectionView {
  return connection as unknown as ConnectionView;
}
