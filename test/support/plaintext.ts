import { connect as netConnect } from 'node:net';
import type { Endpoint } from '../../src/broker/types';
import type { Transport } from '../../src/core/types';

/** How long a plaintext client waits for a protocol answer that must never come. */
export const PLAINTEXT_ANSWER_TIMEOUT_MS = 5_000;

/** The first bytes a client of each protocol sends, in plaintext. */
export function plaintextHelloFor(
  transport: Transport,
  stompLogin = { login: 'admin', passcode: 'x' },
): Buffer {
  switch (transport) {
    case 'openwire':
      return Buffer.from('\x00\x00\x00\x00ActiveMQ', 'binary');
    case 'stomp':
      return Buffer.from(
        `CONNECT\naccept-version:1.2\nhost:localhost\nlogin:${stompLogin.login}\npasscode:${stompLogin.passcode}\n\n\0`,
      );
    case 'mqtt':
      // MQTT 3.1.1 CONNECT, clean session, no credentials
      return Buffer.from([
        0x10, 0x0e, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x02, 0x70, 0x74,
      ]);
    case 'amqp':
      return Buffer.from('AMQP\x03\x01\x00\x00', 'binary');
    case 'ws':
      return Buffer.from(
        'GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
      );
  }
}

/** Speaks the protocol in plaintext to a TLS port: returns what came back and whether the broker hung up. */
export function plaintextHello(
  endpoint: Endpoint,
  hello: Buffer,
): Promise<{ answer: Buffer; closed: boolean }> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    const socket = netConnect({ host: endpoint.host, port: endpoint.port }, () => socket.write(hello));
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      done({ answer: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => finish(false), PLAINTEXT_ANSWER_TIMEOUT_MS);
    socket.on('data', (d) => chunks.push(d));
    socket.once('close', () => finish(true));
    socket.once('error', () => undefined);
  });
}
