import { DOMParser, type Element } from '@xmldom/xmldom';
import { parseBrokerXml } from '../../../src/activemq-xml/parse';
import { connectorUri, renderAuthorizationXml, renderBrokerXml } from '../../../src/activemq-xml/render';
import { PolicyError, UsageError } from '../../../src/core/errors';
import type { AuthorizationMap } from '../../../src/core/types';
import { KEYSTORE_PASSWORD, policy, target, TRUSTSTORE_PASSWORD, user } from './policy-builder';

const ACTIVEMQ_NS = 'http://activemq.apache.org/schema/core';

const ORDERS_MAP: AuthorizationMap = {
  entries: [
    { id: 'queue://>', type: 'queue', pattern: '>', read: ['admins'], write: ['admins'], admin: ['admins'] },
    {
      id: 'queue://ORDERS.>',
      type: 'queue',
      pattern: 'ORDERS.>',
      read: ['consumers'],
      write: ['producers', 'writers'],
      admin: ['producers', 'consumers'],
    },
    { id: 'queue://ORDERS.>#2', type: 'queue', pattern: 'ORDERS.>', read: ['vip'], write: [], admin: [] },
    {
      id: 'topic://EVENTS.*',
      type: 'topic',
      pattern: 'EVENTS.*',
      read: ['*'],
      write: ['producers'],
      admin: [],
    },
  ],
  defaultEntry: { read: ['auditors'], write: [], admin: [] },
  tempDestinationEntry: { read: ['admins', 'consumers'], write: ['admins'], admin: ['admins'] },
};

const ORDERS_POLICY = policy({
  users: [
    user('admin', 'adminpw', ['admins']),
    user('producer', 'producerpw', ['producers', 'writers']),
    user('lonely', 'lonelypw', []),
  ],
  authorization: ORDERS_MAP,
  destinations: [
    { kind: 'queue', name: 'ORDERS.new' },
    { kind: 'topic', name: 'EVENTS.created' },
  ],
});

function withoutLocations(map: AuthorizationMap | null): unknown {
  if (!map) return map;
  const strip = <T extends { location?: unknown }>(x: T | undefined) => {
    if (!x) return x;
    const { location: _location, ...rest } = x;
    return rest;
  };
  return {
    entries: map.entries.map(strip),
    ...(map.defaultEntry ? { defaultEntry: strip(map.defaultEntry) } : {}),
    ...(map.tempDestinationEntry ? { tempDestinationEntry: strip(map.tempDestinationEntry) } : {}),
  };
}

function brokerElement(xml: string): Element {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const broker = doc.getElementsByTagNameNS(ACTIVEMQ_NS, 'broker')[0];
  if (!broker) throw new Error('no broker element');
  return broker;
}

function elements(root: Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ACTIVEMQ_NS, localName));
}

describe('renderBrokerXml', () => {
  const xml = renderBrokerXml(ORDERS_POLICY, target(), {
    brokerName: 'orders-check',
    dataDirectory: '/run/data',
  });

  it('is a Spring beans document holding an ActiveMQ broker that starts without a store or JMX', () => {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    expect(doc.documentElement?.localName).toBe('beans');
    expect(doc.documentElement?.namespaceURI).toBe('http://www.springframework.org/schema/beans');
    const broker = brokerElement(xml);
    expect(broker.getAttribute('brokerName')).toBe('orders-check');
    expect(broker.getAttribute('dataDirectory')).toBe('/run/data');
    expect(broker.getAttribute('persistent')).toBe('false');
    expect(broker.getAttribute('useJmx')).toBe('false');
    expect(broker.getAttribute('schedulerSupport')).toBe('false');
    expect(elements(broker, 'managementContext')).toHaveLength(0);
  });

  it('keeps ActiveMQ default virtual topics: no destination interceptors, useVirtualTopics left at true', () => {
    // BrokerService.createDefaultDestinationInterceptor installs VirtualTopic.> with the prefix Consumer.*.
    // only while the XML configures no interceptors; the virtual-topic cases depend on it
    const broker = brokerElement(xml);
    expect(elements(broker, 'destinationInterceptors')).toHaveLength(0);
    expect(broker.hasAttribute('useVirtualTopics')).toBe(false);
  });

  it('gives back the same users, map and destinations when parsed', () => {
    const parsed = parseBrokerXml(xml, 'activemq.xml');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.brokerName).toBe('orders-check');
    expect(parsed.anonymousAccessAllowed).toBe(false);
    expect(withoutLocations(parsed.authorization)).toEqual(ORDERS_MAP);
    expect(parsed.users?.map((u) => [u.username, u.password.reveal(), u.groups])).toEqual([
      ['admin', 'adminpw', ['admins']],
      ['producer', 'producerpw', ['producers', 'writers']],
      ['lonely', 'lonelypw', []],
    ]);
    expect(parsed.destinations).toEqual(ORDERS_POLICY.destinations);
  });

  it('omits empty ACL attributes instead of writing empty group lists', () => {
    const vip = elements(brokerElement(xml), 'authorizationEntry').find(
      (e) => e.getAttribute('read') === 'vip',
    );
    expect(vip?.hasAttribute('write')).toBe(false);
    expect(vip?.hasAttribute('admin')).toBe(false);
  });

  it('points the sslContext at the PKCS12 stores with their passwords', () => {
    const ssl = elements(brokerElement(xml), 'sslContext').find((e) => e.hasAttribute('keyStore'));
    expect(ssl?.getAttribute('keyStore')).toBe('/run/broker/keystore.p12');
    expect(ssl?.getAttribute('keyStorePassword')).toBe(KEYSTORE_PASSWORD);
    expect(ssl?.getAttribute('keyStoreType')).toBe('PKCS12');
    expect(ssl?.getAttribute('trustStore')).toBe('/run/broker/truststore.p12');
    expect(ssl?.getAttribute('trustStorePassword')).toBe(TRUSTSTORE_PASSWORD);
    expect(ssl?.getAttribute('trustStoreType')).toBe('PKCS12');
  });

  it('opens one TLS connector per transport with the Amazon MQ connector names', () => {
    const connectors = elements(brokerElement(xml), 'transportConnector').map((c) => [
      c.getAttribute('name'),
      c.getAttribute('uri')?.split('?')[0],
    ]);
    expect(connectors).toEqual([
      ['openwire', 'ssl://0.0.0.0:61617'],
      ['amqp', 'amqp+ssl://0.0.0.0:5671'],
      ['stomp', 'stomp+ssl://0.0.0.0:61614'],
      ['mqtt', 'mqtt+ssl://0.0.0.0:8883'],
      ['wss', 'wss://0.0.0.0:61619'],
    ]);
  });

  it('renders only the transports asked for, each once', () => {
    const only = renderBrokerXml(ORDERS_POLICY, target({ transports: ['stomp', 'mqtt', 'stomp'] }));
    expect(elements(brokerElement(only), 'transportConnector').map((c) => c.getAttribute('name'))).toEqual([
      'stomp',
      'mqtt',
    ]);
  });

  it('has no authorizationPlugin when the policy has no authorization map', () => {
    const open = renderBrokerXml(
      policy({ users: [user('a', 'apassword', ['g'])], authorization: null }),
      target(),
    );
    const broker = brokerElement(open);
    expect(elements(broker, 'authorizationPlugin')).toHaveLength(0);
    expect(elements(broker, 'simpleAuthenticationPlugin')).toHaveLength(1);
    expect(parseBrokerXml(open, 'open.xml').authorization).toBeNull();
  });

  it('writes anonymousAccessAllowed as the policy says', () => {
    const anonymous = renderBrokerXml(policy({ anonymousAccessAllowed: true }), target());
    expect(parseBrokerXml(anonymous, 'a.xml').anonymousAccessAllowed).toBe(true);
  });

  it('renders a small policy exactly like this', () => {
    const small = policy({
      users: [user('app', 'p&ss<w>rd"\'', ['apps'])],
      authorization: {
        entries: [
          {
            id: 'queue://APP.>',
            type: 'queue',
            pattern: 'APP.>',
            read: ['apps'],
            write: ['apps'],
            admin: [],
          },
        ],
      },
      destinations: [{ kind: 'queue', name: 'APP.in' }],
    });
    const rendered = renderBrokerXml(
      small,
      target({ transports: ['openwire', 'ws'], ports: { openwire: 0, ws: 0 }, bindHost: '127.0.0.1' }),
      { brokerName: 'small' },
    );
    expect(rendered).toMatchInlineSnapshot(`
     "<?xml version="1.0" encoding="UTF-8"?>
     <beans xmlns="http://www.springframework.org/schema/beans" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
       <!-- Generated by amq-auth-harness from policy.yaml -->
       <broker xmlns="http://activemq.apache.org/schema/core" brokerName="small" persistent="false" useJmx="false" schedulerSupport="false">
         <destinations>
           <queue physicalName="APP.in"/>
         </destinations>
         <plugins>
           <simpleAuthenticationPlugin anonymousAccessAllowed="false">
             <users>
               <authenticationUser username="app" password="p&amp;ss&lt;w>rd&quot;&apos;" groups="apps"/>
             </users>
           </simpleAuthenticationPlugin>
           <authorizationPlugin>
             <map>
               <authorizationMap>
                 <authorizationEntries>
                   <authorizationEntry queue="APP.>" read="apps" write="apps"/>
                 </authorizationEntries>
               </authorizationMap>
             </map>
           </authorizationPlugin>
         </plugins>
         <sslContext>
           <sslContext keyStore="/run/broker/keystore.p12" keyStorePassword="ks&amp;&lt;pw>&quot;&apos;" keyStoreType="PKCS12" trustStore="/run/broker/truststore.p12" trustStorePassword="ts-password" trustStoreType="PKCS12"/>
         </sslContext>
         <systemUsage>
           <systemUsage>
             <tempUsage>
               <tempUsage limit="1 gb"/>
             </tempUsage>
           </systemUsage>
         </systemUsage>
         <transportConnectors>
           <transportConnector name="openwire" uri="ssl://127.0.0.1:0?maximumConnections=1000&amp;wireFormat.maxFrameSize=104857600"/>
           <transportConnector name="wss" uri="wss://127.0.0.1:0?maximumConnections=1000&amp;wireFormat.maxFrameSize=104857600"/>
         </transportConnectors>
       </broker>
     </beans>
     "
    `);
  });
});

describe('escaping', () => {
  const nasty = `&<>"' &amp; ]]> <!-- x`;

  it('writes passwords and names with XML specials so the broker reads them back unchanged', () => {
    const xml = renderBrokerXml(
      policy({
        users: [user('o&<brien>', nasty, ['g"1', "g'2"])],
        authorization: {
          entries: [
            { id: 'queue://A&B', type: 'queue', pattern: 'A&B', read: ['g"1'], write: [], admin: [] },
          ],
        },
      }),
      target(),
    );
    expect(xml).not.toContain(nasty);
    expect(xml).toContain('password="&amp;&lt;>&quot;&apos; &amp;amp; ]]> &lt;!-- x"');
    const parsed = parseBrokerXml(xml, 'x.xml');
    expect(parsed.users?.[0]?.username).toBe('o&<brien>');
    expect(parsed.users?.[0]?.password.reveal()).toBe(nasty);
    expect(parsed.users?.[0]?.groups).toEqual(['g"1', "g'2"]);
    expect(parsed.authorization?.entries[0]?.pattern).toBe('A&B');
  });

  it('escapes the keystore password as well', () => {
    expect(renderBrokerXml(policy({}), target())).toContain('keyStorePassword="ks&amp;&lt;pw>&quot;&apos;"');
  });
});

describe('render refuses what the broker would misread', () => {
  it('a group name with a comma, naming the user and the group', () => {
    const bad = policy({ users: [user('app', 'password123', ['a,b'])] });
    expect(() => renderBrokerXml(bad, target())).toThrow(PolicyError);
    expect(() => renderBrokerXml(bad, target())).toThrow(/groups of user app: group name "a,b"/);
  });

  it('a password with a control character, without showing the password', () => {
    const bad = policy({ users: [user('app', 'hunter2\u0007', ['apps'])] });
    let error: unknown;
    try {
      renderBrokerXml(bad, target());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect(String((error as PolicyError).describe())).not.toContain('hunter2');
    expect((error as PolicyError).message).toContain('password of user app');
  });

  it('a temporary destination in <destinations>', () => {
    const bad = policy({ destinations: [{ kind: 'temp-queue', name: 'x' }] });
    expect(() => renderBrokerXml(bad, target())).toThrow(/temp-queue:\/\/x cannot be declared/);
  });

  it('a broker name ActiveMQ would rewrite', () => {
    expect(() => renderBrokerXml(policy({}), target(), { brokerName: 'my broker' })).toThrow(UsageError);
  });
});

describe('connectorUri', () => {
  it('brackets an IPv6 bind host and lets the broker pick a port that is not given', () => {
    expect(connectorUri('stomp', { bindHost: '::1', ports: {} })).toBe(
      'stomp+ssl://[::1]:0?maximumConnections=1000&wireFormat.maxFrameSize=104857600',
    );
  });
});

describe('renderAuthorizationXml', () => {
  it('is an authorizationPlugin fragment that parses back to the same map', () => {
    const fragment = renderAuthorizationXml(ORDERS_MAP);
    expect(fragment.startsWith('<authorizationPlugin>')).toBe(true);
    expect(fragment).not.toContain('simpleAuthenticationPlugin');
    const parsed = parseBrokerXml(fragment, 'fragment.xml');
    expect(withoutLocations(parsed.authorization)).toEqual(ORDERS_MAP);
    expect(parsed.users).toBeNull();
  });
});
