import { GenericContainer } from 'testcontainers';
import { TRANSPORTS, type Transport } from '../../core/types';
import { TRANSPORT_RUNTIME_ENTRIES, transportsFromEntries } from '../capabilities';
import { TRANSPORT_SCHEME, TRANSPORT_SERVICE_PATH } from '../transports';
import { LIB_DIRS } from './layout';
import { BROKER_NAME_LABEL, SESSION_LABEL, harnessSessionId } from './container-watchdog';

/** A throwaway container that only runs find and grep: a second or two, more on a loaded machine. */
export const CAPABILITY_PROBE_TIMEOUT_MS = 60_000;

/** Every jar entry whose presence decides a transport (factory resource plus required runtime classes). */
export function capabilityEntries(): string[] {
  const entries = TRANSPORTS.map((t) => TRANSPORT_SERVICE_PATH + TRANSPORT_SCHEME[t]);
  for (const extra of Object.values(TRANSPORT_RUNTIME_ENTRIES)) entries.push(...(extra ?? []));
  return [...new Set(entries)];
}

/**
 * Prints each argument that some jar under the lib folders contains. A zip keeps entry names uncompressed (in
 * each local header and in the central directory), so a byte search for the name finds the jar that holds
 * the entry without unpacking it; find -L follows Debian's links into /usr/share/java.
 */
const PROBE_SCRIPT = `
for entry in "$@"; do
  hit=$(find -L ${LIB_DIRS.join(' ')} -name '*.jar' -type f -exec grep -qF "$entry" {} \\; -print 2>/dev/null | head -n 1)
  [ -n "$hit" ] && echo "found $entry"
done
exit 0
`;

export function parseProbeOutput(output: string): Set<string> {
  const found = new Set<string>();
  for (const line of output.split(/\r?\n/)) {
    const m = /^found (\S+)$/.exec(line.trim());
    if (m) found.add(m[1]!);
  }
  return found;
}

const cache = new Map<string, Promise<Transport[]>>();

async function probe(image: string): Promise<Transport[]> {
  const container = await new GenericContainer(image)
    .withEntrypoint(['sleep'])
    .withCommand(['300'])
    .withLabels({ [SESSION_LABEL]: harnessSessionId(), [BROKER_NAME_LABEL]: 'capability-probe' })
    .withStartupTimeout(CAPABILITY_PROBE_TIMEOUT_MS)
    .start();
  try {
    const result = await container.exec(['/bin/sh', '-c', PROBE_SCRIPT, 'probe', ...capabilityEntries()]);
    if (result.exitCode !== 0) {
      throw new Error(`capability probe in ${image} exited with ${result.exitCode}: ${result.output.trim()}`);
    }
    return transportsFromEntries(parseProbeOutput(result.stdout));
  } finally {
    await container.stop({ timeout: 0 });
  }
}

/** Transports the image's ActiveMQ build supports, probed once per image content id. */
export function imageCapabilities(image: string, imageId: string): Promise<Transport[]> {
  let found = cache.get(imageId);
  if (!found) {
    found = probe(image);
    cache.set(imageId, found);
    found.catch(() => cache.delete(imageId));
  }
  return found;
}
