import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { Secret } from '../core/secret';
import type { TlsBundle } from '../broker/types';
import { createCa, createServerCert, serverHosts } from './certificates';
import { buildKeystore, buildTruststore } from './pkcs12';

/** 24 random bytes: 32 URL-safe characters, no characters that need escaping in XML or a shell. */
const STORE_PASSWORD_BYTES = 24;
export const KEYSTORE_ALIAS = 'broker';
export const TRUSTSTORE_ALIAS = 'run-ca';

export interface RunTlsOptions {
  /** extra DNS names or IP addresses for the server certificate, besides `localhost` and `127.0.0.1` */
  hosts?: string[];
}

function newStorePassword(): Secret {
  return new Secret(randomBytes(STORE_PASSWORD_BYTES).toString('base64url'));
}

/**
 * Fresh TLS material for one run: a CA nobody else trusts, a server certificate it signs for the hosts clients
 * connect to, and PKCS12 stores the broker loads. Nothing is reused across runs.
 */
export async function createRunTls(opts: RunTlsOptions = {}): Promise<TlsBundle> {
  const hosts = serverHosts(opts.hosts);
  const ca = await createCa(`amq-auth-harness run CA ${randomBytes(4).toString('hex')}`);
  const server = await createServerCert(ca, hosts);
  const keystorePassword = newStorePassword();
  const truststorePassword = newStorePassword();
  return {
    caPem: forge.pki.certificateToPem(ca.cert),
    serverCertPem: forge.pki.certificateToPem(server.cert),
    keystoreP12: buildKeystore(server.key, [server.cert, ca.cert], keystorePassword.reveal(), KEYSTORE_ALIAS),
    keystorePassword,
    truststoreP12: buildTruststore([{ cert: ca.cert, alias: TRUSTSTORE_ALIAS }], truststorePassword.reveal()),
    truststorePassword,
  };
}
