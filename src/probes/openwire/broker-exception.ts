/**
 * What an ExceptionResponse or ConnectionError says, classified from ActiveMQ's own texts
 * (BROKER-FACTS.md): `User name [x] or password is invalid.`, `User x is not authorized to <verb>: <dest>`,
 * and `javax.jms.InvalidClientIDException: ... Client: <id> already connected from ...` for the 5.17
 * client-id leak.
 */
import type { ThrowableInfo } from './commands';

export type BrokerExceptionKind = 'authentication' | 'authorization' | 'client-id-conflict' | 'other';

const AUTHENTICATION = /User name \[[^\]]*\] or password is invalid/;
const AUTHORIZATION = /is not authorized to (?:read from|write to|create|remove)/;
const SECURITY_CLASSES = new Set(['java.lang.SecurityException', 'javax.jms.JMSSecurityException']);

export function classifyBrokerException(exception: ThrowableInfo | null): BrokerExceptionKind {
  const className = exception?.className ?? '';
  const message = exception?.message ?? '';
  if (className.endsWith('InvalidClientIDException') || /already connected from/.test(message)) {
    return 'client-id-conflict';
  }
  if (SECURITY_CLASSES.has(className) || className.endsWith('SecurityException')) {
    if (AUTHENTICATION.test(message)) return 'authentication';
    if (AUTHORIZATION.test(message)) return 'authorization';
  }
  return 'other';
}

/** `java.lang.SecurityException: User name [x] or password is invalid.`, as Java's Throwable#toString. */
export function describeThrowable(exception: ThrowableInfo | null): string {
  if (!exception) return 'no exception';
  const className = exception.className ?? 'unknown exception class';
  return exception.message === null ? className : `${className}: ${exception.message}`;
}
