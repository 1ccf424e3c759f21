/**
 * The verdicts of the cases a run did not probe because a representative of their class was probed
 * (see plan/equivalence.ts): each member gets the representative's observations, judged against its own
 * case. A member with its own expectation was planned as a case of its own and probed, so it is left out.
 */
import { flatString } from '../core/flat-string';
import { caseId } from '../plan/build-plan';
import type { PlannedCase } from '../plan/types';
import { judge, type Verdict } from './verdict';

function memberCaseOf(
  representative: PlannedCase,
  user: string,
  member: { target: string; destination: PlannedCase['destination'] },
): PlannedCase {
  const { represents: _class, expectation: _own, ...shared } = representative;
  const destination = member.destination;
  return {
    ...shared,
    id: caseId({ ...representative, user, destination }),
    user,
    target: member.target,
    destination,
    inferredFrom: representative.id,
  };
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
  return withClassMembers(
    probed,
    (v) => v.case,
    (v, member) => {
      const judged = judge(member, v.observation, v.coldObservation);
      // a skip reason holds for the member itself (it names the protocol or the runtime, not a probe)
      if (judged.kind === 'skipped') return judged;
      return { ...judged, summary: flatString(`${judged.summary} (inferred from ${v.case.id})`) };
    },
  );
}

/** Only what was probed: a report's verdicts without the inferred ones. */
export function probedVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter((v) => v.case.inferredFrom === undefined);
}
