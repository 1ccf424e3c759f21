/** Builds Expectations from the `expectations:` list of a policy and checks them against its users. */
import { PolicyError } from '../core/errors';
import { parseDestination } from '../core/destination';
import type { Expectation, Operation, Protocol } from '../core/types';
import { closestMatch } from './did-you-mean';
import { expectationSchema } from './schema';
import type { Path, YamlSource } from './yaml-source';

/**
 * Names an expectation may use without declaring a user:
 * `anonymous` connects with no credentials at all (allowed only with anonymousAccess: true);
 * `unknown` presents a username the broker does not know, with some password.
 */
export const SPECIAL_EXPECTATION_USERS = ['anonymous', 'unknown'] as const;

export interface ExpectationsSection {
  expectations: Expectation[];
  errors: PolicyError[];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

export function buildExpectations(
  source: YamlSource,
  raw: unknown,
  at: Path,
  declaredUsers: readonly string[],
): ExpectationsSection {
  const out: ExpectationsSection = { expectations: [], errors: [] };
  if (!Array.isArray(raw)) return out;
  const knownUsers = [...declaredUsers, ...SPECIAL_EXPECTATION_USERS];

  raw.forEach((item: unknown, index) => {
    const path = [...at, index];
    const fail = (message: string, where: Path, hint: string, value?: string): void => {
      out.errors.push(new PolicyError(message, { location: source.locate(where), hint, value }));
    };
    // The user is checked even when the rest of the item is malformed: a misspelt name is worth knowing.
    const user = (item as { user?: unknown } | null)?.user;
    const userKnown = typeof user !== 'string' || knownUsers.includes(user);
    if (!userKnown) {
      const suggestion = closestMatch(user, knownUsers);
      fail(
        `expectation names user "${user}", who is not declared`,
        [...path, 'user'],
        suggestion
          ? `did you mean "${suggestion}"?`
          : 'declare the user under users:, or use anonymous (no credentials) or unknown (a username the broker does not know)',
        user,
      );
    }
    const parsed = expectationSchema.safeParse(item);
    if (!parsed.success) return;
    const e = parsed.data;
    let ok = userKnown;

    const can: Operation[] = unique(e.can ?? []);
    const cannot: Operation[] = unique(e.cannot ?? []);
    if (can.length === 0 && cannot.length === 0) {
      fail('expectation lists no operation', path, 'add can: [...] and/or cannot: [...]');
      ok = false;
    }
    (e.cannot ?? []).forEach((op, i) => {
      if (can.includes(op)) {
        fail(
          `"${op}" is listed under both can and cannot`,
          [...path, 'cannot', i],
          'keep it in one of the two',
          op,
        );
        ok = false;
      }
    });

    // request-reply uses a temporary queue of its own, so like connect it names no destination
    const needsDestination = [...can, ...cannot].some((op) => op !== 'connect' && op !== 'request-reply');
    const on = e.on === undefined ? undefined : parseDestination(e.on);
    if (e.on !== undefined && on === null) {
      fail('expectation destination has no name', [...path, 'on'], 'e.g. on: queue://ORDERS.new', e.on);
      ok = false;
    }
    if (needsDestination && e.on === undefined) {
      fail(
        'expectation needs a destination (on:) for operations other than connect and request-reply',
        path,
        'add e.g. on: queue://ORDERS.new, or split connect into its own expectation',
      );
      ok = false;
    }

    if (!ok) return;
    const expectation: Expectation = { user: e.user, can, cannot, location: source.locate(path) };
    if (on) expectation.on = on;
    if (e.protocols) expectation.protocols = unique<Protocol>(e.protocols);
    out.expectations.push(expectation);
  });
  return out;
}
