/**
 * The permission matrix of a policy as Jest tests, written as the README shows it: one test per case,
 * decided by a real broker (the local runtime, over STOMP to keep the run short).
 */
import { describePolicy } from 'amq-auth-harness/jest';

describePolicy('policy/policy.yaml', { runtime: 'local', protocols: ['stomp'] });
