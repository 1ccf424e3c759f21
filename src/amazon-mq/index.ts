export {
  sanitizeForAmazonMq,
  SANITIZE_WARNING,
  SANITIZE_ERROR,
  AMAZON_MQ_MAX_RETURNED_WARNINGS,
} from './sanitize';
export type { SanitizeResult, SanitizeWarning, SanitizeError } from './sanitize';
export { generateForAmazonMq, secretReference } from './generate';
export type { AmazonMqOutput, AmazonMqUser, AmazonMqGenerateOptions } from './generate';
export { allowListFor, ALLOW_LISTS } from './allowlists';
export type { AllowList, ElementRule, ValueRule } from './allowlist-types';
