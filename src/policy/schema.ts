/**
 * The shape of a policy file and of a users file, as zod schemas. These check structure and the format of
 * single values only; rules that depend on the engine or relate several values (credential rules, cross
 * references, duplicates) live in the loaders so that every problem is reported with its own location.
 */
import { z } from 'zod';
import { OPERATIONS, PROTOCOLS } from '../core/types';

/** `amazon-mq/<major.minor[.patch]>` or `activemq/<x.y.z>`. */
export const ENGINE_PATTERN = /^(?:amazon-mq\/\d+\.\d+(?:\.\d+)?|activemq\/\d+\.\d+\.\d+)$/;

/** Destinations the broker pre-creates: only ordinary queues and topics can be declared in broker XML. */
export const DECLARED_DESTINATION_PATTERN = /^(?:queue|topic):\/\/\S+$/;

/** What an expectation may be about, temporary destinations included. */
export const EXPECTATION_DESTINATION_PATTERN = /^(?:queue|topic|temp-queue|temp-topic):\/\/\S+$/;

/** An authorizationEntry pattern: ActiveMQ splits on nothing here, but whitespace is never meant. */
export const ENTRY_PATTERN = /^\S+$/;

/**
 * A group as written in an ACL. The broker XML joins ACL groups with commas and trims each one
 * (authorizationEntry setRead/setWrite/setAdmin), so commas and surrounding whitespace cannot survive.
 */
export const ACL_GROUP_PATTERN = /^[^,\s](?:[^,]*[^,\s])?$/;

const aclGroups = z
  .array(
    z.string().regex(ACL_GROUP_PATTERN, {
      error: 'an ACL group must be non-empty, without commas and without surrounding whitespace',
    }),
  )
  .meta({ description: 'Group names; `*` matches any group. Default: none.' });

export const aclSchema = z
  .strictObject({ read: aclGroups.optional(), write: aclGroups.optional(), admin: aclGroups.optional() })
  .meta({ description: 'Groups granted read, write and admin.' });

const entryPattern = z.string().regex(ENTRY_PATTERN, {
  error: 'a destination pattern must be non-empty and contain no whitespace',
});

export const entrySchema = z
  .strictObject({
    queue: entryPattern
      .optional()
      .meta({ description: 'Queue name pattern (`.` separates, `*` one segment, `>` the rest).' }),
    topic: entryPattern
      .optional()
      .meta({ description: 'Topic name pattern (`.` separates, `*` one segment, `>` the rest).' }),
    read: aclGroups.optional(),
    write: aclGroups.optional(),
    admin: aclGroups.optional(),
  })
  .meta({
    description: 'One authorizationEntry: exactly one of `queue` or `topic`.',
    oneOf: [{ required: ['queue'] }, { required: ['topic'] }],
  });

export const authorizationSchema = z
  .strictObject({
    entries: z.array(entrySchema).optional(),
    tempDestinations: aclSchema.optional().meta({ description: 'tempDestinationAuthorizationEntry' }),
    default: aclSchema
      .optional()
      .meta({ description: 'defaultEntry: unioned into every non-temporary lookup' }),
  })
  .meta({ description: 'The authorizationPlugin map. Absent: no plugin, everyone may do everything.' });

export const userSchema = z
  .strictObject({
    username: z.string().min(1, { error: 'a username must not be empty' }),
    password: z.string().optional().meta({
      description: 'Literal, `${ENV_VAR}` reference, or omitted to have one generated for the run.',
    }),
    groups: z.array(z.string()).optional(),
  })
  .meta({ description: 'A broker user.' });

export const usersSchema = z.array(userSchema);

const operations = z.array(z.enum(OPERATIONS));

export const expectationSchema = z
  .strictObject({
    user: z.string().min(1).meta({
      description:
        'A declared username, `anonymous` (no credentials) or `unknown` (a username the broker does not know).',
    }),
    can: operations.optional(),
    cannot: operations.optional(),
    on: z
      .string()
      .regex(EXPECTATION_DESTINATION_PATTERN, {
        error:
          'a destination must be written queue://NAME, topic://NAME, temp-queue://NAME or temp-topic://NAME',
      })
      .optional(),
    protocols: z
      .array(z.enum(PROTOCOLS))
      .min(1, { error: 'an empty protocol list selects nothing' })
      .optional()
      .meta({ description: 'Default: every protocol.' }),
  })
  .meta({ description: 'What one user can and cannot do.' });

export const policyFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    engine: z.string().regex(ENGINE_PATTERN, {
      error: 'engine must be amazon-mq/<major.minor[.patch]> or activemq/<x.y.z>',
    }),
    anonymousAccess: z.boolean().optional().meta({ description: 'anonymousAccessAllowed; default false.' }),
    anonymousGroup: z.string().min(1).optional().meta({
      description:
        'The group a client without credentials holds (simpleAuthenticationPlugin anonymousGroup); default anonymous.',
    }),
    users: usersSchema.optional(),
    authorization: authorizationSchema.optional(),
    destinations: z
      .array(
        z.string().regex(DECLARED_DESTINATION_PATTERN, {
          error: 'a declared destination must be written queue://NAME or topic://NAME',
        }),
      )
      .optional()
      .meta({ description: 'Destinations the broker creates at start.' }),
    expectations: z.array(expectationSchema).optional(),
  })
  .meta({
    title: 'amq-auth-harness policy',
    description: 'Users, groups, authorization map and expectations.',
  });

export const usersFileSchema = z.strictObject({ $schema: z.string().optional(), users: usersSchema }).meta({
  title: 'amq-auth-harness users',
  description: 'Broker users for a broker XML that declares none.',
});

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type UsersFile = z.infer<typeof usersFileSchema>;
export type RawUser = z.infer<typeof userSchema>;
export type RawEntry = z.infer<typeof entrySchema>;
export type RawAcl = z.infer<typeof aclSchema>;
export type RawExpectation = z.infer<typeof expectationSchema>;

/** JSON Schema (draft 2020-12) of the input as written, for editors and CI validation. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policyFileSchema, { io: 'input' }) as Record<string, unknown>;
}

export function usersJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(usersFileSchema, { io: 'input' }) as Record<string, unknown>;
}
