/**
 * OpenWire loose marshalling: round trips of every command the probe encodes or decodes, and decodes of
 * frames captured from a real ActiveMQ 5.17.2 broker (Debian's build, over ssl://, after this client's
 * WireFormatInfo).
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { Secret } from '../../../src/core/secret';
import { classifyBrokerException, describeThrowable } from '../../../src/probes/openwire/broker-exception';
import { TYPE } from '../../../src/probes/openwire/command-types';
import type { DataStructure, Message, OpenWireCommand } from '../../../src/probes/openwire/commands';
import { DataReader, DataWriter, OpenWireDecodeError } from '../../../src/probes/openwire/data-buffer';
import { decodeFrame, encodeFrame } from '../../../src/probes/openwire/frame-codec';
import { FrameSplitter } from '../../../src/probes/openwire/frame-splitter';
import { messageBodyText, messageProperties } from '../../../src/probes/openwire/message-content';
import { decodeModifiedUtf8, encodeModifiedUtf8 } from '../../../src/probes/openwire/modified-utf8';
import {
  type PrimitiveMap,
  readPrimitiveMap,
  writePrimitiveMap,
} from '../../../src/probes/openwire/primitive-map';
import {
  anonymousProducerInfo,
  connectionInfo,
  consumerInfo,
  openwireDestination,
  removeInfo,
  sessionInfo,
  standardAck,
  tempAdvisoryConsumerInfo,
  textMessage,
} from '../../../src/probes/openwire/builders';
import { ConnectionIds } from '../../../src/probes/openwire/ids';
import {
  negotiateWireFormat,
  probeWireFormatInfo,
  unusableWireFormat,
} from '../../../src/probes/openwire/wire-format';

/** Frame bodies (size prefix stripped) as the broker sent them. */
const CAPTURED = {
  wireFormatInfo:
    '014163746976654d510000000c01000001400000000d0011537461636b5472616365456e61626c65640101000f506c6174666f726d44657461696c730900044a617661000c4361636865456e61626c6564010100115463704e6f44656c6179456e61626c65640101001253697a6550726566697844697361626c656401000009436163686553697a650500000400000c50726f76696465724e616d650900084163746976654d5100145469676874456e636f64696e67456e61626c65640101000c4d61784672616d6553697a6506000000000640000000154d6178496e61637469766974794475726174696f6e06000000000000753000204d6178496e61637469766974794475726174696f6e496e6974616c44656c617906000000000000271000134d61784672616d6553697a65456e61626c65640101000f50726f766964657256657273696f6e090006352e31372e32',
  brokerInfo:
    '020000000000017c01001d49443a766d2d33353735372d313739353334353438353538372d303a3101001173736c3a2f2f3132372e302e302e313a300001000d746573742d6331336231333566000000000000000000000000000000',
  badPassword:
    '1f0000000000000000010101001b6a6176612e6c616e672e5365637572697479457863657074696f6e01002955736572206e616d65205b61646d696e5d206f722070617373776f726420697320696e76616c69642e',
  connectionControl: '12000000000000000000000100000100000000',
  response: '1e000000000000000004',
  messageDispatch:
    '150000000000017a01002449443a616d712d617574682d70726f62652d363737313066646332333737353533622d310000000000000001000000000000000101640100054341502e71011c0000000501017b01002449443a616d712d617574682d70726f62652d363737313066646332333737353533622d310000000000000001000000000000000101640100054341502e710000016e00017b01002449443a616d712d617574682d70726f62652d363737313066646332333737353533622d310000000000000001000000000000000100000000000000010000000000000005000000000000000100000000000000000400000001a202ee12b400010000001800000014616d712d617574682d70726f6265206361702d31010000001f000000010011616d712d617574682d70726f62652d69640900056361702d310000000000000000000000000000000000000000000001a202ee12f8000001a202ee12fe0000000000',
};
const hex = (text: string) => Buffer.from(text, 'hex');

/** Encodes, strips the size prefix, decodes. */
function roundTrip(command: OpenWireCommand, stackTraces = false) {
  const frame = encodeFrame(command, { stackTraces });
  expect(frame.readInt32BE(0)).toBe(frame.length - 4);
  return decodeFrame(frame.subarray(4), { stackTraces });
}

describe('modified UTF-8 (java.io.DataOutput#writeUTF)', () => {
  it('encodes NUL as C0 80 and a supplementary character as two 3-byte surrogates', () => {
    const text = 'A\u0000\u00e9\u20ac\u{1f600}';
    expect(encodeModifiedUtf8(text).toString('hex')).toBe('41c080c3a9e282aceda0bdedb880');
    expect(decodeModifiedUtf8(encodeModifiedUtf8(text))).toBe(text);
  });

  it('round-trips any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => decodeModifiedUtf8(encodeModifiedUtf8(s)) === s),
    );
  });

  it('rejects a truncated sequence instead of inventing characters', () => {
    expect(() => decodeModifiedUtf8(Buffer.from([0xe2, 0x82]))).toThrow(RangeError);
  });
});

describe('primitive map (MarshallingSupport)', () => {
  it('round-trips each value type, with number as int and bigint as long', () => {
    const map: PrimitiveMap = new Map<string, never>();
    const nested: PrimitiveMap = new Map([['inner', 'x']]);
    map.set('bool', true);
    map.set('int', -7);
    map.set('long', 30000n);
    map.set('double', 1.5);
    map.set('string', 'h\u00e9llo');
    map.set('big', 'y'.repeat(9000));
    map.set('bytes', Buffer.from([1, 2, 3]));
    map.set('null', null);
    map.set('list', [1, 'two', false]);
    map.set('map', nested);
    const out = new DataWriter();
    writePrimitiveMap(out, map);
    const bytes = out.toBuffer();
    expect(readPrimitiveMap(new DataReader(bytes))).toEqual(map);
    // int type 5 and long type 6 as Java's WireFormatInfo#getMaxInactivityDuration expects
    expect(bytes.includes(Buffer.from('0003696e7405fffffff9', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('00046c6f6e67060000000000007530', 'hex'))).toBe(true);
  });

  it('reads a null map (-1)', () => {
    expect(readPrimitiveMap(new DataReader(Buffer.from('ffffffff', 'hex')))).toBeNull();
  });
});

describe('decoding frames captured from ActiveMQ 5.17.2', () => {
  it('reads the broker WireFormatInfo and negotiates a loose, uncached, size-prefixed v12 format', () => {
    const theirs = decodeFrame(hex(CAPTURED.wireFormatInfo));
    if (theirs.kind !== 'WireFormatInfo') throw new Error(theirs.kind);
    expect(theirs.magic.toString('ascii')).toBe('ActiveMQ');
    expect(theirs.version).toBe(12);
    expect(theirs.properties?.get('TightEncodingEnabled')).toBe(true);
    expect(theirs.properties?.get('CacheEnabled')).toBe(true);
    expect(theirs.properties?.get('MaxInactivityDuration')).toBe(30000n);
    expect(theirs.properties?.get('CacheSize')).toBe(1024);
    const negotiated = negotiateWireFormat(probeWireFormatInfo(), theirs);
    expect(negotiated).toEqual({
      version: 12,
      tightEncodingEnabled: false,
      cacheEnabled: false,
      sizePrefixDisabled: false,
      stackTraceEnabled: false,
      maxInactivityDurationMs: 30000,
      provider: 'ActiveMQ 5.17.2',
    });
    expect(unusableWireFormat(theirs, negotiated)).toBeNull();
  });

  it('refuses a broker older than OpenWire v12 and a peer with the wrong magic', () => {
    const theirs = { ...probeWireFormatInfo(), version: 11 };
    expect(unusableWireFormat(theirs, negotiateWireFormat(probeWireFormatInfo(), theirs))).toMatch(
      /version 11/,
    );
    const alien = { ...probeWireFormatInfo(), magic: Buffer.from('NotAMQ!!') };
    expect(unusableWireFormat(alien, negotiateWireFormat(probeWireFormatInfo(), alien))).toMatch(/magic/);
  });

  it('reads the ExceptionResponse to a ConnectionInfo with a wrong password', () => {
    const answer = decodeFrame(hex(CAPTURED.badPassword));
    expect(answer).toEqual({
      kind: 'ExceptionResponse',
      commandId: 0,
      responseRequired: false,
      correlationId: 1,
      exception: {
        className: 'java.lang.SecurityException',
        message: 'User name [admin] or password is invalid.',
      },
    });
    if (answer.kind !== 'ExceptionResponse') throw new Error(answer.kind);
    expect(classifyBrokerException(answer.exception)).toBe('authentication');
  });

  it('reads BrokerInfo, Response, and passes ConnectionControl as ignored', () => {
    expect(decodeFrame(hex(CAPTURED.brokerInfo))).toMatchObject({
      kind: 'BrokerInfo',
      brokerName: 'test-c13b135f',
      brokerURL: 'ssl://127.0.0.1:0',
      brokerId: { kind: 'BrokerId', value: 'ID:vm-35757-1795345485587-0:1' },
    });
    expect(decodeFrame(hex(CAPTURED.response))).toEqual({
      kind: 'Response',
      commandId: 0,
      responseRequired: false,
      correlationId: 4,
    });
    expect(decodeFrame(hex(CAPTURED.connectionControl))).toEqual({
      kind: 'Ignored',
      dataType: TYPE.CONNECTION_CONTROL,
      commandId: 0,
      responseRequired: false,
    });
  });

  it('reads a MessageDispatch carrying a text message, its body and the probe id property', () => {
    const dispatch = decodeFrame(hex(CAPTURED.messageDispatch));
    if (dispatch.kind !== 'MessageDispatch' || dispatch.message === null) throw new Error(dispatch.kind);
    expect(dispatch.destination).toEqual({
      kind: 'Destination',
      destinationKind: 'queue',
      physicalName: 'CAP.q',
    });
    expect(dispatch.consumerId).toMatchObject({ kind: 'ConsumerId', sessionId: 1, value: 1 });
    const message = dispatch.message;
    expect(message.messageType).toBe(TYPE.ACTIVEMQ_TEXT_MESSAGE);
    expect(message.persistent).toBe(true);
    expect(message.brokerInTime).toBeGreaterThan(0);
    expect(messageBodyText(message)).toBe('amq-auth-probe cap-1');
    expect(messageProperties(message).get('amq-auth-probe-id')).toBe('cap-1');
  });
});

describe('round trips of every command the probe encodes or decodes', () => {
  const ids = new ConnectionIds();
  const queue = openwireDestination({ kind: 'queue', name: 'APP.q' });
  const message = textMessage(ids, queue, { id: 'p-1', body: 'amq-auth-probe p-1', retain: true });
  const exception = {
    className: 'java.lang.SecurityException',
    message: 'User x is not authorized to write to: queue://APP.q',
  };
  const commands: OpenWireCommand[] = [
    probeWireFormatInfo(),
    sessionInfo(ids),
    anonymousProducerInfo(ids),
    { ...anonymousProducerInfo(ids), destination: queue, windowSize: 1024 },
    consumerInfo(ids.consumerId(), queue, { prefetch: 10, retroactive: true }),
    tempAdvisoryConsumerInfo(ids.consumerId(-1)),
    {
      ...message,
      commandId: 9,
      transactionId: { kind: 'LocalTransactionId', value: 3, connectionId: ids.connectionId },
    },
    {
      ...message,
      originalTransactionId: {
        kind: 'XATransactionId',
        formatId: 1,
        globalTransactionId: Buffer.from('g'),
        branchQualifier: null,
      },
    },
    {
      kind: 'MessageDispatch',
      commandId: 0,
      responseRequired: false,
      consumerId: ids.consumerId(),
      destination: queue,
      message,
      redeliveryCounter: 2,
    },
    {
      kind: 'MessageDispatch',
      commandId: 0,
      responseRequired: false,
      consumerId: null,
      destination: null,
      message: null,
      redeliveryCounter: 0,
    },
    standardAck(ids.consumerId(), message),
    removeInfo(ids.connectionId),
    removeInfo(ids.consumerId()),
    { kind: 'KeepAliveInfo', commandId: 5, responseRequired: true },
    { kind: 'ShutdownInfo', commandId: 6, responseRequired: false },
    { kind: 'Response', commandId: 0, responseRequired: false, correlationId: 42 },
    { kind: 'ExceptionResponse', commandId: 0, responseRequired: false, correlationId: 43, exception },
    {
      kind: 'ConnectionError',
      commandId: 0,
      responseRequired: false,
      exception,
      connectionId: ids.connectionId,
    },
    {
      kind: 'DestinationInfo',
      commandId: 7,
      responseRequired: true,
      connectionId: ids.connectionId,
      destination: openwireDestination({ kind: 'temp-queue', name: 'ID:x:1:1' }),
      operationType: 0,
      timeout: 0,
      brokerPath: null,
    },
    {
      kind: 'BrokerInfo',
      commandId: 0,
      responseRequired: false,
      brokerId: { kind: 'BrokerId', value: 'ID:b' },
      brokerURL: 'ssl://localhost:61617',
      peerBrokerInfos: [],
      brokerName: 'b',
      slaveBroker: false,
      masterBroker: true,
      faultTolerantConfiguration: false,
      duplexConnection: false,
      networkConnection: false,
      connectionId: 380,
      brokerUploadUrl: null,
      networkProperties: null,
    },
  ];

  it.each(commands.map((c) => [c.kind, c] as const))('%s', (_kind, command) => {
    expect(roundTrip(command)).toEqual(command);
  });

  it('a message nesting an advisory DestinationInfo (what temp advisories carry)', () => {
    const info = commands.find((c) => c.kind === 'DestinationInfo') as DataStructure;
    const advisory: Message = { ...message, dataStructure: info };
    expect(roundTrip(advisory)).toEqual(advisory);
  });

  it('ConnectionInfo keeps the password a Secret, and only the encoder reveals it', () => {
    const info = connectionInfo(ids, 'client-1', 'writer', new Secret('s3cret-password'));
    const frame = encodeFrame(info);
    expect(frame.includes(Buffer.from('s3cret-password'))).toBe(true);
    const decoded = decodeFrame(frame.subarray(4));
    if (decoded.kind !== 'ConnectionInfo') throw new Error(decoded.kind);
    expect(decoded.password?.reveal()).toBe('s3cret-password');
    expect({ ...decoded, password: null }).toEqual({ ...info, password: null });
    expect(JSON.stringify(decoded)).not.toContain('s3cret-password');
    expect(inspect(decoded, { depth: 5 })).not.toContain('s3cret-password');
  });

  it('ConnectionInfo without credentials sends null user and password', () => {
    const decoded = roundTrip(connectionInfo(ids, 'client-2', undefined, undefined));
    expect(decoded).toMatchObject({ userName: null, password: null, clientId: 'client-2' });
  });

  it('throwables carry stack and cause when StackTraceEnabled was negotiated', () => {
    const withStack = {
      kind: 'ExceptionResponse' as const,
      commandId: 0,
      responseRequired: false,
      correlationId: 1,
      exception: {
        ...exception,
        stackTrace: [{ className: 'a.B', methodName: 'c', fileName: 'B.java', lineNumber: 12 }],
        cause: { className: 'java.io.IOException', message: null, stackTrace: [], cause: null },
      },
    };
    expect(roundTrip(withStack, true)).toEqual(withStack);
    // without the negotiated flag a reader stops after class name and message, as the broker's does
    const plain = decodeFrame(encodeFrame(withStack, { stackTraces: true }).subarray(4));
    expect(plain).toMatchObject({
      exception: { className: exception.className, message: exception.message },
    });
    expect(plain).not.toHaveProperty('exception.stackTrace');
  });

  it('a text message body survives a round trip through the text content encoding', () => {
    const decoded = roundTrip(message);
    if (decoded.kind !== 'Message') throw new Error(decoded.kind);
    expect(messageBodyText(decoded)).toBe('amq-auth-probe p-1');
    expect(messageProperties(decoded)).toEqual(
      new Map<string, unknown>([
        ['amq-auth-probe-id', 'p-1'],
        ['ActiveMQ.Retain', true],
      ]),
    );
  });
});

describe('frame splitting and malformed input', () => {
  const frames = [
    encodeFrame({ kind: 'Response', commandId: 0, responseRequired: false, correlationId: 1 }),
    hex(`00000013${CAPTURED.connectionControl}`),
    encodeFrame(probeWireFormatInfo()),
  ];
  const stream = Buffer.concat(frames);

  it('yields the same frames however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const splitter = new FrameSplitter();
          const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
          const out: Buffer[] = [];
          for (let i = 1; i < points.length; i++)
            out.push(...splitter.push(stream.subarray(points[i - 1], points[i])));
          expect(out.map((b) => b.toString('hex'))).toEqual(frames.map((f) => f.subarray(4).toString('hex')));
        },
      ),
    );
  });

  it('rejects a size prefix no OpenWire peer would send (e.g. an HTTP or TLS alert byte stream)', () => {
    expect(() => new FrameSplitter().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(
      OpenWireDecodeError,
    );
  });

  it('reports a truncated body as a decode error', () => {
    const body = encodeFrame(sessionInfo(new ConnectionIds())).subarray(4);
    expect(() => decodeFrame(body.subarray(0, body.length - 3))).toThrow(OpenWireDecodeError);
  });
});

describe('broker exceptions', () => {
  it.each([
    ['java.lang.SecurityException', 'User name [ghost] or password is invalid.', 'authentication'],
    [
      'java.lang.SecurityException',
      'User writer is not authorized to create: queue://APP.x',
      'authorization',
    ],
    [
      'java.lang.SecurityException',
      'User nobody is not authorized to read from: ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic',
      'authorization',
    ],
    [
      'javax.jms.InvalidClientIDException',
      'Broker: b - Client: c1 already connected from tcp://127.0.0.1:4242',
      'client-id-conflict',
    ],
    ['java.lang.IllegalStateException', 'Cannot lookup a connection that had not been registered', 'other'],
  ] as const)('%s %s -> %s', (className, message, kind) => {
    expect(classifyBrokerException({ className, message })).toBe(kind);
    expect(describeThrowable({ className, message })).toBe(`${className}: ${message}`);
  });
});
