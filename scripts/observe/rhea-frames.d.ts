/** The SASL init encoder of rhea 3, which the observation script uses for a bare SASL exchange. */
declare module 'rhea/lib/frames.js' {
  export function sasl_init(fields: Record<string, unknown>): unknown;
}
