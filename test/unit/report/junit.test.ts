import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';
import { toJUnitXml } from '../../../src/report/junit';
import type { RunResult } from '../../../src/check/run-result';
import { fixtureRunResult } from '../../fixtures/run-result';

function parse(xml: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => problems.push(`${level}: ${message}`),
  }).parseFromString(xml, 'text/xml');
  expect(problems).toEqual([]);
  return doc;
}

const elements = (parent: Document | Element, name: string): Element[] =>
  Array.from(parent.getElementsByTagName(name));

function testcaseNamed(doc: Document, name: string): Element {
  const found = elements(doc, 'testcase').find((t) => t.getAttribute('name') === name);
  if (!found) throw new Error(`no testcase named ${name}`);
  return found;
}

describe('toJUnitXml', () => {
  const result = fixtureRunResult();
  const doc = parse(toJUnitXml(result));

  it('has one testsuite per protocol with counts that match the verdicts', () => {
    const suites = elements(doc, 'testsuite');
    expect(suites.map((s) => s.getAttribute('name'))).toEqual(['stomp', 'mqtt', 'amqp']);
    for (const suite of suites) {
      const verdicts = result.verdicts.filter((v) => v.case.protocol === suite.getAttribute('name'));
      const kinds = (...k: string[]) => String(verdicts.filter((v) => k.includes(v.kind)).length);
      expect(suite.getAttribute('tests')).toBe(String(verdicts.length));
      expect(elements(suite, 'testcase')).toHaveLength(verdicts.length);
      expect(suite.getAttribute('failures')).toBe(kinds('expectation-failure', 'model-disagreement'));
      expect(suite.getAttribute('errors')).toBe(kinds('inconclusive'));
      expect(suite.getAttribute('skipped')).toBe(kinds('skipped'));
      expect(elements(suite, 'failure')).toHaveLength(Number(suite.getAttribute('failures')));
      expect(elements(suite, 'error')).toHaveLength(Number(suite.getAttribute('errors')));
      expect(elements(suite, 'skipped')).toHaveLength(Number(suite.getAttribute('skipped')));
    }
    const root = doc.documentElement!;
    expect(root.getAttribute('tests')).toBe(String(result.verdicts.length));
    expect(root.getAttribute('failures')).toBe('2');
    expect(root.getAttribute('errors')).toBe('2');
    expect(root.getAttribute('time')).toBe('14.382');
  });

  it('names a case by what it is held to and classes it by its target', () => {
    const t = testcaseNamed(doc, 'orders-writer cannot consume queue://ORDERS.new over stomp');
    expect(t.getAttribute('classname')).toBe('queue://ORDERS.new');
    expect(
      testcaseNamed(doc, 'orders-reader can consume queue://ORDERS.pr7k2q9 over amqp').getAttribute(
        'classname',
      ),
    ).toBe('queue://ORDERS.>');
    expect(
      testcaseNamed(doc, 'anonymous (no credentials) cannot connect over mqtt').getAttribute('classname'),
    ).toBe('connect');
  });

  it('puts the summary, the deciding entries and the evidence into a failure', () => {
    const failure = elements(
      testcaseNamed(doc, 'billing cannot produce queue://ORDERS.new over stomp'),
      'failure',
    )[0];
    expect(failure?.getAttribute('type')).toBe('expectation-failure');
    expect(failure?.getAttribute('message')).toBe('expected denied (declared), broker granted');
    const body = failure?.textContent ?? '';
    expect(body).toContain('deciding entries: queue://>; matched: queue://>, queue://ORDERS.>');
    expect(body).toContain('RECEIPT receipt-id:send-15 for SEND queue://ORDERS.new');
    expect(body).toContain('declared: billing cannot consume, produce on queue://ORDERS.new');
  });

  it('reports inconclusive cases as errors and skipped ones with their reason', () => {
    const error = elements(testcaseNamed(doc, 'orders-reader can connect over stomp'), 'error')[0];
    expect(error?.getAttribute('type')).toBe('inconclusive');
    expect(error?.textContent).toContain('already connected from tcp://127.0.0.1:41877');
    const skipped = elements(testcaseNamed(doc, 'billing can connect over amqp'), 'skipped')[0];
    expect(skipped?.getAttribute('message')).toBe(
      'this broker build has no amqp transport (amqp cannot be checked here)',
    );
  });

  it('escapes markup, quotes, line breaks and characters XML cannot hold', () => {
    const nasty = 'ERROR message:"<b>&amp;</b> \'x\' ]]> --> \u0001 end"\nsecond line';
    const r: RunResult = fixtureRunResult();
    const v = r.verdicts.find((x) => x.kind === 'expectation-failure')!;
    v.summary = nasty;
    v.observation!.evidence.push({ source: 'wire', text: nasty });
    const parsed = parse(toJUnitXml(r));
    const failure = elements(
      testcaseNamed(parsed, 'billing cannot produce queue://ORDERS.new over stomp'),
      'failure',
    )[0];
    const shown = nasty.replace('\u0001', '\\u0001');
    expect(failure?.getAttribute('message')).toBe(shown);
    expect(failure?.textContent).toContain(shown.split('\n')[0]);
  });
});
