/**
 * What a run may do to a broker it does not manage. The harness cannot declare destinations there, so
 * probes touch only destinations the policy declares (anything else might not exist, and a send to it
 * could create it); `create` cases are not run (each would leave a new destination behind), nor `browse`
 * cases (each would leave a message on a real queue), nor `wildcard-consume` (its observer sends to a
 * made-up name), nor `virtual-topic` (each send reaches every real consumer group); request/reply runs,
 * since its temporary queue ends with the probe's connection; and a user whose password the policy does
 * not give cannot log in, since a generated password is not the broker's.
 */
import { formatDestination, sameDestination } from '../../core/destination';
import type { Destination, Policy } from '../../core/types';
import type { Plan, PlannedCase } from '../../plan/types';
import type { Observation } from '../../probes/types';

export const SKIP_CREATE_ON_EXTERNAL =
  'create cases are not run against an external broker: each would leave a new destination behind';

export const SKIP_BROWSE_ON_EXTERNAL =
  "browse cases are not run against an external broker: the message a browser must find stays on the queue, for the queue's real consumers";

export const SKIP_WILDCARD_ON_EXTERNAL =
  'wildcard-consume cases are not run against an external broker: the observer sends to a name the harness makes up for the run, which does not exist there';

export const SKIP_VIRTUAL_TOPIC_ON_EXTERNAL =
  "virtual-topic cases are not run against an external broker: the probe's send to the virtual topic is copied into every real consumer group's queue";

function undeclared(destination: Destination): string {
  return `${formatDestination(destination)} is not in the policy's destinations:, so it may not exist on the external broker and probing it could create it`;
}

function noPassword(user: string): string {
  return `the policy gives no password for ${user}; against an external broker write the broker's one (e.g. password: \${ENV_NAME})`;
}

/** Why a case may not run against an external broker, or undefined when it may. */
export function externalSkipReason(c: PlannedCase, policy: Policy): string | undefined {
  if (c.operation === 'create') return SKIP_CREATE_ON_EXTERNAL;
  if (c.operation === 'browse') return SKIP_BROWSE_ON_EXTERNAL;
  if (c.operation === 'wildcard-consume') return SKIP_WILDCARD_ON_EXTERNAL;
  if (c.operation === 'virtual-topic') return SKIP_VIRTUAL_TOPIC_ON_EXTERNAL;
  const d = c.destination;
  if (
    d !== undefined &&
    (d.kind === 'queue' || d.kind === 'topic') &&
    !policy.destinations.some((p) => sameDestination(p, d))
  )
    return undeclared(d);
  if (c.credentials === 'valid') {
    const user = policy.users.find((u) => u.username === c.user);
    if (user?.passwordSource === 'generated') return noPassword(c.user);
  }
  return undefined;
}

/** The plan with every case an external broker must not see marked skipped (earlier skips kept). */
export function scopePlanToExternalBroker(plan: Plan, policy: Policy): Plan {
  return {
    ...plan,
    cases: plan.cases.map((c) => {
      if (c.skip) return c;
      const skip = externalSkipReason(c, policy);
      return skip ? { ...c, skip } : c;
    }),
    probeDestinations: plan.probeDestinations.filter((d) =>
      policy.destinations.some((p) => sameDestination(p, d)),
    ),
  };
}

const SILENT_CASE = /the broker logged no denial/;

/**
 * An inconclusive case that waited for a broker log line (an MQTT publish ActiveMQ acknowledges though
 * it drops it) says why no line could come, and where the user can look instead.
 */
export function noteUnavailableLog(observation: Observation, reason: string): Observation {
  if (observation.outcome !== 'inconclusive' || !SILENT_CASE.test(observation.detail ?? ''))
    return observation;
  return {
    ...observation,
    detail: `${observation.detail}; ${reason}: look there for "not authorized to" at the time of the case`,
  };
}
