import type { Decision, Destination, Expectation, Operation, Protocol } from '../core/types';

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
  /** for `create`: the first use that creates the destination */
  createVia?: CreateVia;
  /** what the model predicts */
  prediction: Decision;
  /** what the team declared, when an expectation covers this case */
  expectation?: { allowed: boolean; statement: Expectation };
  /** set when the case cannot run here, e.g. the broker build lacks the transport */
  skip?: string;
}

export interface Plan {
  runId: string;
  cases: PlannedCase[];
  /** destinations the harness declares in the broker XML so produce/consume are not confused with create */
  probeDestinations: Destination[];
}
