/**
 * The verdicts of the cases a run did not probe because a representative of their class was probed
 * (see plan/equivalence.ts): each member gets the representative's observations, judged against its own
 * case. A member with its own expectation was planned as a case of its own and probed, so it is left out.
 */
import { flatString } from '../core/flat-string';
import { caseId } from '../plan/build-plan';
import type { PlannedCase } from '../plan/types';
import type { AllFields } from '../core/types';
import { judge, withSummary, type Verdict } from './verdict';

/**
 * Written out field by field: a copy by spreading (less the class and the expectation) came out about three
 * times the size in V8, and a 250-user run keeps some 275,000 of them.
 */
function memberCaseOf(
  representative: PlannedCase,
  user: string,
  member: { target: string; destination: PlannedCase['destination'] },
): PlannedCase {
  const r = representative;
  const destination = member.destination;
  const memberCase: Omit<AllFields<PlannedCase>, 'represents' | 'expectation'> = {
    id: caseId({ ...r, user, destination }),
    protocol: r.protocol,
    user,
    credentials: r.credentials,
    operation: r.operation,
    destination,
    target: member.target,
    sendTo: r.sendTo,
    createVia: r.createVia,
    prediction: r.prediction,
    cold: r.cold,
    client: r.client,
    skip: r.skip,
    inferredFrom: r.id,
  };
  return memberCase;
}

/**
 * The members of each probed case's class that were not probed themselves, right after it, in the order
 * every report and the Jest helper list them.
 */
export function withClassMembers<T>(
  probed: readonly T[],
  caseOf: (item: T) => PlannedCase,
  member: (item: T, memberCase: PlannedCase) => T,
): T[] {
  const own = new Set(probed.map((item) => caseOf(item).id));
  const all: T[] = [];
  for (const item of probed) {
    all.push(item);
    const representative = caseOf(item);
    const members = representative.represents;
    if (!members) continue;
    for (const user of members.users) {
      for (const target of members.targets) {
        if (user === representative.user && target.target === representative.target) continue;
        const memberCase = memberCaseOf(representative, user, target);
        if (!own.has(memberCase.id)) all.push(member(item, memberCase));
      }
    }
  }
  return all;
}

/** The probed cases with every inferred member after its representative. */
export function withInferredCases(probed: readonly PlannedCase[]): PlannedCase[] {
  return withClassMembers(
    probed,
    (c) => c,
    (_, member) => member,
  );
}

/** The probed verdicts in order, each representative followed by the verdicts of its class's other members. */
export function withInferredVerdicts(probed: readonly Verdict[]): Verdict[] {
  // the members of one class share their representative's summary: one string, not one each
  const summaries = new Map<string, string>();
  return withClassMembers(
    probed,
    (v) => v.case,
    (v, member) => {
      const judged = judge(member, v.observation, v.coldObservation);
      // a skip reason holds for the member itself (it names the protocol or the runtime, not a probe)
      if (judged.kind === 'skipped') return judged;
      const key = `${v.case.id}\u0000${judged.summary}`;
      let summary = summaries.get(key);
      if (summary === undefined) {
        summary = flatString(`${judged.summary} (inferred from ${v.case.id})`);
        summaries.set(key, summary);
      }
      return withSummary(judged, summary);
    },
  );
}

/** Only what was probed: a report's verdicts without the inferred ones. */
export function probedVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter((v) => v.case.inferredFrom === undefined);
}
