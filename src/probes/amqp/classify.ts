/**
 * What each AMQP signal means for a case, as pure functions over what the client saw. The rules follow the
 * ActiveMQ 5.17.2 record (BROKER-FACTS.md "AMQP 1.0"): only `amqp:unauthorized-access` and SASL outcome `auth` are
 * denials; a client-id conflict and everything unexpected are inconclusive.
 */
import type { Outcome } from '../types';
import { CONDITION_INVALID_FIELD, CONDITION_UNAUTHORIZED, SASL_AUTH, SASL_OK } from './constants';

/** rhea hands errors over as its `error` composite or as a ConnectionError; both have these fields. */
export interface AmqpErrorLike {
  condition?: unknown;
  description?: unknown;
  info?: unknown;
}

export interface Verdict {
  outcome: Outcome;
  detail: string;
  clientIdConflict?: boolean;
}

export function formatAmqpError(error: AmqpErrorLike | undefined | null): string {
  if (!error) return '(no error)';
  const condition = typeof error.condition === 'string' ? error.condition : String(error.condition ?? '');
  const description = typeof error.description === 'string' ? error.description : '';
  return description ? `${condition}: ${description}` : condition;
}

/**
 * ActiveMQ refuses a container-id that is still registered (5.17.2 leaks ids after an advisory refusal) with
 * `amqp:invalid-field`, `info {invalid-field: container-id}` and `Client: <id> already connected from ...`.
 */
export function isClientIdConflict(error: AmqpErrorLike | undefined | null): boolean {
  if (!error || error.condition !== CONDITION_INVALID_FIELD) return false;
  const info = error.info as Record<string, unknown> | undefined;
  const namesContainerId = info !== undefined && info !== null && info['invalid-field'] === 'container-id';
  const saysAlreadyConnected =
    typeof error.description === 'string' && /already connected/.test(error.description);
  return namesContainerId || saysAlreadyConnected;
}

export function classifySaslOutcome(code: number): Verdict {
  if (code === SASL_OK) return { outcome: 'granted', detail: 'SASL outcome 0 (ok)' };
  if (code === SASL_AUTH) {
    return { outcome: 'denied', detail: 'SASL outcome 1 (auth): the broker rejected the credentials' };
  }
  return { outcome: 'inconclusive', detail: `SASL outcome ${code}: a broker-side failure, not a decision` };
}

/** A `close` the broker sent after SASL succeeded (advisory refusal, client-id conflict, anything else). */
export function classifyConnectionClose(error: AmqpErrorLike | undefined | null): Verdict {
  if (isClientIdConflict(error)) {
    return {
      outcome: 'inconclusive',
      detail: `client id already registered at the broker: ${formatAmqpError(error)}`,
      clientIdConflict: true,
    };
  }
  if (error?.condition === CONDITION_UNAUTHORIZED) {
    return { outcome: 'denied', detail: formatAmqpError(error) };
  }
  return { outcome: 'inconclusive', detail: `broker closed the connection: ${formatAmqpError(error)}` };
}

/** A `detach` carrying an error in answer to a probe's attach. */
export function classifyLinkError(error: AmqpErrorLike | undefined | null): Verdict {
  if (error?.condition === CONDITION_UNAUTHORIZED)
    return { outcome: 'denied', detail: formatAmqpError(error) };
  return { outcome: 'inconclusive', detail: `broker detached the link: ${formatAmqpError(error)}` };
}

/** The terminal state the broker gave a delivery that was not pre-settled. */
export function classifyDeliveryState(state: string, error?: AmqpErrorLike | null): Verdict {
  if (state === 'accepted') return { outcome: 'granted', detail: 'delivery accepted' };
  if (state === 'rejected' && error?.condition === CONDITION_UNAUTHORIZED) {
    return { outcome: 'denied', detail: formatAmqpError(error) };
  }
  const why = error ? `: ${formatAmqpError(error)}` : '';
  return { outcome: 'inconclusive', detail: `delivery ${state}${why}` };
}
