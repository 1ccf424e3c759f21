export { loadPolicyFile, parsePolicyText } from './load-policy';
export type { PolicyLoadOptions } from './load-policy';
export { loadUsersFile, parseUsersText } from './load-users';
export type { UsersLoadOptions } from './load-users';
export type { CredentialOptions, PasswordGenerator } from './users-section';
export {
  AMAZON_MQ_CONSOLE_GROUP,
  AMAZON_MQ_LIMITS,
  checkCredentials,
  isAmazonMqPasswordChar,
  nameProblem,
  passwordProblem,
} from './credential-rules';
export type { CredentialCheck, CredentialLocator, NameKind } from './credential-rules';
export { generatePassword, GENERATED_PASSWORD_CHARS } from './generate-password';
export type { GeneratePasswordOptions } from './generate-password';
export { ENGINE_FLAVOURS, parseEngine } from './engine';
export type { EngineParse } from './engine';
export { SPECIAL_EXPECTATION_USERS } from './expectations-section';
export { policyFileSchema, policyJsonSchema, usersFileSchema, usersJsonSchema } from './schema';
export type { PolicyFile, UsersFile } from './schema';
