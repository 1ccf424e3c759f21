import type { Decision, Destination, Expectation, Operation, Protocol } from '../core/types';
import type { ClientProfile } from '../model/authorization-model';
import type { EquivalenceClasses } from './equivalence';

/** Which credentials a case presents. Only `valid` uses the user's real password. */
export type CredentialVariant = 'valid' | 'wrong-password' | 'unknown-user' | 'no-credentials';

/** How a `create` case touches the fresh destination: auto-creation happens on first send or subscribe. */
export type CreateVia = 'produce' | 'consume';

export interface PlannedCase {
  /** stable within a plan, e.g. `stomp orders-writer produce queue://ORDERS.>` */
  id: string;
  protocol: Protocol;
  /** a configured username, or `unknown` / `anonymous` for the negative connects */
  user: string;
  credentials: CredentialVariant;
  operation: Operation;
  /** the concrete destination probed (absent for connect) */
  destination?: Destination;
  /**
   * What the probe destination stands for, in the policy's own words: an entry id such as
   * `queue://ORDERS.>`, a declared destination, or `queue://(no entry)`. Reports and baselines key on it.
   */
  target?: string;
  /**
   * for `wildcard-consume`: the concrete destination the wildcard matches that the observer sends to (the
   * probe subscribes to `destination`, the wildcard)
   */
  sendTo?: Destination;
  /** for `create`: the first use that creates the destination */
  createVia?: CreateVia;
  /** what the model predicts (on a warm broker: every advisory topic the case touches exists already) */
  prediction: Decision;
  /**
   * Set when the outcome depends on what touched an advisory topic before (engines before 5.19.8): the
   * model's prediction on a cold broker, where this user is the first to touch it, as after a restart.
   * The case then runs on both a warm and a cold broker.
   */
  cold?: Decision;
  /**
   * How the probe connects: `default` as the protocol's usual client; `minimal` configured to need no
   * advisory permission (JMS watchTopicAdvisories=false). Destination cases of a user whose default
   * connection is refused use `minimal`, so they still say what the map allows instead of cascading.
   */
  client?: ClientProfile;
  /** what the team declared, when an expectation covers this case */
  expectation?: { allowed: boolean; statement: Expectation };
  /** set when the case cannot run here, e.g. the broker build lacks the transport */
  skip?: string;
  /**
   * The class this probed case stands for (absent when it stands for itself alone): every user of
   * `users` on every target of `targets`, over the same protocol and operation, gets its outcome.
   */
  represents?: CaseClass;
  /** on a case that was not probed: the id of the probed case it follows from (see `represents`) */
  inferredFrom?: string;
}

export interface CaseClass {
  /** the user class's members, the representative first */
  users: string[];
  /** the target class's members (the policy's words and the concrete destination), the representative first */
  targets: Array<{ target: string; destination: Destination }>;
}

export interface Plan {
  runId: string;
  cases: PlannedCase[];
  /** destinations the harness declares in the broker XML so produce/consume are not confused with create */
  probeDestinations: Destination[];
  /**
   * The advisory topics the cases touch. The warm broker declares them, so no outcome there depends on
   * what touched them before; the cold broker, started only for cases with `cold`, declares none.
   */
  advisoryTopics: Destination[];
  /** the user and target classes the plan probes one representative of (singletons under --exhaustive) */
  classes: EquivalenceClasses;
  /** every member probed itself (`--exhaustive`) */
  exhaustive: boolean;
}
