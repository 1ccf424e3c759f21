/**
 * The examples' permission matrices as Jest tests: one named test per case, each held to its verdict from
 * a real broker run, and the whole observed matrix held to the committed snapshot
 * (__snapshots__/examples-jest.test.ts.snap; `npx jest test/integration/examples-jest -u` records a
 * deliberate change). STOMP and MQTT keep it to about 25 s per example on the local runtime; set
 * AMQ_AUTH_TEST_RUNTIME=testcontainers (or auto) to run them in the official image instead.
 */
import type { RuntimeChoice } from '../../src/broker/select-runtime';
import { describePolicy } from '../../src/jest';

const runtime = (process.env.AMQ_AUTH_TEST_RUNTIME ?? 'local') as RuntimeChoice;
const protocols = ['stomp', 'mqtt'] as const;

describePolicy('examples/orders/policy.yaml', { runtime, protocols: [...protocols], snapshot: true });
describePolicy('examples/multi-tenant/policy.yaml', { runtime, protocols: [...protocols], snapshot: true });
