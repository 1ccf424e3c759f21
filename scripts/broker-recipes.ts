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
}

export type Recipe = ArchiveRecipe | AssembledRecipe;

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
];
