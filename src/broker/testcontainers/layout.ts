import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Paths inside the container. The official apache/activemq-classic image and the local image share them
 * (docker/local-image/Dockerfile lays a distribution out this way), so one code path configures both.
 * Official image: ENV ACTIVEMQ_HOME=/opt/apache-activemq, CMD ["activemq", "console"] (apache/activemq,
 * assembly/src/docker/Dockerfile).
 */
export const ACTIVEMQ_HOME = '/opt/apache-activemq';
export const ACTIVEMQ_CONF = `${ACTIVEMQ_HOME}/conf`;
export const ACTIVEMQ_XML_PATH = `${ACTIVEMQ_CONF}/activemq.xml`;
export const KEYSTORE_PATH = `${ACTIVEMQ_CONF}/amq-auth-keystore.p12`;
export const TRUSTSTORE_PATH = `${ACTIVEMQ_CONF}/amq-auth-truststore.p12`;
/** conf/ is on the broker's classpath, where log4j 2 finds this file; ours logs every line to the console. */
export const LOG4J2_PATH = `${ACTIVEMQ_CONF}/log4j2.properties`;

/** The console log configuration both images get, so the runtime reads the same line format from each. */
export function consoleLogConfig(): Promise<string> {
  return readFile(join(__dirname, '..', '..', '..', 'docker', 'local-image', 'log4j2.properties'), 'utf8');
}
/** Folders whose jars the launcher puts on the broker's classpath (lib/optional is a link on Debian). */
export const LIB_DIRS = [`${ACTIVEMQ_HOME}/lib`];

/**
 * Some releases of the official entrypoint append a `simpleAuthenticationPlugin` to conf/activemq.xml unless
 * this marker exists; the harness's configuration must reach the broker unchanged.
 */
export const ENTRYPOINT_MARKER_FILES = [
  `${ACTIVEMQ_CONF}/connection.security.enabled`,
  `${ACTIVEMQ_CONF}/jmx.security.enabled`,
];

/** The start command of both images (the entrypoint runs it after its own setup). */
export const START_COMMAND = ['activemq', 'console'];

/** Connectors bind to every interface inside the container; Docker publishes them on the host. */
export const CONTAINER_BIND_HOST = '0.0.0.0';
