import type { Destination, DestinationKind } from './types';

const PREFIXES: Record<string, DestinationKind> = {
  'queue://': 'queue',
  'topic://': 'topic',
  'temp-queue://': 'temp-queue',
  'temp-topic://': 'temp-topic',
};

/** Parses `queue://X`, `topic://X`, `temp-queue://X`, `temp-topic://X`; null when there is no such prefix. */
export function parseDestination(text: string): Destination | null {
  for (const [prefix, kind] of Object.entries(PREFIXES)) {
    if (text.startsWith(prefix)) {
      const name = text.slice(prefix.length);
      return name.length > 0 ? { kind, name } : null;
    }
  }
  return null;
}

/** The URI form ActiveMQ itself prints in its messages, e.g. `queue://ORDERS.new`. */
export function formatDestination(d: Destination): string {
  return `${d.kind}://${d.name}`;
}

export function sameDestination(a: Destination, b: Destination): boolean {
  return a.kind === b.kind && a.name === b.name;
}
