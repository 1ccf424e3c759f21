import { StompFrameSplitter, chooseBackend, stompMessageToTcp } from '../../support/ws-tls-relay';

describe('relay backend choice (as ActiveMQ WSServlet)', () => {
  it('picks MQTT for subprotocols starting with mqtt', () => {
    expect(chooseBackend(['mqtt'])).toEqual({ protocol: 'mqtt', accepted: 'mqtt' });
    expect(chooseBackend(['mqttv3.1', 'mqtt'])).toEqual({ protocol: 'mqtt', accepted: 'mqttv3.1' });
  });

  it('picks STOMP for subprotocols containing stomp, preferring the newest version', () => {
    expect(chooseBackend(['v10.stomp', 'v12.stomp'])).toEqual({ protocol: 'stomp', accepted: 'v12.stomp' });
  });

  it('lets the last recognised subprotocol decide', () => {
    expect(chooseBackend(['mqtt', 'v12.stomp']).protocol).toBe('stomp');
    expect(chooseBackend(['v12.stomp', 'mqtt']).protocol).toBe('mqtt');
  });

  it('falls back to STOMP with no or unknown subprotocols', () => {
    expect(chooseBackend([])).toEqual({ protocol: 'stomp' });
    expect(chooseBackend(['xmpp'])).toEqual({ protocol: 'stomp', accepted: 'stomp' });
  });
});

const frame = (s: string) => Buffer.from(s, 'utf8');

describe('StompFrameSplitter', () => {
  it('cuts frames at NUL and drops the newline the TCP connector adds after each', () => {
    const splitter = new StompFrameSplitter();
    const out = splitter.push(frame('CONNECTED\nversion:1.2\n\n\0\nRECEIPT\nreceipt-id:r1\n\n\0\n'));
    expect(out).toEqual([
      { kind: 'frame', bytes: frame('CONNECTED\nversion:1.2\n\n\0') },
      { kind: 'frame', bytes: frame('RECEIPT\nreceipt-id:r1\n\n\0') },
    ]);
  });

  it('reassembles frames split across chunks', () => {
    const splitter = new StompFrameSplitter();
    expect(splitter.push(frame('ERROR\nmessage:no\n'))).toEqual([]);
    expect(splitter.push(frame('\nUser x is not authorized'))).toEqual([]);
    expect(splitter.push(frame('\0\n'))).toEqual([
      { kind: 'frame', bytes: frame('ERROR\nmessage:no\n\nUser x is not authorized\0') },
    ]);
  });

  it('honours content-length, so bodies may contain NUL', () => {
    const splitter = new StompFrameSplitter();
    const out = splitter.push(frame('MESSAGE\ncontent-length:3\n\na\0b\0\n'));
    expect(out).toEqual([{ kind: 'frame', bytes: frame('MESSAGE\ncontent-length:3\n\na\0b\0') }]);
  });

  it('reports newlines between frames beyond the first as heart-beats', () => {
    const splitter = new StompFrameSplitter();
    expect(splitter.push(frame('\n'))).toEqual([{ kind: 'heartbeat' }]);
    expect(splitter.push(frame('RECEIPT\n\n\0\n\n'))).toEqual([
      { kind: 'frame', bytes: frame('RECEIPT\n\n\0') },
      { kind: 'heartbeat' },
    ]);
  });
});

describe('stompMessageToTcp', () => {
  it('terminates a frame that arrived without NUL and leaves others and heart-beats alone', () => {
    expect(stompMessageToTcp(frame('SEND\n\nx'))).toEqual(frame('SEND\n\nx\0'));
    expect(stompMessageToTcp(frame('SEND\n\nx\0'))).toEqual(frame('SEND\n\nx\0'));
    expect(stompMessageToTcp(frame('\n'))).toEqual(frame('\n'));
  });
});
