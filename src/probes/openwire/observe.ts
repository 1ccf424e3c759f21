/** Observations from what the broker answered to one request. */
import { Stopwatch, observation } from '../stomp/observation';
import type { Observation } from '../types';
import { classifyBrokerException, describeThrowable } from './broker-exception';
import type { ExceptionResponse, Response } from './commands';
import type { RequestOutcome } from './connection';

export function describeAnswer(answer: Response | ExceptionResponse, what: string): string {
  if (answer.kind === 'Response') return `Response{correlationId=${answer.correlationId}} to ${what}`;
  return `ExceptionResponse{correlationId=${answer.correlationId}, exception=${describeThrowable(answer.exception)}} to ${what}`;
}

/**
 * Response: granted. ExceptionResponse with a SecurityException: denied, with the broker's text. The
 * client-id leak: inconclusive and flagged. Anything else, a timeout above all: inconclusive.
 */
export function observeRequest(
  clock: Stopwatch,
  outcome: RequestOutcome,
  what: string,
  timeoutMs: number,
  extraEvidence: string[] = [],
): Observation {
  const leading = extraEvidence.map((text) => clock.evidence('wire', text));
  if (outcome.kind === 'timeout') {
    const seen = outcome.seen.map((text) => clock.evidence('wire', text));
    return observation(
      clock,
      'inconclusive',
      [...leading, ...seen, clock.evidence('timer', `no answer to ${what}`)],
      {
        detail: `the broker did not answer ${what} within ${timeoutMs} ms`,
      },
    );
  }
  if (outcome.kind === 'closed') {
    return observation(clock, 'inconclusive', [...leading, clock.evidence('client', outcome.reason)], {
      detail: `the OpenWire connection ended before the broker answered ${what}: ${outcome.reason}`,
    });
  }
  const { answer } = outcome;
  const evidence = [...leading, clock.evidence('wire', describeAnswer(answer, what))];
  if (answer.kind === 'Response') return observation(clock, 'granted', evidence);
  const kind = classifyBrokerException(answer.exception);
  const message = answer.exception?.message ?? describeThrowable(answer.exception);
  if (kind === 'authentication' || kind === 'authorization') {
    return observation(clock, 'denied', evidence, { detail: message });
  }
  if (kind === 'client-id-conflict') {
    return observation(clock, 'inconclusive', evidence, {
      detail: `${message} (the client id is still registered at the broker, a leak of releases before 5.19.8 after a refused connect); not a denial`,
      clientIdConflict: true,
    });
  }
  return observation(clock, 'inconclusive', evidence, {
    detail: `the broker refused ${what} for a reason that is not an authorization decision: ${describeThrowable(answer.exception)}`,
  });
}
