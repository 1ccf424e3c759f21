/**
 * Evidence is verbatim broker and client text. A broker with protocol tracing on logs CONNECT frames with
 * the password in them (`MQTTIO ... password=...`, STOMP `passcode:...`), so every reporter passes
 * evidence through here before it writes anything.
 */
import { SECRET_MASK } from '../core/secret';

const CREDENTIAL_FIELDS: RegExp[] = [
  // MQTT trace: `password=secret,` or `password=secret}`; AMQP/URL style `password=secret&`
  /(\bpassword\s*[=:]\s*)("[^"]*"|[^\s,;&}\])]+)/gi,
  // STOMP CONNECT header `passcode:secret` (also escaped in a JSON-quoted frame)
  /(\bpasscode\s*[=:]\s*)("[^"]*"|[^\s,;&}\])\\]+)/gi,
];

export function redactCredentials(text: string): string {
  let out = text;
  for (const pattern of CREDENTIAL_FIELDS)
    out = out.replace(pattern, (_m, head: string) => `${head}${SECRET_MASK}`);
  return out;
}
