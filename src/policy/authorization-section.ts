/** Builds the AuthorizationMap from the `authorization:` block of a policy. */
import { PolicyError } from '../core/errors';
import type {
  Acl,
  AclWithLocation,
  AuthorizationEntry,
  AuthorizationMap,
  DestinationType,
} from '../core/types';
import { aclSchema, entrySchema } from './schema';
import type { RawAcl } from './schema';
import type { Path, YamlSource } from './yaml-source';

export interface AuthorizationSection {
  /** null when the block is absent or unusable */
  map: AuthorizationMap | null;
  errors: PolicyError[];
}

function toAcl(raw: RawAcl): Acl {
  return { read: raw.read ?? [], write: raw.write ?? [], admin: raw.admin ?? [] };
}

export function buildAuthorization(source: YamlSource, raw: unknown, at: Path): AuthorizationSection {
  const errors: PolicyError[] = [];
  // Only the outer shape matters here: broken parts are skipped one by one, reported by the file schema.
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { map: null, errors };
  const block = raw as { entries?: unknown; default?: unknown; tempDestinations?: unknown };

  const entries: AuthorizationEntry[] = [];
  const idCount = new Map<string, number>();
  const rawEntries = Array.isArray(block.entries) ? block.entries : [];
  rawEntries.forEach((item: unknown, index) => {
    const entryPath = [...at, 'entries', index];
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) return;
    const { queue, topic, ...acl } = parsed.data;
    if ((queue === undefined) === (topic === undefined)) {
      errors.push(
        new PolicyError(
          queue === undefined
            ? 'authorization entry names no destination'
            : 'authorization entry names both a queue and a topic',
          {
            location: source.locate(entryPath),
            hint: 'give exactly one of queue: PATTERN or topic: PATTERN; write two entries for both',
          },
        ),
      );
      return;
    }
    const type: DestinationType = queue !== undefined ? 'queue' : 'topic';
    const pattern = (queue ?? topic) as string;
    const baseId = `${type}://${pattern}`;
    const seen = (idCount.get(baseId) ?? 0) + 1;
    idCount.set(baseId, seen);
    entries.push({
      id: seen === 1 ? baseId : `${baseId}#${seen}`,
      type,
      pattern,
      ...toAcl(acl),
      location: source.locate(entryPath),
    });
  });

  const located = (key: 'default' | 'tempDestinations'): AclWithLocation | undefined => {
    const parsed = aclSchema.safeParse(block[key]);
    if (block[key] === undefined || !parsed.success) return undefined;
    return { ...toAcl(parsed.data), location: source.locate([...at, key]) };
  };
  const map: AuthorizationMap = { entries };
  const defaultEntry = located('default');
  const tempDestinationEntry = located('tempDestinations');
  if (defaultEntry) map.defaultEntry = defaultEntry;
  if (tempDestinationEntry) map.tempDestinationEntry = tempDestinationEntry;
  return { map, errors };
}
