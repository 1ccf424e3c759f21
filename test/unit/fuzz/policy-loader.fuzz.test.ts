/**
 * The policy and users loaders on input nobody should write: whatever arrives, the answer is a Policy or
 * a located, typed input error, never a crash and never a hang.
 */
import fc from 'fast-check';
import { PolicyErrors } from '../../../src/core/errors';
import { parsePolicyText, parseUsersText } from '../../../src/policy';
import type { Engine } from '../../../src/core/types';
import {
  asJson,
  engine,
  expectLocatedDiagnostics,
  expectTypedOutcome,
  FUZZ_ENV,
  FUZZ_SEED,
  mutated,
  POLICY_SEEDS,
  syntaxSoup,
  USERS_SEED,
} from './fuzz-support';
import { policyShaped, usersShaped, written } from './policy-shapes';

const FILE = 'fuzz/policy.yaml';
const USERS_FILE = 'fuzz/users.yaml';
const ENGINES: Engine[] = [engine('amazon-mq/5.18'), engine('activemq/5.17.2')];
const YAML_ALPHABET = ':-[]{},&*!|>\'"#? \n\t';

/** How far the inputs of one property got: a fuzzer that only ever meets syntax errors tests little. */
const reached = { loaded: 0, pastSyntax: 0 };
beforeEach(() => Object.assign(reached, { loaded: 0, pastSyntax: 0 }));

function loadPolicy(text: string): void {
  const { result, error } = expectTypedOutcome(() => parsePolicyText(text, FILE, { env: FUZZ_ENV }), [FILE]);
  if (error instanceof PolicyErrors && !error.errors.some((e) => /YAML|nests|bytes/.test(e.message))) {
    reached.pastSyntax++;
  }
  if (result) {
    reached.loaded++;
    expect(result.source.file).toBe(FILE);
    expectLocatedDiagnostics(result.diagnostics);
  }
}

function loadUsers(text: string, engine: Engine): void {
  const { result } = expectTypedOutcome(
    () => parseUsersText(text, USERS_FILE, engine, { env: FUZZ_ENV }),
    [USERS_FILE],
  );
  if (result) for (const u of result) expect(u.location?.line).toBeGreaterThanOrEqual(1);
}

describe('policy loader under fuzzing', () => {
  it('accepts the unmodified seeds, so mutations start from documents that load', () => {
    for (const seed of POLICY_SEEDS) expect(() => parsePolicyText(seed, FILE)).not.toThrow();
    for (const seed of POLICY_SEEDS) expect(() => parsePolicyText(asJson(seed), FILE)).not.toThrow();
  });

  it('survives arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })),
        loadPolicy,
      ),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });

  it('survives YAML syntax soup', () => {
    fc.assert(fc.property(syntaxSoup(YAML_ALPHABET), loadPolicy), { numRuns: 300, seed: FUZZ_SEED });
  });

  it('survives edited example policies, as YAML and as JSON', () => {
    const seeds = [...POLICY_SEEDS, ...POLICY_SEEDS.map(asJson)];
    fc.assert(fc.property(mutated(seeds), loadPolicy), { numRuns: 300, seed: FUZZ_SEED });
    expect(reached.loaded).toBeGreaterThan(5);
    expect(reached.pastSyntax).toBeGreaterThan(15);
  });

  it('survives policy-shaped documents with values of the wrong type', () => {
    fc.assert(fc.property(written(policyShaped), loadPolicy), { numRuns: 300, seed: FUZZ_SEED });
    expect(reached.pastSyntax).toBeGreaterThan(250);
  });
});

describe('users file loader under fuzzing', () => {
  it('accepts the unmodified seed', () => {
    for (const e of ENGINES) {
      expect(parseUsersText(USERS_SEED, USERS_FILE, e, { env: FUZZ_ENV })).toHaveLength(3);
    }
  });

  it('survives edited users files and users-shaped documents on every engine flavour', () => {
    const input = fc.oneof(
      mutated([USERS_SEED, asJson(USERS_SEED)]),
      written(usersShaped),
      syntaxSoup(YAML_ALPHABET),
    );
    fc.assert(
      fc.property(input, fc.constantFrom(...ENGINES), (text, e) => loadUsers(text, e)),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });
});
