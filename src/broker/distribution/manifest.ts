/**
 * A pinned broker distribution: which files of a Maven repository make up ActiveMQ <version>, where each
 * goes, and the checksum each must have. Written by scripts/pin-broker-distribution.ts, read here; the
 * harness never resolves dependencies itself, so a run is reproducible and needs no Maven.
 */
import manifest5183 from './manifests/5.18.3.json';
import manifest5187 from './manifests/5.18.7.json';
import manifest5191 from './manifests/5.19.1.json';
import manifest627 from './manifests/6.2.7.json';

export interface PinnedFile {
  /** path in the repository, below its base URL (Maven layout) */
  path: string;
  /** where it goes in the distribution folder; for an archive, the folder it unpacks into (`.`) */
  to: string;
  /** pinned when the manifest was written; checked after download, before anything is kept */
  sha256: string;
  size: number;
}

export interface SubstituteNote {
  artifact: string;
  /** the version of that artifact used in place of the release's own */
  version: string;
  why: string;
}

export interface DistributionManifest {
  version: string;
  /** lowest Java major version the release runs on */
  javaMajor: number;
  /**
   * `archive`: Apache's binary distribution, unpacked. `assembled`: the release's module jars and pinned
   * dependencies, for a repository that does not serve the archive.
   */
  source: 'archive' | 'assembled';
  files: PinnedFile[];
  /** for an archive: the top folder inside it (`apache-activemq-5.18.3`) */
  archiveRoot?: string;
  substitutes: SubstituteNote[];
}

const MANIFESTS: readonly DistributionManifest[] = [
  manifest5183,
  manifest5187,
  manifest5191,
  manifest627,
].map((m) => m as DistributionManifest);

export function pinnedManifest(version: string): DistributionManifest | undefined {
  return MANIFESTS.find((m) => m.version === version);
}

export function pinnedVersions(): string[] {
  return MANIFESTS.map((m) => m.version);
}
