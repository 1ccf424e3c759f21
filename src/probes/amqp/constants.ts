/**
 * After the broker answers a receiver's attach with a non-null source, how long to wait for a refusing detach
 * before calling the subscription active. ActiveMQ sends the refusal's attach and detach back to back (within
 * 1 ms in the record), so a short window is enough and a refusal never hides behind it.
 */
export const LINK_SETTLE_MS = 50;

/** How long close() waits for the broker's `close` (or the socket's end) before destroying the socket. */
export const CLOSE_TIMEOUT_MS = 1_000;

/** How long a probe link's own detach may take before the probe moves on; the link is not needed afterwards. */
export const LINK_CLOSE_TIMEOUT_MS = 500;

/** AMQP error conditions ActiveMQ uses for the outcomes a probe must tell apart. */
export const CONDITION_UNAUTHORIZED = 'amqp:unauthorized-access';
export const CONDITION_INVALID_FIELD = 'amqp:invalid-field';

/** SASL outcome codes (AMQP 1.0 part 5, 5.3.3.6). */
export const SASL_OK = 0;
export const SASL_AUTH = 1;
