/**
 * Writes what docker-compose.yml needs next to a generated broker XML: a fresh run CA, the broker's PKCS12
 * keystore and truststore (the names the generated XML expects under ${activemq.conf}), and an env file with
 * the store passwords (as ACTIVEMQ_SSL_OPTS system properties, which both images' `activemq console` pass to
 * the JVM) and one AMQ_PASSWORD_<USER> per placeholder in the XML (taken from the environment when set,
 * else generated). Clients trust `ca.pem`.
 *
 * usage: npx tsx scripts/make-tls.ts [--xml broker-config/orders.activemq.xml] [--out .amq-auth/compose]
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRunTls } from '../src/tls';

const DEFAULT_XML = 'broker-config/orders.activemq.xml';
const DEFAULT_OUT = '.amq-auth/compose';
/** File names the generated XML's sslContext refers to (`${activemq.conf}/broker.p12`, `.../truststore.p12`). */
const KEYSTORE_FILE = 'broker.p12';
const TRUSTSTORE_FILE = 'truststore.p12';
const ENV_FILE = 'compose.env';
const PASSWORD_PLACEHOLDER = /\$\{(AMQ_PASSWORD_[A-Z0-9_]+)\}/g;
/** 18 random bytes: 24 URL-safe characters, within Amazon MQ's password rules and free of `, : =`. */
const GENERATED_PASSWORD_BYTES = 18;
const PRIVATE_FILE_MODE = 0o600;
/** The stores are read by the broker's user inside the container, which need not be the owner here. */
const STORE_FILE_MODE = 0o644;

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: npx tsx scripts/make-tls.ts [--xml <broker xml>] [--out <folder>]');
    return;
  }
  const xmlFile = resolve(option(args, '--xml', DEFAULT_XML));
  const out = resolve(option(args, '--out', DEFAULT_OUT));
  const xml = await readFile(xmlFile, 'utf8');
  const placeholders = [...new Set([...xml.matchAll(PASSWORD_PLACEHOLDER)].map((m) => m[1]!))].sort();

  const tls = await createRunTls();
  await mkdir(out, { recursive: true, mode: 0o700 });
  await writeFile(join(out, 'ca.pem'), tls.caPem);
  await writeFile(join(out, KEYSTORE_FILE), tls.keystoreP12, { mode: STORE_FILE_MODE });
  await writeFile(join(out, TRUSTSTORE_FILE), tls.truststoreP12, { mode: STORE_FILE_MODE });

  const generated: string[] = [];
  const lines = [
    '# Written by scripts/make-tls.ts; holds passwords: keep it private.',
    `ACTIVEMQ_SSL_OPTS=-Damq.keystore.password=${tls.keystorePassword.reveal()} -Damq.truststore.password=${tls.truststorePassword.reveal()}`,
  ];
  for (const name of placeholders) {
    const fromEnv = process.env[name];
    if (!fromEnv) generated.push(name);
    lines.push(`${name}=${fromEnv || randomBytes(GENERATED_PASSWORD_BYTES).toString('base64url')}`);
  }
  const envFile = join(out, ENV_FILE);
  await writeFile(envFile, lines.join('\n') + '\n', { mode: PRIVATE_FILE_MODE });
  await chmod(envFile, PRIVATE_FILE_MODE);

  console.log(`TLS material and ${ENV_FILE} written to ${out}`);
  console.log(`  clients trust ${join(out, 'ca.pem')} (server certificate for localhost and 127.0.0.1)`);
  if (placeholders.length) {
    console.log(`  user passwords for ${placeholders.join(', ')} are in ${envFile}`);
    if (generated.length) console.log(`  generated (not set in the environment): ${generated.join(', ')}`);
  }
  console.log(`  then: AMQ_AUTH_TLS_DIR=${out} docker compose up`);
}

main().catch((error: unknown) => {
  console.error(`make-tls: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
