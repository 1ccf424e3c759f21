import { SECRET_MASK } from '../../../src/core/secret';
import { renderConsole } from '../../../src/report/console';
import { toHtml } from '../../../src/report/html';
import { toJsonText } from '../../../src/report/json';
import { toJUnitXml } from '../../../src/report/junit';
import { redactCredentials } from '../../../src/report/redact';
import type { RunResult } from '../../../src/check/run-result';
import { FIXTURE_PASSWORDS, fixtureRunResult } from '../../fixtures/run-result';

function everyReport(result: RunResult): string[] {
  return [
    renderConsole(result, { color: false, verbosity: 'verbose' }),
    renderConsole(result, { color: true, verbosity: 'normal' }),
    toJsonText(result),
    toJUnitXml(result),
    toHtml(result),
  ];
}

describe('passwords in reports', () => {
  it('no report contains a password of the run', () => {
    for (const text of everyReport(fixtureRunResult())) {
      for (const password of FIXTURE_PASSWORDS) expect(text).not.toContain(password);
    }
  });

  it('masks credentials a tracing broker logged in evidence', () => {
    const [password, passcode] = FIXTURE_PASSWORDS as [string, string];
    const result = fixtureRunResult();
    const failure = result.verdicts.find((v) => v.kind === 'expectation-failure');
    const pass = result.verdicts.find((v) => v.kind === 'pass' && v.observation);
    for (const v of [failure, pass]) {
      v?.observation?.evidence.push(
        {
          source: 'broker-log',
          text: `TRACE | MQTTIO | Received: CONNECT{protocolVersion:4, clientId:amq-auth-probe-1, userName:billing, password=${password}, cleanSession:true}`,
        },
        { source: 'broker-log', text: `STOMP CONNECT login:billing passcode:${passcode} accept-version:1.2` },
      );
    }
    for (const text of everyReport(result)) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(passcode);
      expect(text).toContain(SECRET_MASK);
    }
  });

  it('leaves ActiveMQ denial texts that merely mention a password alone', () => {
    const text = 'User name [orders-writer] or password is invalid.';
    expect(redactCredentials(text)).toBe(text);
    expect(redactCredentials('password="a b c", user=x')).toBe(`password=${SECRET_MASK}, user=x`);
  });
});
