import fc from 'fast-check';
import { Secret } from '../../../src/core/secret';
import type { Engine } from '../../../src/core/types';
import {
  GENERATED_PASSWORD_CHARS,
  generatePassword,
  parseEngine,
  passwordProblem,
} from '../../../src/policy';

function engine(id: string): Engine {
  const parsed = parseEngine(id);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.engine;
}

const ENGINES = [engine('amazon-mq/5.18'), engine('amazon-mq/5.19'), engine('activemq/5.17.2')];
/** Characters that need no escaping in XML attributes, STOMP headers, URLs or shells. */
const SAFE = /^[A-Za-z0-9._~-]+$/;

describe('generatePassword', () => {
  it('makes 32 safe characters from the crypto source by default, different each time', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).toHaveLength(GENERATED_PASSWORD_CHARS);
    expect(a).toMatch(SAFE);
    expect(a).not.toBe(b);
  });

  it('always passes the rules of every engine, whatever the random source and length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: -5, max: 400 }),
        (stream, length) => {
          let next = 0;
          // A cyclic, possibly constant stream: the guarantees must not depend on good randomness.
          const randomBelow = (max: number): number => (stream[next++ % stream.length] as number) % max;
          const password = generatePassword({ length, randomBelow });
          expect(password.length).toBe(Math.min(250, Math.max(12, length)));
          expect(password).toMatch(SAFE);
          for (const e of ENGINES) expect(passwordProblem(new Secret(password), e)).toBeUndefined();
        },
      ),
    );
  });
});
