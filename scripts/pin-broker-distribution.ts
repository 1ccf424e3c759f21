/**
 * Writes src/broker/distribution/manifests/<version>.json from a recipe in scripts/broker-recipes.ts:
 * every file of the distribution with its repository path, place and SHA-256, as fetched now.
 *
 * usage: npx tsx scripts/pin-broker-distribution.ts <version|--all>
 * needs: Maven (`mvn`) for assembled recipes (dependency resolution with the release's own activemq-parent),
 * and the repository (AMQ_AUTH_MAVEN_REPOSITORY, default Maven Central).
 *
 * Only run when adding or re-pinning a version: the harness itself never resolves dependencies.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { JETTISON, RECIPES, type ArchiveRecipe, type AssembledRecipe } from './broker-recipes';
import type { DistributionManifest, PinnedFile } from '../src/broker/distribution/manifest';
import { repositoryBase } from '../src/broker/distribution/repository';
import { readJarEntryNames } from '../src/broker/jar-entries';

const MANIFEST_DIR = join(__dirname, '..', 'src', 'broker', 'distribution', 'manifests');
const GROUP = 'org.apache.activemq';

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function dependency(artifact: string, version: string, excludeAll = false): string {
  const exclusions = excludeAll
    ? '<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>'
    : // activemq-spring depends on activemq-pool at the parent's version; the recipe names the pool itself.
      artifact === 'activemq-spring'
      ? `<exclusions><exclusion><groupId>${GROUP}</groupId><artifactId>activemq-pool</artifactId></exclusion></exclusions>`
      : '';
  return `<dependency><groupId>${GROUP}</groupId><artifactId>${artifact}</artifactId><version>${version}</version>${exclusions}</dependency>`;
}

/** The 5.x modules' third-party needs: Jetty 9's WebSocket server, log4j 2 and jettison. */
const DEFAULT_THIRD_PARTY = [
  // activemq-http declares Jetty's WebSocket server as provided; the distribution ships it for ws/wss.
  'org.eclipse.jetty.websocket:websocket-server',
  'org.apache.logging.log4j:log4j-slf4j2-impl',
  'org.apache.logging.log4j:log4j-core',
  JETTISON,
];

/** The release's activemq-parent pom, for the version properties its dependency management does not cover. */
async function parentProperties(version: string): Promise<Map<string, string>> {
  const path = `${GROUP.replace(/\./g, '/')}/activemq-parent/${version}/activemq-parent-${version}.pom`;
  const response = await fetch(`${repositoryBase()}/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const pom = await response.text();
  const block = /<properties>([\s\S]*?)<\/properties>/.exec(pom)?.[1] ?? '';
  return new Map([...block.matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** `group:artifact` (managed by the parent) or `group:artifact:${property}` (a property of the parent). */
function thirdPartyDependency(coordinate: string, properties: Map<string, string>): string {
  const [group, artifact, version] = coordinate.split(':');
  let pinned = '';
  if (version !== undefined) {
    const property = /^\$\{(.+)\}$/.exec(version)?.[1];
    const value = property ? properties.get(property) : version;
    if (!value) throw new Error(`${coordinate}: the release's activemq-parent has no property ${property}`);
    pinned = `<version>${value}</version>`;
  }
  return `<dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId>${pinned}</dependency>`;
}

/** A throwaway pom: the release's modules, its parent's dependency management, logging and Jetty's WebSocket. */
function assemblyPom(recipe: AssembledRecipe, properties: Map<string, string>): string {
  const versionOf = (artifact: string) =>
    recipe.substitutes.find((s) => s.artifact === artifact)?.version ?? recipe.version;
  const deps = [
    ...recipe.modules.map((m) => dependency(m, versionOf(m))),
    ...recipe.bundles.map((b) => dependency(b.artifact, recipe.version, true)),
    dependency(recipe.launcher.artifact, recipe.launcher.version, true),
    ...(recipe.thirdParty ?? DEFAULT_THIRD_PARTY).map((c) => thirdPartyDependency(c, properties)),
  ];
  return `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.amq-auth</groupId><artifactId>assembly</artifactId><version>1</version><packaging>pom</packaging>
<dependencyManagement><dependencies>
<dependency><groupId>${GROUP}</groupId><artifactId>activemq-parent</artifactId><version>${recipe.version}</version><type>pom</type><scope>import</scope></dependency>
</dependencies></dependencyManagement>
<dependencies>${deps.join('\n')}</dependencies></project>`;
}

/**
 * Fails when a class is in two of the jars (e.g. a third-party jar beside a bundle that already carries it):
 * two copies of a class, whichever the class loader meets first wins.
 */
async function requireDistinctClasses(jars: Array<{ name: string; file: string }>): Promise<void> {
  const owner = new Map<string, string>();
  const clashes = new Map<string, number>();
  for (const jar of jars) {
    for (const entry of (await readJarEntryNames(jar.file)) ?? []) {
      // module-info.class is each jar's own module descriptor, not a class on the classpath.
      if (!entry.endsWith('.class') || entry.startsWith('META-INF/') || entry === 'module-info.class')
        continue;
      const first = owner.get(entry);
      if (first === undefined) owner.set(entry, jar.name);
      else clashes.set(`${first} and ${jar.name}`, (clashes.get(`${first} and ${jar.name}`) ?? 0) + 1);
    }
  }
  if (clashes.size > 0) {
    const list = [...clashes].map(([pair, n]) => `${pair}: ${n} classes`).join('; ');
    throw new Error(
      `the same classes are in two jars (${list}); add the artifact to carriedByBundles or drop it`,
    );
  }
}

async function pinAssembled(recipe: AssembledRecipe): Promise<DistributionManifest> {
  const work = mkdtempSync(join(tmpdir(), 'amq-auth-pin-'));
  try {
    const properties = recipe.thirdParty ? await parentProperties(recipe.version) : new Map<string, string>();
    writeFileSync(join(work, 'pom.xml'), assemblyPom(recipe, properties));
    const listFile = join(work, 'deps.txt');
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        'dependency:list',
        '-DincludeScope=runtime',
        '-DoutputAbsoluteArtifactFilename=true',
        `-DoutputFile=${listFile}`,
      ],
      { cwd: work, stdio: 'inherit' },
    );
    const files: PinnedFile[] = [];
    const carried = new Set([
      ...(recipe.carriedByBundles ?? []),
      ...(recipe.dropped ?? []).map((d) => d.coordinate),
    ]);
    const kept: Array<{ name: string; file: string }> = [];
    for (const line of readFileSync(listFile, 'utf8').split('\n')) {
      // group:artifact:jar:version:scope:/absolute/path.jar
      const m = /^\s*([^:\s]+):([^:]+):jar:([^:]+):(?:compile|runtime):(.+\.jar)\s*$/.exec(line);
      if (!m) continue;
      const [, group, artifact, version, file] = m;
      if (carried.has(`${group}:${artifact}`)) continue;
      kept.push({ name: `${artifact}-${version}`, file: file! });
      const path = `${group!.replace(/\./g, '/')}/${artifact}/${version}/${basename(file!)}`;
      const launcher = artifact === recipe.launcher.artifact;
      files.push({
        path,
        to: launcher ? 'bin/activemq.jar' : `lib/${basename(file!)}`,
        sha256: sha256(file!),
        size: statSync(file!).size,
      });
    }
    if (!files.some((f) => f.to === 'bin/activemq.jar')) throw new Error('the launcher did not resolve');
    if (recipe.carriedByBundles)
      await requireDistinctClasses(kept.filter((k) => !k.name.startsWith('activemq-run-')));
    files.sort((a, b) => a.to.localeCompare(b.to));
    return {
      version: recipe.version,
      javaMajor: recipe.javaMajor,
      source: 'assembled',
      files,
      substitutes: [
        ...recipe.substitutes,
        ...recipe.bundles.map((b) => ({ artifact: b.artifact, version: recipe.version, why: b.why })),
        recipe.launcher,
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function pinArchive(recipe: ArchiveRecipe): Promise<DistributionManifest> {
  const path = `${GROUP.replace(/\./g, '/')}/apache-activemq/${recipe.version}/apache-activemq-${recipe.version}-bin.tar.gz`;
  const response = await fetch(`${repositoryBase()}/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  return {
    version: recipe.version,
    javaMajor: recipe.javaMajor,
    source: 'archive',
    files: [{ path, to: '.', sha256: createHash('sha256').update(body).digest('hex'), size: body.length }],
    archiveRoot: `apache-activemq-${recipe.version}`,
    substitutes: [],
  };
}

async function main(): Promise<void> {
  const wanted = process.argv[2];
  if (!wanted) throw new Error('usage: pin-broker-distribution.ts <version|--all>');
  const recipes = wanted === '--all' ? RECIPES : RECIPES.filter((r) => r.version === wanted);
  if (recipes.length === 0) throw new Error(`no recipe for ${wanted} in scripts/broker-recipes.ts`);
  for (const recipe of recipes) {
    const manifest = recipe.kind === 'archive' ? await pinArchive(recipe) : await pinAssembled(recipe);
    const file = join(MANIFEST_DIR, `${recipe.version}.json`);
    writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
    const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
    console.log(`${file}: ${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
