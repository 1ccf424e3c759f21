import forge from 'node-forge';

const { asn1, pki } = forge;

/**
 * 3DES with SHA-1 PKCS#12 PBE for the key bag: the classic PKCS#12 algorithms, which Java 17's PKCS12
 * KeyStore reads (as do OpenSSL and Node). forge's default, AES via PBES2, also works on current JDKs but not
 * on older 11/8 updates some users still run.
 */
const KEY_BAG_ALGORITHM = '3des';
/** Iterations of the PBE and MAC key derivation; Java's own default for PKCS12 is 10000. */
const PBE_ITERATIONS = 10000;
const MAC_SALT_BYTES = 20;
/** PKCS#12 key-derivation purpose byte for MAC keys (RFC 7292 appendix B.3). */
const PKCS12_MAC_KEY_ID = 3;
const SHA1_BYTES = 20;

/**
 * Oracle's bag attribute that marks a certificate bag as a trusted certificate entry. Java's PKCS12 KeyStore
 * ignores certificate bags without a private key unless they carry it (OpenSSL 3.2 added `-jdktrust` for the
 * same reason); the value is the key usage the certificate is trusted for, here anyExtendedKeyUsage.
 */
const ORACLE_TRUSTED_KEY_USAGE_OID = '2.16.840.1.113894.746875.1.1';
const ANY_EXTENDED_KEY_USAGE_OID = '2.5.29.37.0';
// PKCS#9 and PKCS#7/#12 identifiers (RFC 2985, RFC 2315, RFC 7292).
const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const OID_X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const OID_DATA = '1.2.840.113549.1.7.1';
const OID_SHA1 = '1.3.14.3.2.26';

function toBuffer(pfx: forge.asn1.Asn1): Buffer {
  return Buffer.from(asn1.toDer(pfx).getBytes(), 'binary');
}

function seq(children: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, children);
}

function set(children: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children);
}

function oid(value: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}

function octets(bytes: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
}

function explicit0(child: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [child]);
}

function integer(value: number): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
}

/** A keystore with the server key and its chain (server first, then the CA) under `alias`. */
export function buildKeystore(
  key: forge.pki.rsa.PrivateKey,
  chain: forge.pki.Certificate[],
  password: string,
  alias: string,
): Buffer {
  const pfx = forge.pkcs12.toPkcs12Asn1(key, chain, password, {
    algorithm: KEY_BAG_ALGORITHM,
    count: PBE_ITERATIONS,
    friendlyName: alias,
  });
  return toBuffer(pfx);
}

function trustedCertBag(cert: forge.pki.Certificate, alias: string): forge.asn1.Asn1 {
  const attributes = set([
    seq([
      oid(OID_FRIENDLY_NAME),
      set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, alias)]),
    ]),
    seq([oid(ORACLE_TRUSTED_KEY_USAGE_OID), set([oid(ANY_EXTENDED_KEY_USAGE_OID)])]),
  ]);
  const certDer = asn1.toDer(pki.certificateToAsn1(cert)).getBytes();
  const certBag = seq([oid(OID_X509_CERTIFICATE), explicit0(octets(certDer))]);
  return seq([oid(OID_CERT_BAG), explicit0(certBag), attributes]);
}

/**
 * A truststore holding `certs` as trusted certificate entries. Certificates are public, so the safe contents
 * are not encrypted; the password protects integrity through the MAC, as in keystores Java writes itself.
 */
export function buildTruststore(
  certs: { cert: forge.pki.Certificate; alias: string }[],
  password: string,
): Buffer {
  const safeContents = seq(certs.map(({ cert, alias }) => trustedCertBag(cert, alias)));
  const contentInfo = seq([oid(OID_DATA), explicit0(octets(asn1.toDer(safeContents).getBytes()))]);
  const authSafe = seq([contentInfo]);
  const authSafeDer = asn1.toDer(authSafe).getBytes();

  const salt = forge.random.getBytesSync(MAC_SALT_BYTES);
  const macKey = forge.pkcs12.generateKey(
    password,
    forge.util.createBuffer(salt),
    PKCS12_MAC_KEY_ID,
    PBE_ITERATIONS,
    SHA1_BYTES,
  );
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey);
  hmac.update(authSafeDer);
  const macData = seq([
    seq([
      seq([oid(OID_SHA1), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]),
      octets(hmac.digest().getBytes()),
    ]),
    octets(salt),
    integer(PBE_ITERATIONS),
  ]);

  const pfx = seq([integer(3), seq([oid(OID_DATA), explicit0(octets(authSafeDer))]), macData]);
  return toBuffer(pfx);
}
