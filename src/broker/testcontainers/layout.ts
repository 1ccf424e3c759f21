/**
 * Paths inside the container. The official apache/activemq-classic image and the local Debian image share
 * them (scripts/build-local-image.sh lays the Debian packages out this way), so one code path configures both.
 * Official image: ENV ACTIVEMQ_HOME=/opt/apache-activemq, CMD ["activemq", "console"] (apache/activemq,
 * assembly/src/docker/Dockerfile).
 */
export const ACTIVEMQ_HOME = '/opt/apache-activemq';
export const ACTIVEMQ_CONF = `${ACTIVEMQ_HOME}/conf`;
export const ACTIVEMQ_XML_PATH = `${ACTIVEMQ_CONF}/activemq.xml`;
export const KEYSTORE_PATH = `${ACTIVEMQ_CONF}/amq-auth-keystore.p12`;
export const TRUSTSTORE_PATH = `${ACTIVEMQ_CONF}/amq-auth-truststore.p12`;
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
