import { brokerErrorLines, parseListening, parseStarted } from '../../../src/broker/local/broker-output';

// Lines as Debian's ActiveMQ 5.17.2 printed them with the runtime's log4j pattern.
const LISTENING_SSL =
  '2026-11-22 10:50:16,800 | INFO  | Listening for connections at: ssl://localhost:42283 | org.apache.activemq.transport.TransportServerThreadSupport | main';
const STARTED =
  '2026-11-22 10:50:16,813 | INFO  | Apache ActiveMQ 5.17.2 (t1, ID:vm-35035-1795344616636-0:1) started | org.apache.activemq.broker.BrokerService | main';
const AMQP_FAILURE = [
  '2026-11-22 10:50:44,326 | INFO  | Connector mqtt started | org.apache.activemq.broker.TransportConnector | main',
  '2026-11-22 10:50:44,328 | ERROR | Failed to start Apache ActiveMQ (t1, ID:vm-39129-1795344644148-0:1) | org.apache.activemq.broker.BrokerService | main',
  'java.io.IOException: Transport scheme NOT recognized: [amqp+ssl]',
  '\tat org.apache.activemq.transport.TransportFactory.findTransportFactory(TransportFactory.java:240)',
  'Caused by: java.io.IOException: Could not find factory class for resource: META-INF/services/org/apache/activemq/transport/amqp+ssl',
  '\t... 44 more',
  'java.io.IOException: Transport scheme NOT recognized: [amqp+ssl]',
  'ERROR: java.lang.RuntimeException: Failed to execute start task.',
];

describe('parseListening', () => {
  it('maps each TLS scheme to its transport and reads the port', () => {
    expect(parseListening(LISTENING_SSL)).toEqual({ transport: 'openwire', port: 42283 });
    expect(parseListening('Listening for connections at: stomp+ssl://127.0.0.1:61614?x=1')).toEqual({
      transport: 'stomp',
      port: 61614,
    });
    expect(parseListening('Listening for connections at: mqtt+ssl://localhost:8883')).toEqual({
      transport: 'mqtt',
      port: 8883,
    });
    expect(parseListening('Listening for connections at: amqp+ssl://localhost:5671')).toEqual({
      transport: 'amqp',
      port: 5671,
    });
  });

  it('reads the wss line, which has no colon', () => {
    expect(parseListening('| INFO  | Listening for connections at wss://localhost:61619 | x')).toEqual({
      transport: 'ws',
      port: 61619,
    });
  });

  it('ignores plaintext schemes and other lines', () => {
    expect(parseListening('Listening for connections at: tcp://localhost:61616')).toBeNull();
    expect(parseListening('Connector openwire started')).toBeNull();
  });
});

describe('parseStarted', () => {
  it('reads version and broker name', () => {
    expect(parseStarted(STARTED)).toEqual({ version: '5.17.2', brokerName: 't1' });
  });
  it('does not take "is starting" for "started"', () => {
    expect(parseStarted('Apache ActiveMQ 5.17.2 (t1, ID:vm-1-2-0:1) is starting')).toBeNull();
  });
});

describe('brokerErrorLines', () => {
  it('keeps the error and exception lines once, without stack frames', () => {
    expect(brokerErrorLines(AMQP_FAILURE)).toEqual([
      AMQP_FAILURE[1],
      'java.io.IOException: Transport scheme NOT recognized: [amqp+ssl]',
      AMQP_FAILURE[4],
      'ERROR: java.lang.RuntimeException: Failed to execute start task.',
    ]);
  });
  it('is empty for a clean start', () => {
    expect(brokerErrorLines([LISTENING_SSL, STARTED])).toEqual([]);
  });
});
