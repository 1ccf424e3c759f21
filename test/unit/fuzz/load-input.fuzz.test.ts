/**
 * `loadInput`, the entry point of every command, on files from disk: a policy, a broker XML with or
 * without a users file, an engine given on the command line. Every error names one of those places.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadInput } from '../../../src/input/load-input';
import {
  asJson,
  expectLocatedDiagnostics,
  expectTypedOutcome,
  FUZZ_ENV,
  FUZZ_SEED,
  mutated,
  POLICY_SEEDS,
  USERS_SEED,
  XML_SEEDS,
} from './fuzz-support';
import { usersShaped, written } from './policy-shapes';

/** Where resolveEngine locates a bad --engine value. */
const ENGINE_OPTION = '--engine';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amq-auth-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inputName = fc.constantFrom('policy.yaml', 'policy.json', 'policy.txt', 'broker.xml', 'broker.XML');
// Half the time the plain case (no option, an unmodified seed), so that enough runs load fully.
const engineOption = fc.option(
  fc.oneof(
    fc.constantFrom('amazon-mq/5.18', 'amazon-mq/5.19', 'activemq/5.17.2'),
    fc.constantFrom('amazon-mq', 'activemq/6', '', 'amazon-mq/5.18 '),
    fc.string({ maxLength: 20 }),
  ),
  { nil: undefined, freq: 2 },
);
const inputText = fc.oneof(
  mutated([...POLICY_SEEDS, ...POLICY_SEEDS.map(asJson)]),
  mutated(XML_SEEDS),
  fc.constantFrom(...POLICY_SEEDS, ...XML_SEEDS),
  fc.constantFrom(...POLICY_SEEDS, ...XML_SEEDS),
);
const usersText = fc.option(fc.oneof(mutated([USERS_SEED]), written(usersShaped), fc.constant(USERS_SEED)), {
  nil: undefined,
  freq: 2,
});

describe('loadInput under fuzzing', () => {
  it('returns a policy or a located input error for any input file, users file and engine', () => {
    let loaded = 0;
    let run = 0;
    fc.assert(
      fc.property(inputName, inputText, usersText, engineOption, (name, text, users, engine) => {
        run++;
        const input = join(dir, `${run}-${name}`);
        writeFileSync(input, text);
        const usersFile = users === undefined ? undefined : join(dir, `${run}-users.yaml`);
        if (usersFile !== undefined) writeFileSync(usersFile, users as string);
        const places = [input, ...(usersFile ? [usersFile] : []), ENGINE_OPTION];
        const { result } = expectTypedOutcome(
          () => loadInput(input, { usersFile, engine, env: FUZZ_ENV }),
          places,
        );
        if (result) {
          loaded++;
          expect(places).toContain(result.source.file);
          expectLocatedDiagnostics(result.diagnostics);
          for (const u of result.users) expect(u.password.toString()).not.toBe(u.password.reveal());
        }
      }),
      { numRuns: 250, seed: FUZZ_SEED },
    );
    expect(loaded).toBeGreaterThan(20);
  });

  it('names the file when the input is missing or a directory', () => {
    for (const path of [join(dir, 'missing.yaml'), dir]) {
      const { error } = expectTypedOutcome(() => loadInput(path), [path]);
      expect(error).toBeDefined();
    }
  });
});
