/**
 * The part of stompit 1.0.0 the STOMP probes use (the package ships no types). Names follow
 * node_modules/stompit/lib/{Socket,Client,client/Subscription}.js.
 */
declare module 'stompit' {
  import type { Duplex, Readable, Writable } from 'node:stream';
  import type { EventEmitter } from 'node:events';

  export type StompHeaders = Record<string, string>;

  /** stompit tags every Error it emits; the flags may change later (see BROKER-FACTS.md). */
  export interface StompitError extends Error {
    isTransportError?: () => boolean;
    isProtocolError?: () => boolean;
    isApplicationError?: () => boolean;
  }

  export interface IncomingFrame extends Readable {
    command: string;
    headers: StompHeaders;
  }

  export interface IncomingMessage extends Readable {
    headers: StompHeaders;
    readString(encoding: string, callback: (error: Error | null, body?: string) => void): void;
  }

  export interface ClientSubscription {
    getId(): string | number;
  }

  export interface SendOptions {
    onReceipt?: () => void;
  }

  export type CommandHandler = (frame: IncomingFrame, beforeSendResponse: () => void) => void;

  export interface ClientOptions {
    heartbeat?: [number, number];
    resetDisconnect?: boolean;
  }

  export class Client extends EventEmitter {
    constructor(transportSocket: Duplex, options?: ClientOptions);
    headers?: StompHeaders;
    connect(headers: StompHeaders, callback?: (error: StompitError | null, client?: Client) => void): void;
    sendFrame(command: string, headers: StompHeaders, options?: SendOptions): Writable;
    setImplicitSubscription(
      id: string,
      ack: 'auto' | 'client' | 'client-individual',
      listener: (error: StompitError | null, message?: IncomingMessage) => void,
    ): ClientSubscription;
    setCommandHandler(command: string, handler: CommandHandler): void;
    disconnect(callback?: (error: StompitError | null) => void): void;
    destroy(error?: Error): void;
    createApplicationError(message: string): StompitError;
  }
}
