/**
 * The Maven repository broker distributions come from: Maven Central unless a mirror (Artifactory, Nexus,
 * a proxy of Central) is named in one environment variable. The mirror must keep Maven's layout.
 */
export const REPOSITORY_ENV = 'AMQ_AUTH_MAVEN_REPOSITORY';
export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';

export function repositoryBase(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[REPOSITORY_ENV]?.trim();
  return (configured || MAVEN_CENTRAL).replace(/\/+$/, '');
}

export function repositoryUrl(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${repositoryBase(env)}/${path}`;
}

/** Where Apache's binary distribution of `version` sits in Maven's layout. */
export function archivePath(version: string): string {
  return `org/apache/activemq/apache-activemq/${version}/apache-activemq-${version}-bin.tar.gz`;
}
