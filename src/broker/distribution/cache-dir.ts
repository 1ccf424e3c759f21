import { homedir } from 'node:os';
import { join } from 'node:path';

/** Overrides where distributions are kept (e.g. a CI cache folder). */
export const CACHE_DIR_ENV = 'AMQ_AUTH_CACHE_DIR';

/**
 * Per user, like Testcontainers' images: `$AMQ_AUTH_CACHE_DIR`, else `$XDG_CACHE_HOME/amq-auth-harness`,
 * else the platform's cache folder. Distributions are reused offline once there.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const explicit = env[CACHE_DIR_ENV]?.trim();
  if (explicit) return explicit;
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg) return join(xdg, 'amq-auth-harness');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'amq-auth-harness');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'amq-auth-harness', 'Cache');
  return join(homedir(), '.cache', 'amq-auth-harness');
}

export function distributionsDir(env?: NodeJS.ProcessEnv): string {
  return join(cacheRoot(env), 'activemq');
}
