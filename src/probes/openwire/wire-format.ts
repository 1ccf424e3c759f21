/**
 * WireFormatInfo exchange. Each side sends its preferences first; both then use the lower version and the
 * AND of each flag (`OpenWireFormat.renegotiateWireFormat`), and the smaller non-zero inactivity duration
 * (`AbstractInactivityMonitor.processInboundWireFormatInfo`). The probe asks for loose encoding without the
 * marshal cache, so the broker can never switch to a form this client does not implement.
 */
import type { WireFormatInfo } from './commands';
import { WIRE_FORMAT_MAGIC } from './frame-codec';
import type { PrimitiveMap, PrimitiveValue } from './primitive-map';

/** The OpenWire version of ActiveMQ 5.13 and later (Amazon MQ 5.18/5.19 included); the layouts here are v12. */
export const OPENWIRE_VERSION = 12;
/** The JMS client's default; the broker closes a connection silent for this long. */
export const MAX_INACTIVITY_DURATION_MS = 30_000;
export const MAX_INACTIVITY_INITIAL_DELAY_MS = 10_000;

export interface NegotiatedWireFormat {
  version: number;
  tightEncodingEnabled: boolean;
  cacheEnabled: boolean;
  sizePrefixDisabled: boolean;
  stackTraceEnabled: boolean;
  /** 0: neither side checks inactivity */
  maxInactivityDurationMs: number;
  /** what the broker said about itself, e.g. `ActiveMQ 5.17.2` */
  provider: string;
}

/** The probe's WireFormatInfo. */
export function probeWireFormatInfo(): WireFormatInfo {
  const properties: PrimitiveMap = new Map<string, PrimitiveValue>([
    ['TightEncodingEnabled', false],
    ['CacheEnabled', false],
    ['SizePrefixDisabled', false],
    ['StackTraceEnabled', false],
    ['TcpNoDelayEnabled', true],
    // WireFormatInfo reads these as Long: they must be sent as longs
    ['MaxInactivityDuration', BigInt(MAX_INACTIVITY_DURATION_MS)],
    ['MaxInactivityDurationInitalDelay', BigInt(MAX_INACTIVITY_INITIAL_DELAY_MS)],
    ['ProviderName', 'amq-auth-harness'],
  ]);
  return {
    kind: 'WireFormatInfo',
    magic: Buffer.from(WIRE_FORMAT_MAGIC),
    version: OPENWIRE_VERSION,
    properties,
  };
}

function flag(info: WireFormatInfo, name: string): boolean {
  return info.properties?.get(name) === true;
}

function longOf(info: WireFormatInfo, name: string): number {
  const value = info.properties?.get(name);
  return typeof value === 'bigint' || typeof value === 'number' ? Number(value) : 0;
}

/** `OpenWireFormat.min`: the smaller of two positive values; a non-positive value means "no preference". */
function positiveMin(a: number, b: number): number {
  return (a < b && a > 0) || b <= 0 ? a : b;
}

export function negotiateWireFormat(ours: WireFormatInfo, theirs: WireFormatInfo): NegotiatedWireFormat {
  const both = (name: string) => flag(ours, name) && flag(theirs, name);
  const name = theirs.properties?.get('ProviderName');
  const version = theirs.properties?.get('ProviderVersion');
  return {
    version: positiveMin(ours.version, theirs.version),
    tightEncodingEnabled: both('TightEncodingEnabled'),
    cacheEnabled: both('CacheEnabled'),
    sizePrefixDisabled: both('SizePrefixDisabled'),
    stackTraceEnabled: both('StackTraceEnabled'),
    maxInactivityDurationMs: Math.min(
      longOf(ours, 'MaxInactivityDuration'),
      longOf(theirs, 'MaxInactivityDuration'),
    ),
    provider: [name, version].filter((p) => typeof p === 'string').join(' ') || 'unknown provider',
  };
}

/** Why this client cannot talk in the negotiated format, or null when it can. */
export function unusableWireFormat(theirs: WireFormatInfo, negotiated: NegotiatedWireFormat): string | null {
  if (!theirs.magic.equals(WIRE_FORMAT_MAGIC)) return `the peer's WireFormatInfo magic is not "ActiveMQ"`;
  if (negotiated.version < OPENWIRE_VERSION) {
    return `the broker speaks OpenWire version ${theirs.version}; this client implements version ${OPENWIRE_VERSION} only`;
  }
  if (negotiated.tightEncodingEnabled || negotiated.cacheEnabled || negotiated.sizePrefixDisabled) {
    return 'the negotiated wire format is not loose, uncached and size-prefixed';
  }
  return null;
}

/** `WireFormatInfo{version=12, TightEncodingEnabled=true, ...}` for evidence. */
export function describeWireFormatInfo(info: WireFormatInfo): string {
  const shown = [...(info.properties ?? new Map<string, PrimitiveValue>())]
    .filter(([, value]) => ['boolean', 'number', 'bigint', 'string'].includes(typeof value))
    .map(([key, value]) => `${key}=${String(value)}`);
  return `WireFormatInfo{version=${info.version}${shown.length ? `, ${shown.join(', ')}` : ''}}`;
}
