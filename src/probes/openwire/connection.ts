/**
 * One OpenWire connection over TLS: wire format exchange, request/response correlation by command id,
 * routing of MessageDispatch to listeners, and keep-alives (the part of ActiveMQ's ResponseCorrelator and
 * InactivityMonitor a probe needs).
 */
import tls from 'node:tls';
import type { ProbeTarget } from '../types';
import { probeTlsOptions, rememberTlsSessions } from '../tls-client';
import type {
  BrokerInfo,
  ConnectionError,
  ExceptionResponse,
  IgnoredCommand,
  MessageDispatch,
  OpenWireCommand,
  Response,
  WireFormatInfo,
} from './commands';
import { decodeFrame, encodeFrame } from './frame-codec';
import { FrameSplitter } from './frame-splitter';
import {
  type NegotiatedWireFormat,
  describeWireFormatInfo,
  negotiateWireFormat,
  probeWireFormatInfo,
  unusableWireFormat,
} from './wire-format';

export type RequestOutcome =
  | { kind: 'answered'; answer: Response | ExceptionResponse }
  | { kind: 'timeout'; seen: string[] }
  | { kind: 'closed'; reason: string };

export type OpenOutcome =
  | { ok: true; connection: OpenWireConnection; evidence: string[] }
  | { ok: false; reason: 'timeout' | 'transport' | 'protocol'; message: string; evidence: string[] };

/** Commands whose command id the connection assigns. */
type Outgoing = Exclude<OpenWireCommand, WireFormatInfo>;

interface Pending {
  settle(outcome: RequestOutcome): void;
}

/** How long close() waits for the broker to end the TLS session after ShutdownInfo. */
export const SOCKET_CLOSE_TIMEOUT_MS = 1_000;

export class OpenWireConnection {
  private nextCommandId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly dispatchListeners = new Set<(dispatch: MessageDispatch) => void>();
  private readonly closeListeners = new Set<() => void>();
  private readonly unsolicited: string[] = [];
  private closedReason: string | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private wroteSinceCheck = false;
  private readonly whenClosed: Promise<void>;
  brokerInfo: BrokerInfo | undefined;
  private readonly brokerInfoWaiters = new Set<(info: BrokerInfo) => void>();
  readonly connectionErrors: ConnectionError[] = [];

  private constructor(
    private readonly socket: tls.TLSSocket,
    readonly wireFormat: NegotiatedWireFormat,
  ) {
    this.whenClosed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('close', () => this.onClosed(this.closedReason ?? 'the broker closed the connection'));
    socket.on('error', (error) => this.onClosed(`transport error: ${error.message}`));
    if (wireFormat.maxInactivityDurationMs > 0) this.startKeepAlive(wireFormat.maxInactivityDurationMs);
  }

  /**
   * The broker dispatches its BrokerInfo asynchronously, so on a busy broker it can arrive after the
   * responses to the first requests; this waits for it, at most `timeoutMs`.
   */
  awaitBrokerInfo(timeoutMs: number): Promise<BrokerInfo | undefined> {
    if (this.brokerInfo !== undefined) return Promise.resolve(this.brokerInfo);
    return new Promise((resolve) => {
      const done = (info: BrokerInfo | undefined) => {
        clearTimeout(timer);
        this.brokerInfoWaiters.delete(done);
        resolve(info);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.brokerInfoWaiters.add(done);
    });
  }

  /** Connects over TLS and exchanges WireFormatInfo; resolves once both sides use the negotiated format. */
  static open(target: ProbeTarget, timeoutMs: number): Promise<OpenOutcome> {
    const { host, port } = target.endpoint;
    const ours = probeWireFormatInfo();
    const evidence: string[] = [];
    return new Promise((resolve) => {
      const socket = tls.connect({ host, port, ...probeTlsOptions(target) });
      rememberTlsSessions(socket, target);
      socket.setNoDelay(true);
      const splitter = new FrameSplitter();
      let settled = false;
      const fail = (reason: 'timeout' | 'transport' | 'protocol', message: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve({ ok: false, reason, message, evidence });
      };
      const timer = setTimeout(
        () => fail('timeout', `no WireFormatInfo from ${target.endpoint.url} within ${timeoutMs} ms`),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        let theirs: WireFormatInfo;
        let rest: Buffer[];
        try {
          const frames = splitter.push(chunk);
          const first = frames[0];
          if (first === undefined) return;
          const command = decodeFrame(first);
          if (command.kind !== 'WireFormatInfo') {
            fail('protocol', `the broker's first command was ${command.kind}, not WireFormatInfo`);
            return;
          }
          theirs = command;
          rest = frames.slice(1);
        } catch (error) {
          fail('protocol', `not an OpenWire peer: ${(error as Error).message}`);
          return;
        }
        evidence.push(describeWireFormatInfo(theirs));
        const negotiated = negotiateWireFormat(ours, theirs);
        const unusable = unusableWireFormat(theirs, negotiated);
        if (unusable) {
          fail('protocol', unusable);
          return;
        }
        settled = true;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        const connection = new OpenWireConnection(socket, negotiated);
        connection.attach(splitter, rest);
        resolve({ ok: true, connection, evidence });
      };
      const onError = (error: Error) =>
        fail('transport', `TLS connection to ${target.endpoint.url} failed: ${error.message}`);
      const onClose = () =>
        fail('transport', `${target.endpoint.url} closed the connection before WireFormatInfo`);
      socket.once('secureConnect', () => socket.write(encodeFrame(ours)));
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
    });
  }

  private attach(splitter: FrameSplitter, already: Buffer[]): void {
    for (const frame of already) this.onFrame(frame);
    this.socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = splitter.push(chunk);
      } catch (error) {
        this.closedReason = `unreadable stream: ${(error as Error).message}`;
        this.socket.destroy();
        return;
      }
      for (const frame of frames) this.onFrame(frame);
    });
  }

  isOpen(): boolean {
    return this.closedReason === undefined && !this.socket.destroyed;
  }

  get closeReason(): string | undefined {
    return this.closedReason;
  }

  /** Sends a command with responseRequired=true and waits for its Response or ExceptionResponse. */
  request(command: Outgoing, timeoutMs: number): Promise<RequestOutcome> {
    if (!this.isOpen()) {
      return Promise.resolve({ kind: 'closed', reason: this.closedReason ?? 'connection closed' });
    }
    const commandId = this.nextCommandId++;
    const mark = this.unsolicited.length;
    return new Promise((resolve) => {
      const settle = (outcome: RequestOutcome) => {
        clearTimeout(timer);
        this.pending.delete(commandId);
        resolve(outcome);
      };
      const timer = setTimeout(
        () => settle({ kind: 'timeout', seen: this.unsolicited.slice(mark) }),
        timeoutMs,
      );
      this.pending.set(commandId, { settle });
      this.write({ ...command, commandId, responseRequired: true });
    });
  }

  /** Sends a command nobody answers (MessageAck, ShutdownInfo, KeepAliveInfo). */
  send(command: Outgoing): void {
    if (!this.isOpen()) return;
    this.write({ ...command, commandId: this.nextCommandId++, responseRequired: false });
  }

  onDispatch(listener: (dispatch: MessageDispatch) => void): () => void {
    this.dispatchListeners.add(listener);
    return () => this.dispatchListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** ShutdownInfo, then the end of the TLS session; destroys the socket if the broker does not close it. */
  async close(): Promise<void> {
    if (this.isOpen()) {
      this.send({ kind: 'ShutdownInfo', commandId: 0, responseRequired: false });
      this.closedReason = 'closed by the probe';
      this.socket.end();
    }
    const timer = setTimeout(() => this.socket.destroy(), SOCKET_CLOSE_TIMEOUT_MS);
    await this.whenClosed;
    clearTimeout(timer);
  }

  private write(command: Outgoing): void {
    this.wroteSinceCheck = true;
    this.socket.write(encodeFrame(command, { stackTraces: this.wireFormat.stackTraceEnabled }));
  }

  private onFrame(frame: Buffer): void {
    let command: OpenWireCommand | IgnoredCommand;
    try {
      command = decodeFrame(frame, { stackTraces: this.wireFormat.stackTraceEnabled });
    } catch (error) {
      // frames are length-delimited, so one unreadable frame does not desynchronise the stream
      this.unsolicited.push(`unreadable frame of type ${frame[0]}: ${(error as Error).message}`);
      return;
    }
    switch (command.kind) {
      case 'Response':
      case 'ExceptionResponse':
        this.pending.get(command.correlationId)?.settle({ kind: 'answered', answer: command });
        return;
      case 'MessageDispatch':
        for (const listener of [...this.dispatchListeners]) listener(command);
        return;
      case 'KeepAliveInfo':
        if (command.responseRequired)
          this.send({ kind: 'KeepAliveInfo', commandId: 0, responseRequired: false });
        return;
      case 'BrokerInfo':
        this.brokerInfo = command;
        for (const waiter of [...this.brokerInfoWaiters]) waiter(command);
        return;
      case 'ConnectionError':
        this.connectionErrors.push(command);
        this.unsolicited.push(
          `ConnectionError{${command.exception?.className}: ${command.exception?.message}}`,
        );
        return;
      case 'ShutdownInfo':
        this.closedReason = 'the broker sent ShutdownInfo';
        return;
      default:
        return;
    }
  }

  private startKeepAlive(maxInactivityMs: number): void {
    // like the JMS client's InactivityMonitor: write something at least every third of the allowed silence
    const everyMs = maxInactivityMs > 3 ? Math.floor(maxInactivityMs / 3) : maxInactivityMs;
    this.keepAliveTimer = setInterval(() => {
      if (!this.wroteSinceCheck) this.send({ kind: 'KeepAliveInfo', commandId: 0, responseRequired: false });
      this.wroteSinceCheck = false;
    }, everyMs);
    this.keepAliveTimer.unref();
  }

  private onClosed(reason: string): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
    if (this.closedReason === undefined) this.closedReason = reason;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.settle({ kind: 'closed', reason: this.closedReason });
    for (const listener of [...this.closeListeners]) listener();
    this.closeListeners.clear();
  }
}
