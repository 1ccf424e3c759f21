/**
 * The probed cases' evidence, on disk. Evidence is most of what a run keeps per probed case (about 2 KB:
 * frames, return codes, log lines), and only the reports read it, one case at a time; a 250-user run with
 * --exhaustive held some 700 MB of it. Each observation's evidence is appended to one file in the run
 * directory when the case ends, and the observation reads it back whenever its `evidence` is asked for.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { InfrastructureError } from '../core/errors';
import type { Evidence, Observation } from '../probes/types';
import { redactCredentials } from '../report/redact';

// The file stays open while any observation can still read from it, and closes with the last of them.
const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** Where an observation's evidence lies (a property of the observation no report sees: a symbol, hidden). */
const PLACE = Symbol('evidence place');
interface Place {
  spool: EvidenceSpool;
  at: number;
  length: number;
}

function spooledEvidence(this: { [PLACE]: Place }): Evidence[] {
  const { spool, at, length } = this[PLACE];
  return spool.read(at, length);
}

export class EvidenceSpool {
  private fd: number | undefined;
  private size = 0;

  constructor(readonly file: string) {}

  /**
   * The observation with its evidence moved to the spool, credentials masked (read back on every access to
   * `evidence`).
   */
  keep(observation: Observation): Observation {
    const { evidence, ...rest } = observation;
    // masked as every report masks it: the file sits in the run directory beside the broker's log
    const masked = evidence.map((e) => ({ ...e, text: redactCredentials(e.text) }));
    const bytes = Buffer.from(JSON.stringify(masked), 'utf8');
    const place: Place = { spool: this, at: this.append(bytes), length: bytes.length };
    Object.defineProperty(rest, PLACE, { value: place });
    // one getter for every observation: a getter of its own each made V8 give every observation a shape
    // of its own too (about 0.6 KB more per case)
    return Object.defineProperty(rest, 'evidence', { enumerable: true, get: spooledEvidence }) as Observation;
  }

  /** @internal the evidence at `place`; see spooledEvidence */
  read(at: number, length: number): Evidence[] {
    const bytes = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(this.open(), bytes, read, length - read, at + read);
      if (n === 0) throw new InfrastructureError(`the run's evidence file ${this.file} was cut short`);
      read += n;
    }
    return JSON.parse(bytes.toString('utf8')) as Evidence[];
  }

  private open(): number {
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.file, 'w+');
      } catch (cause) {
        throw new InfrastructureError(`cannot write the run's evidence to ${this.file}`, {
          hint: 'the run directory must be writable, with room for the evidence of every probed case',
          cause,
        });
      }
      closeWhenUnreachable.register(this, this.fd);
    }
    return this.fd;
  }

  private append(bytes: Buffer): number {
    const fd = this.open();
    const at = this.size;
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(fd, bytes, written, bytes.length - written, at + written);
    }
    this.size += bytes.length;
    return at;
  }
}
