/**
 * Bodies and properties of ActiveMQ messages. A text message stores its text as a 4-byte length and
 * modified UTF-8 (`ActiveMQTextMessage.storeContent` via `MarshallingSupport.writeUTF8`), deflated when the
 * sender enabled compression; properties are a primitive map (`Message.marshallProperties`).
 */
import { inflateSync } from 'node:zlib';
import { TYPE } from './command-types';
import type { Message } from './commands';
import { DataReader, DataWriter } from './data-buffer';
import { encodeModifiedUtf8 } from './modified-utf8';
import { type PrimitiveMap, readPrimitiveMap, writePrimitiveMap } from './primitive-map';

export function textContent(text: string): Buffer {
  const encoded = encodeModifiedUtf8(text);
  return new DataWriter().int(encoded.length).bytes(encoded).toBuffer();
}

export function marshalProperties(properties: PrimitiveMap): Buffer {
  const out = new DataWriter();
  writePrimitiveMap(out, properties);
  return out.toBuffer();
}

export function messageProperties(message: Message): PrimitiveMap {
  if (message.marshalledProperties === null) return new Map();
  return readPrimitiveMap(new DataReader(message.marshalledProperties)) ?? new Map();
}

/**
 * The body as text: a text message's text; for any other kind (MQTT and AMQP publishes arrive as bytes
 * messages) the content read as UTF-8, which is how probe bodies are written.
 */
export function messageBodyText(message: Message): string {
  if (message.content === null) return '';
  const content = message.compressed ? inflateSync(message.content) : message.content;
  if (message.messageType !== TYPE.ACTIVEMQ_TEXT_MESSAGE) return content.toString('utf8');
  const input = new DataReader(content);
  const length = input.int();
  return length < 0 ? '' : input.utfBytes(length);
}
