/**
 * How each broker version the harness names by default is obtained from a Maven repository. The pin script
 * (scripts/pin-broker-distribution.ts) turns a recipe into a manifest under
 * src/broker/distribution/manifests/, with every file's checksum; the harness only reads manifests.
 *
 * An `archive` recipe is Apache's own binary distribution (`apache-activemq:<v>:bin`). An `assembled`
 * recipe is for a version whose archive the repository does not serve: the same broker put together from
 * the release's module jars and their pinned dependencies (the release's own activemq-parent manages every
 * third-party version). Where a module jar of that exact release is not served either, a substitute is
 * only allowed when the source it was built from is identical; each substitute says why.
 */

export interface ArchiveRecipe {
  kind: 'archive';
  version: string;
  /** lowest Java major version the release runs on */
  javaMajor: number;
}

export interface Substitute {
  /** artifactId under org.apache.activemq */
  artifact: string;
  /** the served version used in place of the release's own */
  version: string;
  why: string;
}

export interface AssembledRecipe {
  kind: 'assembled';
  version: string;
  javaMajor: number;
  /** org.apache.activemq modules of the release, at the release's version unless substituted */
  modules: string[];
  substitutes: Substitute[];
  /** whole jars that carry classes of the release not served as module jars (e.g. the OSGi bundle) */
  bundles: Array<{ artifact: string; why: string }>;
  /** the `bin/activemq.jar` launcher (activemq-run), by version */
  launcher: Substitute;
  /**
   * Third-party artifacts (`group:artifact`) resolved with their dependencies at the versions the release's
   * activemq-parent manages; `group:artifact:${property}` where the parent names the version only as one of
   * its properties (the modules' own poms do the same). Default: Jetty 9's WebSocket server and log4j 2, as
   * the 5.x modules need.
   */
  thirdParty?: string[];
  /**
   * Artifacts (`group:artifact`) whose classes a bundle already carries: dropped wherever the resolution
   * brings them in, and the pin fails when any class is then still present in two jars.
   */
  carriedByBundles?: string[];
  /** Artifacts (`group:artifact`) the resolution brings in whose classes another kept jar has, with why. */
  dropped?: Array<{ coordinate: string; why: string }>;
}

export type Recipe = ArchiveRecipe | AssembledRecipe;

/**
 * STOMP hands an advisory message to a subscriber as JSON (JmsFrameTranslator.marshallAdvisory, through
 * xstream's JettisonMappedXmlDriver), and the official distribution ships jettison in lib/optional for it.
 * Without it the broker's dispatch thread of that connection died with NoClassDefFoundError (93 of 120
 * runs on 5.18.7 and 5.19.1 logged it) and the subscriber never got the advisory.
 */
export const JETTISON = 'org.codehaus.jettison:jettison';

/** The modules a broker with all six transports needs; the web console, Camel and JDBC are left out. */
const BROKER_MODULES = [
  'activemq-broker',
  'activemq-client',
  'activemq-openwire-legacy',
  'activemq-kahadb-store',
  'activemq-jaas',
  'activemq-spring',
  'activemq-console',
  'activemq-stomp',
  'activemq-mqtt',
  'activemq-amqp',
  'activemq-http',
  // MQTT over WebSocket needs org.apache.activemq.jms.pool.IntrospectionSupport (seen on 5.18.7: every
  // mqtt-wss connection closed with NoClassDefFoundError without it); the official lib/optional ships both.
  'activemq-pool',
  'activemq-jms-pool',
];

/** Why a module jar of 5.18.6 stands in for 5.18.7: nothing under its src/main changed between the tags. */
const SAME_SOURCE_5_18_7 =
  'activemq-5.18.7 is not served; `git diff activemq-5.18.6 activemq-5.18.7 -- <module>/src/main` is empty';

/** activemq-run holds only org.apache.activemq.console.Main; its source is unchanged from 5.18.5 to 5.19.1. */
const LAUNCHER_5_18_5: Substitute = {
  artifact: 'activemq-run',
  version: '5.18.5',
  why: 'activemq-run is served up to 5.18.5; `git diff activemq-5.18.5 activemq-5.19.1 -- activemq-run/src/main` is empty',
};

/** activemq-run holds only org.apache.activemq.console.Main; 6.1.8 is the newest served. */
const LAUNCHER_6_1_8: Substitute = {
  artifact: 'activemq-run',
  version: '6.1.8',
  why: 'activemq-run is served up to 6.1.8; between activemq-6.1.8 and activemq-6.2.7 only its pom changed (the parent version and two plugin version lines), and the one class it shades, activemq-console/src/main/java/org/apache/activemq/console/Main.java, is unchanged',
};

/**
 * What the shaded activemq-all 6.2.7 jar carries besides ActiveMQ's own modules (its META-INF/maven and the
 * shade plugin's artifactSet in its pom): taken from the bundle, never twice.
 */
const CARRIED_BY_ACTIVEMQ_ALL_6 = [
  'jakarta.jms:jakarta.jms-api',
  'org.apache.activemq.protobuf:activemq-protobuf',
  'org.apache.xbean:xbean-spring',
  'org.fusesource.hawtbuf:hawtbuf',
  'org.jasypt:jasypt',
  'org.slf4j:slf4j-api',
  'org.apache.logging.log4j:log4j-slf4j2-impl',
  'org.springframework:spring-beans',
  'org.springframework:spring-context',
  'org.springframework:spring-core',
  'org.springframework:spring-expression',
  'org.springframework:spring-jms',
  'org.springframework:spring-messaging',
  'org.springframework:spring-tx',
];

/**
 * The third-party jars the modules inside activemq-all 6.2.7 need at run time and the bundle does not carry
 * (their poms at the tag; the distribution's assembly descriptor ships the same ones): log4j 2's core,
 * spring-aop and spring-jcl (spring-context needs both), commons-pool2 (pool, jms-pool, console),
 * jakarta.annotation-api (broker, spring), proton-j (AMQP), the fusesource MQTT codec with hawtdispatch
 * (MQTT; spring-jcl comes with spring-aop), Jetty 11 with its Jakarta WebSocket server (activemq-http's `ws`/`wss`:
 * `transport/ws/jetty11/WSServlet` and `JettyWebSocketServletContainerInitializer`), httpclient and xstream
 * (activemq-http), Jackson and hawtbuf-proto (console).
 */
const THIRD_PARTY_6_2 = [
  'org.apache.logging.log4j:log4j-api',
  'org.apache.logging.log4j:log4j-core',
  'org.springframework:spring-aop',
  'org.apache.commons:commons-pool2',
  'jakarta.annotation:jakarta.annotation-api',
  'org.apache.qpid:proton-j:${qpid-proton-version}',
  'org.fusesource.mqtt-client:mqtt-client',
  'org.fusesource.hawtdispatch:hawtdispatch-transport:${hawtdispatch-version}',
  'org.eclipse.jetty:jetty-server',
  'org.eclipse.jetty:jetty-xml',
  'org.eclipse.jetty:jetty-webapp',
  'org.eclipse.jetty.websocket:websocket-jetty-server',
  'org.apache.httpcomponents:httpclient',
  'com.thoughtworks.xstream:xstream',
  'com.fasterxml.jackson.core:jackson-databind',
  'org.fusesource.hawtbuf:hawtbuf-proto:${hawtbuf-version}',
  JETTISON,
];

export const RECIPES: Recipe[] = [
  { kind: 'archive', version: '5.18.3', javaMajor: 11 },
  {
    kind: 'assembled',
    version: '5.18.7',
    javaMajor: 11,
    modules: BROKER_MODULES,
    substitutes: [
      ...[
        'activemq-stomp',
        'activemq-mqtt',
        'activemq-amqp',
        'activemq-http',
        'activemq-pool',
        'activemq-jms-pool',
      ].map((artifact) => ({ artifact, version: '5.18.6', why: SAME_SOURCE_5_18_7 })),
      {
        artifact: 'activemq-spring',
        version: '5.18.6',
        why: 'activemq-5.18.7 is not served; its src/main differs from 5.18.6 only by one line of META-INF/spring.schemas (the activemq-core-5.18.7.xsd alias), which the harness never references',
      },
      {
        artifact: 'activemq-console',
        version: '5.18.4',
        why: 'served up to 5.18.4; from 5.18.4 to 5.18.7 its src/main only adds the `store backup` command, and the `start` command the harness runs is unchanged',
      },
    ],
    bundles: [],
    launcher: LAUNCHER_5_18_5,
  },
  {
    kind: 'assembled',
    version: '5.19.1',
    javaMajor: 11,
    modules: BROKER_MODULES.filter((m) => m !== 'activemq-stomp' && m !== 'activemq-console'),
    substitutes: [],
    bundles: [
      {
        artifact: 'activemq-osgi',
        why: 'activemq-stomp and activemq-console are not served at 5.19.x (and 5.18 builds do not link against 5.19, whose TcpTransport counts bytes in an AtomicLong); the 5.19.1 OSGi bundle, built in the same release, carries both',
      },
    ],
    launcher: LAUNCHER_5_18_5,
  },
  {
    kind: 'assembled',
    version: '6.2.7',
    javaMajor: 17,
    // activemq-all 6.2.7 names activemq-jaas in its META-INF/maven but holds none of its classes (only the
    // empty org/apache/activemq/jaas/ folder): SimpleAuthenticationPlugin then fails on GroupPrincipal.
    modules: ['activemq-jaas'],
    substitutes: [
      {
        artifact: 'activemq-jaas',
        version: '6.1.8',
        why: 'activemq-jaas is served up to 6.1.8 and activemq-all 6.2.7 lacks its classes; `git diff activemq-6.1.8 activemq-6.2.7 -- activemq-jaas/src/main` touches only LDAPLoginModule (StringBuffer to StringBuilder) and ReloadableProperties (a failed reload keeps the old properties), neither used by simpleAuthenticationPlugin, whose GroupPrincipal and UserPrincipal are unchanged',
      },
    ],
    bundles: [
      {
        artifact: 'activemq-all',
        why: 'activemq-mqtt, -amqp, -http, -spring, -console, -pool and -jms-pool are not served at 6.2.7; activemq-all 6.2.7, built in the same release, carries them (its META-INF/maven names each at 6.2.7) and every other module but activemq-jaas; its classes of the modules that are served (activemq-broker, -client, -stomp, ...) are byte for byte those of the module jars, so those are not added a second time',
      },
    ],
    launcher: LAUNCHER_6_1_8,
    thirdParty: THIRD_PARTY_6_2,
    carriedByBundles: CARRIED_BY_ACTIVEMQ_ALL_6,
    dropped: [
      {
        coordinate: 'commons-logging:commons-logging',
        why: "httpclient's logging API; spring-jcl (which Spring 6.2 needs) holds the same org.apache.commons.logging classes, and httpclient only calls LogFactory.getLog",
      },
    ],
  },
];
