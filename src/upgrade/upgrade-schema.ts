/** The upgrade preview's JSON report, version 1, in zod: the type, the test check and the schema file. */
import { z } from 'zod';
import { OPERATIONS, PROTOCOLS } from '../core/types';

export const UPGRADE_SCHEMA_VERSION = 1;

const Side = z
  .object({
    requested: z.string().describe('as written: an engine (amazon-mq/5.19) or a release (5.19.1)'),
    version: z.string().describe('the release started'),
    brokerVersionRan: z.string().nullable().describe('the release as the broker reported itself'),
  })
  .strict();

const Evidence = z.object({ source: z.string(), text: z.string() }).strict();

export const UpgradeReportSchema = z
  .object({
    schemaVersion: z.literal(UPGRADE_SCHEMA_VERSION),
    generator: z.literal('amq-auth-harness'),
    input: z.string(),
    from: Side,
    to: Side,
    protocols: z.array(z.enum(PROTOCOLS)),
    moves: z.array(
      z
        .object({
          subject: z.string().describe('a user, or e.g. "unknown (unknown user)"'),
          target: z.string().describe('the destination pattern, or "(connect)"'),
          operation: z.enum(OPERATIONS),
          protocol: z.enum(PROTOCOLS),
          phase: z
            .enum(['warm', 'cold'])
            .describe('cold: nothing had touched the advisory topics (as after a restart)'),
          before: z.enum(['granted', 'denied', 'inconclusive']),
          after: z.enum(['granted', 'denied', 'inconclusive']),
          change: z.enum(['gains', 'loses', 'changes']),
          fromEvidence: z.array(Evidence),
          toEvidence: z.array(Evidence),
        })
        .strict(),
    ),
    unchanged: z.int().nonnegative().describe('cells with the same outcome on both brokers'),
    unmatched: z.int().nonnegative().describe('cells only one run observed'),
    problems: z.array(
      z
        .object({
          version: z.string(),
          caseId: z.string(),
          kind: z.enum(['model-disagreement', 'inconclusive']),
          summary: z.string(),
        })
        .strict(),
    ),
    aborted: z.string().nullable(),
  })
  .strict();

export type UpgradeReport = z.infer<typeof UpgradeReportSchema>;

export function upgradeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(UpgradeReportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
