import { generateKeyPair } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPairAsync = promisify(generateKeyPair);

/** RSA because node-forge signs and serialises only RSA keys; 2048 bits is what Java 17 and Node accept by default. */
const RSA_KEY_BITS = 2048;
/** Backdated so a broker or client whose clock is slightly behind still accepts the certificates. */
const NOT_BEFORE_BACKDATE_MS = 60 * 60 * 1000;
/** One run needs hours at most; a short life keeps a leaked run directory harmless. */
const VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

export interface KeyAndCert {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
}

/** Hosts every run certificate names: the endpoints of local and container runtimes use them. */
export const DEFAULT_SERVER_HOSTS: readonly string[] = ['localhost', '127.0.0.1'];

async function newRsaKeyPair(): Promise<{
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}> {
  // Node's native generator takes milliseconds where forge's pure JavaScript one takes seconds.
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: RSA_KEY_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function randomSerial(): string {
  // A positive, non-zero 16-byte serial: the high bit is cleared so DER does not read it as negative.
  const bytes = forge.random.getBytesSync(16);
  const hex = forge.util.bytesToHex(bytes);
  return ((parseInt(hex.slice(0, 2), 16) & 0x7f) | 0x01).toString(16).padStart(2, '0') + hex.slice(2);
}

function validity(cert: forge.pki.Certificate, now: Date): void {
  cert.validity.notBefore = new Date(now.getTime() - NOT_BEFORE_BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + VALIDITY_MS);
}

export async function createCa(commonName: string, now = new Date()): Promise<KeyAndCert> {
  const { privateKey, publicKey } = await newRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  validity(cert, now);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { key: privateKey, cert };
}

function altName(host: string): { type: number; value?: string; ip?: string } {
  // GeneralName tags (RFC 5280 4.2.1.6): 2 = dNSName, 7 = iPAddress.
  return isIP(host) ? { type: 7, ip: host } : { type: 2, value: host };
}

/** De-duplicated, order kept: the defaults first, then the caller's extra hosts. */
export function serverHosts(extra: readonly string[] = []): string[] {
  return [...new Set([...DEFAULT_SERVER_HOSTS, ...extra.map((h) => h.trim()).filter((h) => h.length > 0)])];
}

export async function createServerCert(
  ca: KeyAndCert,
  hosts: readonly string[],
  now = new Date(),
): Promise<KeyAndCert> {
  const { privateKey, publicKey } = await newRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  validity(cert, now);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map(altName) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { key: privateKey, cert };
}
