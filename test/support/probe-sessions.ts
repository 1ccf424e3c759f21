/** Granted sessions for a block's own tests, closed after each test whatever it did with them. */
import { newProbeId } from '../../src/probes/probe-message';
import type { ProbeAdapter, ProbeSession, ProbeTarget } from '../../src/probes/types';
import { login } from './contract-policy';
import { CONTRACT_CASE_TIMEOUTS } from './contract-broker';

/** Opens a session as `username` (with `clientId`, else a fresh one); fails the test when it is not granted. */
export type OpenSession = (username: string, clientId?: string) => Promise<ProbeSession>;

export function useProbeSessions(adapter: ProbeAdapter, target: () => ProbeTarget): OpenSession {
  const sessions: ProbeSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  return async (username, clientId = newProbeId(`${adapter.protocol}-it`)) => {
    const result = await adapter.connect(target(), login(username), {
      clientId,
      timeoutMs: CONTRACT_CASE_TIMEOUTS.connectMs,
    });
    if (!result.session) throw new Error(`${username} could not connect: ${result.observation.detail}`);
    sessions.push(result.session);
    return result.session;
  };
}
