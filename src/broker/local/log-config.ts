import { basename } from 'node:path';
import { listJars } from '../capabilities';

export type Log4jFlavour = 'log4j1' | 'log4j2';

/** ActiveMQ's own layout, so lines read like the broker's usual activemq.log. */
const PATTERN = '%d{ISO8601} | %-5p | %m | %c | %t%n';

/**
 * Which log4j the build logs through, by the jars on its classpath: Debian's 5.17.2 uses log4j 1.2 (through
 * slf4j-log4j12), upstream 5.17+ distributions ship log4j 2 (log4j-core). Both when it cannot be told, since
 * each ignores the other's file.
 */
export async function detectLog4j(libDirs: string[]): Promise<Log4jFlavour[]> {
  const names: string[] = [];
  for (const dir of libDirs) names.push(...(await listJars(dir)).map((j) => basename(j)));
  const flavours: Log4jFlavour[] = [];
  if (names.some((n) => /^log4j-1\.|^log4j-1\.2|^reload4j|^slf4j-log4j12/.test(n))) flavours.push('log4j1');
  if (names.some((n) => /^log4j-core/.test(n))) flavours.push('log4j2');
  return flavours.length ? flavours : ['log4j1', 'log4j2'];
}

/** Java properties files treat backslash as an escape character. */
function propertyValue(text: string): string {
  return text.replace(/\\/g, '\\\\');
}

/**
 * A wildcard subscription is accepted on the wildcard's read ACL, and the broker then leaves out each
 * matching destination the user may not read, saying so only at DEBUG (AbstractRegion.addConsumer,
 * `Subscription denied for <sub> to destination <d>: User u is not authorized to read from: <d>`). That
 * line is the evidence of such a withheld delivery, so it is let through, and nothing else of that logger.
 */
export const WITHHELD_SUBSCRIPTION_LOGGER = 'org.apache.activemq.broker.region.AbstractRegion';

/** log4j 1.2: INFO and above to stdout (read by the runtime) and to `logFile`. */
export function log4j1Properties(logFile: string): string {
  return [
    'log4j.rootLogger=INFO, stdout, logfile',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    `log4j.appender.stdout.layout.ConversionPattern=${PATTERN}`,
    'log4j.appender.logfile=org.apache.log4j.FileAppender',
    `log4j.appender.logfile.File=${propertyValue(logFile)}`,
    'log4j.appender.logfile.Append=true',
    'log4j.appender.logfile.layout=org.apache.log4j.PatternLayout',
    `log4j.appender.logfile.layout.ConversionPattern=${PATTERN}`,
    // log4j 1.2 has no per-logger filter: the logger's other DEBUG lines (consumers added and removed) come too
    `log4j.logger.${WITHHELD_SUBSCRIPTION_LOGGER}=DEBUG`,
    '',
  ].join('\n');
}

/** log4j 2 (properties format): the same two destinations. */
export function log4j2Properties(logFile: string): string {
  return [
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.console.ref=console',
    'rootLogger.appenderRef.logfile.ref=logfile',
    'appender.console.type=Console',
    'appender.console.name=console',
    'appender.console.target=SYSTEM_OUT',
    'appender.console.layout.type=PatternLayout',
    `appender.console.layout.pattern=${PATTERN}`,
    'appender.logfile.type=File',
    'appender.logfile.name=logfile',
    `appender.logfile.fileName=${propertyValue(logFile)}`,
    'appender.logfile.append=true',
    'appender.logfile.layout.type=PatternLayout',
    `appender.logfile.layout.pattern=${PATTERN}`,
    ...withheldSubscriptionLogger(),
    '',
  ].join('\n');
}

/** log4j 2: the withheld-subscription lines of AbstractRegion at DEBUG, its other lines dropped. */
export function withheldSubscriptionLogger(): string[] {
  return [
    `logger.withheld.name=${WITHHELD_SUBSCRIPTION_LOGGER}`,
    'logger.withheld.level=DEBUG',
    'logger.withheld.filter.denied.type=RegexFilter',
    'logger.withheld.filter.denied.regex=(?s)Subscription denied for .*',
    'logger.withheld.filter.denied.onMatch=ACCEPT',
    'logger.withheld.filter.denied.onMismatch=DENY',
  ];
}
