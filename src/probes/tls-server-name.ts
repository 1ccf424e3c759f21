import net from 'node:net';
import type { Endpoint } from '../broker/types';

/**
 * The name every probe checks the broker certificate against: the endpoint's own `serverName` when the
 * target gives one (e.g. a tunnel to a private broker), else its host, except for an IP literal, where
 * the harness's run certificates name `localhost`.
 */
export function tlsServerName(endpoint: Pick<Endpoint, 'host' | 'serverName'>): string {
  if (endpoint.serverName) return endpoint.serverName;
  return net.isIP(endpoint.host) ? 'localhost' : endpoint.host;
}
