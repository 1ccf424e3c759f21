import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import rhea, { type Connection, type ConnectionOptions, type EventContext, type Session } from 'rhea';
import type { ConnectOptions, ConnectResult, Credentials, Observation, ProbeTarget } from '../types';
import {
  classifyConnectionClose,
  classifySaslOutcome,
  formatAmqpError,
  type AmqpErrorLike,
  type Verdict,
} from './classify';
import { coalesceWrites, probeTlsOptions, rememberTlsSessions } from '../tls-client';
import { FrameRecorder } from './frame-recorder';
import { EvidenceLog, PendingResult } from './pending';
import { AmqpProbeSession, ConnectionLifecycle } from './probe-session';
import { connectionView } from './rhea-views';

/** The run's server certificate names `localhost`; clients verify that name whatever address they dial. */

type SaslMechanisms = ReturnType<typeof rhea.sasl.client_mechanisms>;

/**
 * PLAIN with the user's credentials. Without credentials, SASL ANONYMOUS: a client that skips SASL altogether
 * only learns `SASL layer not enabled` from ActiveMQ (record, row 4a), whereas ANONYMOUS is the broker's own way
 * in when `anonymousAccessAllowed` is on and gets outcome `auth` when it is off (row 4b).
 */
function saslMechanisms(credentials: Credentials): SaslMechanisms {
  const mechanisms = rhea.sasl.client_mechanisms();
  if (credentials.username !== undefined) {
    // The one place the password leaves the harness: the SASL PLAIN initial response.
    mechanisms.enable_plain(credentials.username, credentials.password?.reveal() ?? '');
  } else {
    mechanisms.enable_anonymous('anonymous');
  }
  return mechanisms;
}

function describeSocketError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: ${error.message}` : error.message;
}

export async function connectAmqp(
  target: ProbeTarget,
  credentials: Credentials,
  options: ConnectOptions,
): Promise<ConnectResult> {
  const startedAt = performance.now();
  const recorder = new FrameRecorder(startedAt);
  const log = new EvidenceLog(recorder);
  const lifecycle = new ConnectionLifecycle();
  let socket: TLSSocket | undefined;
  let socketError: Error | undefined;
  let probeSession: Session | undefined;

  const pending = new PendingResult<Verdict & { timedOut?: boolean }>(options.timeoutMs, () => ({
    outcome: 'inconclusive',
    detail: `no decision from the broker within ${options.timeoutMs} ms`,
    timedOut: true,
  }));

  const container = rhea.create_container({ id: options.clientId });
  container.on('error', (e: unknown) => log.note(`error ${describeSocketError(e)}`));
  // rhea reads `sasl_mechanisms` and a custom `connect` from the options; its typings list neither.
  const connectionOptions: ConnectionOptions & {
    sasl_mechanisms: SaslMechanisms;
    connect: (port: number, host: string, options: unknown, onConnected: () => void) => TLSSocket;
  } = {
    host: target.endpoint.host,
    port: target.endpoint.port,
    container_id: options.clientId,
    reconnect: false,
    sasl_mechanisms: saslMechanisms(credentials),
    connect: (port: number, host: string, _options: unknown, onConnected: () => void) => {
      socket = tlsConnect({ host, port, ...probeTlsOptions(target) }, onConnected);
      rememberTlsSessions(socket, target);
      // rhea writes a performative and its payload in separate writes; Nagle held the second for an ACK
      socket.setNoDelay(true);
      coalesceWrites(socket);
      // Attached before rhea's own listener, so a frame is recorded before rhea acts on it.
      socket.on('data', (chunk: Buffer) => recorder.push(chunk));
      socket.on('error', (e: Error) => (socketError = e));
      return socket;
    },
  };
  const connection: Connection = container.create_connection(connectionOptions);

  connection.on('connection_open', () => {
    log.note('connection_open');
    // ActiveMQ may follow its `open` with a `close` (advisory refusal, client-id conflict): a BEGIN answered in
    // order proves no such close came first.
    probeSession = connection.create_session();
    probeSession.on('session_open', () => {
      log.note('session_open (BEGIN answered)');
      pending.finish({ outcome: 'granted', detail: 'SASL ok, open, and a session began' });
    });
    probeSession.on('session_error', (c: EventContext) =>
      log.note(`session_error ${formatAmqpError(c.session?.error as AmqpErrorLike | undefined)}`),
    );
    probeSession.begin();
  });
  connection.on('connection_error', (c: EventContext) => {
    log.note(`connection_error ${formatAmqpError(c.error as AmqpErrorLike | undefined)}`);
    const saslCode = recorder.saslOutcomeCode;
    const verdict =
      saslCode !== undefined && saslCode !== 0
        ? classifySaslOutcome(saslCode)
        : classifyConnectionClose(
            connectionView(connection).remote.close?.error ?? (c.error as AmqpErrorLike | undefined),
          );
    if (!pending.finish(verdict)) lifecycle.down(verdict.detail);
  });
  connection.on('connection_close', () => {
    log.note('connection_close');
    lifecycle.down('the broker closed the connection');
  });
  connection.on('disconnected', (c: EventContext) => {
    const why = c.error ?? socketError;
    log.note(why ? `disconnected ${describeSocketError(why)}` : 'disconnected');
    const detail = why
      ? `connection failed: ${describeSocketError(why)}`
      : 'the broker closed the socket before deciding';
    pending.finish({ outcome: 'inconclusive', detail });
    lifecycle.down(detail);
  });
  connection.on('protocol_error', (e: unknown) => {
    log.note(`protocol_error ${describeSocketError(e)}`);
    pending.finish({ outcome: 'inconclusive', detail: `AMQP protocol error: ${describeSocketError(e)}` });
  });
  connection.on('error', (e: unknown) => {
    log.note(`error ${describeSocketError(e)}`);
    pending.finish({ outcome: 'inconclusive', detail: `client error: ${describeSocketError(e)}` });
  });

  connection.connect();
  const verdict = await pending.promise;
  const observation: Observation = {
    outcome: verdict.outcome,
    evidence: log.collect(
      verdict.timedOut ? [log.timer(`connect timed out after ${options.timeoutMs} ms`)] : [],
    ),
    durationMs: log.elapsedMs(),
    detail: verdict.detail,
    ...(verdict.clientIdConflict ? { clientIdConflict: true } : {}),
  };

  if (verdict.outcome !== 'granted' || !socket || !probeSession) {
    // ActiveMQ keeps a SASL-failed socket open for ~30 s; nothing more will come, so hang up now.
    const toClose = socket;
    setImmediate(() => toClose?.destroy());
    return { observation };
  }
  return {
    observation,
    session: new AmqpProbeSession({ connection, socket, recorder, session: probeSession, lifecycle }),
  };
}
