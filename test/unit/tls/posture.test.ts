/**
 * TLS posture, checked on the source and on what the harness renders: only TLS listeners, and no code
 * path that turns certificate verification off.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateBrokerXml } from '../../../src/commands/generate';
import { loadPolicyFile } from '../../../src/policy';

const SRC = join(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('TLS posture', () => {
  it('no source file disables certificate verification', () => {
    const offenders = sourceFiles(SRC).filter((file) =>
      /rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity\s*:/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('every connector the harness renders is a TLS one', () => {
    const xml = generateBrokerXml(loadPolicyFile(join(__dirname, '../../../examples/orders/policy.yaml')));
    const uris = [...xml.matchAll(/<transportConnector [^>]*uri="([a-z+]+):\/\//g)].map((m) => m[1]);
    expect(uris.sort()).toEqual(['amqp+ssl', 'mqtt+ssl', 'ssl', 'stomp+ssl', 'wss']);
  });
});
