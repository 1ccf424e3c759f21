/** Evidence kept on disk reads back exactly as recorded, and the observation in memory holds none of it. */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceSpool } from '../../../src/check/evidence-spool';
import type { Observation } from '../../../src/probes/types';

const spoolFile = () => join(mkdtempSync(join(tmpdir(), 'amq-auth-spool-')), 'evidence.jsonl');

const observation = (i: number): Observation => ({
  outcome: i % 2 === 0 ? 'granted' : 'denied',
  durationMs: i,
  detail: `case ${i}`,
  evidence: [
    {
      source: 'wire',
      text: `ERROR\nmessage:User u${i} is not authorized to write to: queue://Ä.${i}`,
      atMs: i,
    },
    { source: 'observer', text: `MESSAGE message-id:ID:${i}` },
  ],
});

describe('EvidenceSpool', () => {
  it('gives every observation back its own evidence, in any order, and writes it to the file', () => {
    const file = spoolFile();
    const spool = new EvidenceSpool(file);
    const kept = Array.from({ length: 50 }, (_, i) => spool.keep(observation(i)));
    for (const i of [49, 0, 17, 17, 3]) expect(kept[i]).toEqual(observation(i));
    expect(statSync(file).size).toBeGreaterThan(50 * 100);
    expect(readFileSync(file, 'utf8')).toContain('queue://Ä.49');
  });

  it('keeps no evidence array in memory: it is read from the file when asked for', () => {
    const kept = new EvidenceSpool(spoolFile()).keep(observation(1));
    const own = Object.getOwnPropertyDescriptor(kept, 'evidence')!;
    expect(own.value).toBeUndefined();
    expect(typeof own.get).toBe('function');
    expect(kept.evidence).not.toBe(kept.evidence);
    expect(kept.evidence).toEqual(observation(1).evidence);
  });

  it('is seen whole by JSON and by spreading, as reports and shard files read it', () => {
    const kept = new EvidenceSpool(spoolFile()).keep(observation(2));
    expect(JSON.parse(JSON.stringify(kept))).toEqual(observation(2));
    expect({ ...kept }).toEqual(observation(2));
  });

  it('masks credentials a frame quotes before they reach the disk, and nothing else', () => {
    const file = spoolFile();
    const frame = 'CONNECT\nlogin:alice\npasscode:Sup3r-secret-9\nhost:broker';
    const kept = new EvidenceSpool(file).keep({
      outcome: 'denied',
      durationMs: 1,
      evidence: [{ source: 'wire', text: frame }],
    });
    expect(readFileSync(file, 'utf8')).not.toContain('Sup3r-secret-9');
    expect(kept.evidence[0]!.text).toBe(frame.replace('Sup3r-secret-9', '********'));
  });

  it('keeps an observation without evidence as one', () => {
    const none: Observation = { outcome: 'granted', durationMs: 0, evidence: [] };
    expect(new EvidenceSpool(spoolFile()).keep(none)).toEqual(none);
  });

  it('says where it cannot write, as an infrastructure failure', () => {
    const spool = new EvidenceSpool(join(tmpdir(), 'no-such-dir-amq-auth', 'evidence.jsonl'));
    expect(() => spool.keep(observation(0))).toThrow(
      /cannot write the run's evidence to .*no-such-dir-amq-auth/,
    );
  });
});
