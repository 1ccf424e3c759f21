/** Secrets are masked where they stand as values, never where the same letters are a name or a word. */
import { parsePolicyText } from '../../../src/policy/load-policy';
import { maskSecretValues } from '../../../src/policy/redact';
import { PolicyErrors } from '../../../src/core/errors';

const MASK = '********';

function problems(text: string): string[] {
  try {
    parsePolicyText(text, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyErrors) return error.errors.map((e) => e.describe());
    throw error;
  }
  return [];
}

describe('maskSecretValues', () => {
  it('masks a secret written as a value: attribute, key: value, quoted excerpt', () => {
    const secrets = ['hunter22'];
    expect(maskSecretValues('<authenticationUser username="a" password="hunter22"/>', secrets)).toBe(
      `<authenticationUser username="a" password="${MASK}"/>`,
    );
    expect(maskSecretValues('password: hunter22', secrets)).toBe(`password: ${MASK}`);
    expect(maskSecretValues("unexpected 'hunter22' at 3:7", secrets)).toBe(`unexpected '${MASK}' at 3:7`);
    expect(maskSecretValues('use the mqtt+ssl:// endpoint tcp://Sup3r-Secret!', ['Sup3r-Secret!'])).toBe(
      `use the mqtt+ssl:// endpoint tcp://${MASK}`,
    );
    expect(maskSecretValues('the user hunter22 was refused', secrets)).toBe(`the user ${MASK} was refused`);
  });

  it('leaves a secret that is also a word of the message, or a name the message is about', () => {
    expect(maskSecretValues('the password has 5 characters', ['characters'])).toBe(
      'the password has 5 characters',
    );
    expect(maskSecretValues('user "alice" has no groups', ['alice'], new Set(['alice']))).toBe(
      'user "alice" has no groups',
    );
  });
});

describe('policy errors with a password equal to a username or a common word', () => {
  it('names the user and keeps the words of the message', () => {
    const text = [
      'engine: amazon-mq/5.18',
      'users:',
      '  - {username: orders, password: orders, groups: [orders]}',
      '  - {username: billing, password: characters, groups: [finance]}',
    ].join('\n');
    const found = problems(text).join('\n');
    expect(found).toContain('password has 6 characters; Amazon MQ requires 12 to 250');
    expect(found).toContain('password has 10 characters; Amazon MQ requires 12 to 250');
    expect(found).not.toContain(MASK);
  });
});
