/**
 * Loads a separate users file (`users:` list, same format as in a policy). Used with a team's broker
 * XML: Amazon MQ's XML holds no users, they live in the Amazon MQ API.
 */
import { PolicyErrors } from '../core/errors';
import type { Engine, PolicyUser } from '../core/types';
import { readInputFile } from './read-input';
import { publicNamesOf, reportableErrors } from './redact';
import { usersFileSchema } from './schema';
import { buildUsers, secretsToScrub } from './users-section';
import type { CredentialOptions } from './users-section';
import { parseYamlSource } from './yaml-source';
import { issuesToErrors } from './zod-issues';

export type UsersLoadOptions = CredentialOptions;

export function loadUsersFile(path: string, engine: Engine, opts: UsersLoadOptions = {}): PolicyUser[] {
  return parseUsersText(readInputFile(path, 'users file'), path, engine, opts);
}

export function parseUsersText(
  text: string,
  file: string,
  engine: Engine,
  opts: UsersLoadOptions = {},
): PolicyUser[] {
  const source = parseYamlSource(text, file);
  if (source.syntaxErrors.length > 0)
    throw new PolicyErrors(reportableErrors(source.syntaxErrors, source.secretTexts));
  const parsed = usersFileSchema.safeParse(source.data);
  const errors = parsed.success ? [] : issuesToErrors(parsed.error.issues, source, usersFileSchema);
  const rawUsers = (source.data as { users?: unknown } | null)?.users;
  const users = buildUsers(source, rawUsers, ['users'], engine, 'users-file', opts);
  for (const e of users.errors) errors.push(e);
  if (errors.length > 0) {
    throw new PolicyErrors(
      reportableErrors(errors, secretsToScrub(source, users), publicNamesOf(users.users)),
    );
  }
  return users.users;
}
