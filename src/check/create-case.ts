import { formatDestination } from '../core/destination';
import type { Destination } from '../core/types';
import { said, type CaseContext } from '../probes/run-case';
import { PhaseRecorder } from '../probes/timings';
import type { Observation } from '../probes/types';

/**
 * `create` for a user who may read but not write: the first subscribe auto-creates the destination, so
 * a granted subscribe on a name that did not exist is the broker's word that creation was allowed, and
 * a `not authorized to create` refusal its word that it was not.
 */
export async function runCreateViaSubscribe(
  ctx: CaseContext,
  destination: Destination,
): Promise<Observation> {
  const started = performance.now();
  const phases = new PhaseRecorder();
  const connected = await phases.time('connect', ctx.client.session());
  if (!connected.session) {
    return {
      ...connected.observation,
      timings: phases.timings,
      outcome: 'inconclusive',
      detail: `could not connect: ${connected.observation.detail ?? ''}`,
      notTried: true,
      ...(connected.observation.outcome === 'denied' ? { connectRefused: true } : {}),
    };
  }
  const subscription = await phases.time(
    'subscribe',
    connected.session.subscribe(destination, ctx.client.timeouts.operationMs),
  );
  await phases.time(
    'close',
    subscription.close().catch(() => undefined),
  );
  const observation = { ...subscription.observation, timings: phases.timings };
  const durationMs = Math.round(performance.now() - started);
  if (observation.outcome === 'denied' && !/not authorized to create/.test(said(observation))) {
    return firstUseRefused(observation, 'subscribe', destination);
  }
  return {
    ...observation,
    durationMs,
    evidence:
      observation.outcome === 'granted'
        ? [
            ...observation.evidence,
            {
              source: 'wire',
              text: `subscribe to ${formatDestination(destination)}, which did not exist, was granted: the broker created it`,
            },
          ]
        : observation.evidence,
  };
}

const FIRST_USE_REFUSAL = /not authorized to (write to|read from)/;

/**
 * The broker checks write (or read) before it auto-creates: a refused first use means the user cannot
 * bring the destination into existence that way, which is what a `create` case asks. The refusal text is
 * the broker's own evidence.
 */
export function firstUseRefused(
  observation: Observation,
  use: 'send' | 'subscribe',
  destination: Destination,
): Observation {
  return {
    ...observation,
    outcome: 'denied',
    detail:
      `the first ${use} to ${formatDestination(destination)} was refused, so it was not created: ${observation.detail ?? ''}`.trim(),
  };
}

/** runCreate's answer, with a wire refusal of the send itself counted as a denial of the case. */
export function createOutcome(observation: Observation, destination: Destination): Observation {
  // a refused connect says nothing about creating: its refusal text is not the send's
  if (observation.outcome !== 'inconclusive' || observation.clientIdConflict || observation.notTried)
    return observation;
  const wire = observation.evidence
    .filter((e) => e.source === 'wire')
    .map((e) => e.text)
    .join('\n');
  return FIRST_USE_REFUSAL.test(wire) ? firstUseRefused(observation, 'send', destination) : observation;
}
