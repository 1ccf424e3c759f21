import { ANONYMOUS_PRINCIPAL, type StandinPrincipal, type StandinUser } from './config';

/**
 * Server-side SASL mechanisms in the shape rhea's SaslServer drives (`start()` then `outcome`/`username`).
 * rhea's own PLAIN and ANONYMOUS servers cannot refuse ANONYMOUS or tell the socket about a failure, hence these.
 */
interface ServerMechanism {
  outcome?: boolean;
  username?: string;
  start(response: Buffer | undefined, hostname?: string): void;
}

export interface SaslResult {
  principal?: StandinPrincipal;
}

export interface SaslHooks {
  users: StandinUser[];
  anonymousAccessAllowed: boolean;
  /** called once with the outcome: lets the server hold the socket after a failure as ActiveMQ does */
  onOutcome(result: SaslResult): void;
}

/** PLAIN's initial response is `authzid NUL authcid NUL passwd` (RFC 4616). */
function parsePlain(response: Buffer | undefined): { username: string; password: string } | null {
  if (!response) return null;
  const fields = response.toString('utf8').split('\0');
  if (fields.length !== 3) return null;
  return { username: fields[1] ?? '', password: fields[2] ?? '' };
}

function plainMechanism(hooks: SaslHooks): ServerMechanism {
  return {
    start(response) {
      const offered = parsePlain(response);
      const user = offered ? hooks.users.find((u) => u.username === offered.username) : undefined;
      // The broker's own credential check: the one place the stand-in compares a password.
      const ok = user !== undefined && offered !== null && user.password.reveal() === offered.password;
      this.outcome = ok;
      this.username = ok ? user.username : undefined;
      hooks.onOutcome(ok ? { principal: { username: user.username, groups: [...user.groups] } } : {});
    },
  };
}

function anonymousMechanism(hooks: SaslHooks): ServerMechanism {
  return {
    start() {
      this.outcome = hooks.anonymousAccessAllowed;
      this.username = hooks.anonymousAccessAllowed ? ANONYMOUS_PRINCIPAL.username : undefined;
      hooks.onOutcome(hooks.anonymousAccessAllowed ? { principal: ANONYMOUS_PRINCIPAL } : {});
    },
  };
}

/** Offered in ActiveMQ's order: `sasl-mechanisms [PLAIN, ANONYMOUS]`. */
export function activemqSaslMechanisms(hooks: SaslHooks): Record<string, () => ServerMechanism> {
  return {
    PLAIN: () => plainMechanism(hooks),
    ANONYMOUS: () => anonymousMechanism(hooks),
  };
}
