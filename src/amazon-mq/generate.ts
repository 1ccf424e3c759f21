/**
 * Policy -> what to hand to Amazon MQ: the configuration XML (a `<broker>` document with the declared
 * destinations and the authorization map, nothing Amazon MQ would remove) and the users for its API,
 * which Amazon MQ keeps outside the XML.
 *
 * User shape: Amazon MQ API `User` (`Username`, `Password`, `Groups`, `ConsoleAccess`), as taken by
 * `CreateBroker`'s `Users` and `CreateUser`, and CloudFormation's `AWS::AmazonMQ::Broker` `User`
 * (https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers-broker-id-users-username.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-amazonmq-broker-user.html).
 */
import { stringify } from 'yaml';
import { renderAuthorizationXml } from '../activemq-xml/render';
import { element, serializeElement } from '../activemq-xml/xml-writer';
import { ACTIVEMQ_CORE_NAMESPACE } from '../activemq-xml/namespaces';
import { PolicyError } from '../core/errors';
import type { Policy, PolicyUser } from '../core/types';
import { AMAZON_MQ_CONSOLE_GROUP } from '../policy';

export interface AmazonMqUser {
  Username: string;
  /** only with `withPasswords` */
  Password?: string;
  Groups: string[];
  ConsoleAccess: boolean;
}

export interface AmazonMqOutput {
  configurationXml: string;
  /** JSON array of users, for `CreateBroker`'s `Users` (each element is also a `CreateUser` body) */
  usersJson: string;
  /** YAML for the `Users` property of an `AWS::AmazonMQ::Broker` resource */
  cloudFormationUsers: string;
}

export interface AmazonMqGenerateOptions {
  /** write each user's password; without it the JSON has none and CloudFormation reads Secrets Manager */
  withPasswords?: boolean;
}

const INDENT = '  ';

function indent(text: string, depth: number): string {
  return text
    .split('\n')
    .map((line) => (line.length ? INDENT.repeat(depth) + line : line))
    .join('\n');
}

/**
 * Amazon MQ gives console access through a user flag and puts such users into `activemq-webconsole`
 * itself, so the group becomes the flag rather than a group to send.
 */
function apiUser(user: PolicyUser, withPasswords: boolean): AmazonMqUser {
  const result: AmazonMqUser = {
    Username: user.username,
    Groups: user.groups.filter((g) => g !== AMAZON_MQ_CONSOLE_GROUP),
    ConsoleAccess: user.groups.includes(AMAZON_MQ_CONSOLE_GROUP),
  };
  // The output is the credential hand-over to Amazon MQ: the one place these passwords are written.
  if (withPasswords) result.Password = user.password.reveal();
  return result;
}

/** A CloudFormation dynamic reference, so a template without passwords still deploys from Secrets Manager. */
export function secretReference(username: string): string {
  return `{{resolve:secretsmanager:amq-auth/${username}:SecretString:password}}`;
}

function configurationXml(policy: Policy): string {
  const declared = policy.destinations.filter((d) => d.kind === 'queue' || d.kind === 'topic');
  const children: string[] = [];
  if (declared.length) {
    children.push(
      serializeElement(
        element(
          'destinations',
          [],
          declared.map((d) => element(d.kind, [['physicalName', d.name]])),
        ),
        1,
      ),
    );
  }
  if (policy.authorization) {
    const plugin = renderAuthorizationXml(policy.authorization).replace(/\n$/, '');
    children.push(`${INDENT}<plugins>\n${indent(plugin, 2)}\n${INDENT}</plugins>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<broker xmlns="${ACTIVEMQ_CORE_NAMESPACE}">`,
    ...children,
    '</broker>',
    '',
  ].join('\n');
}

export function generateForAmazonMq(policy: Policy, opts: AmazonMqGenerateOptions = {}): AmazonMqOutput {
  if (policy.engine.flavour !== 'amazon-mq') {
    throw new PolicyError(`the policy's engine is ${policy.engine.id}, not Amazon MQ`, {
      location: { file: policy.source.file, line: 1, column: 1 },
      hint: 'set engine: amazon-mq/<version> (e.g. amazon-mq/5.18) to generate an Amazon MQ configuration',
    });
  }
  const withPasswords = opts.withPasswords ?? false;
  const users = policy.users.map((u) => apiUser(u, withPasswords));
  const cloudFormation = users.map((u) => ({
    Username: u.Username,
    Password: u.Password ?? secretReference(u.Username),
    ...(u.Groups.length ? { Groups: u.Groups } : {}),
    ConsoleAccess: u.ConsoleAccess,
  }));
  return {
    configurationXml: configurationXml(policy),
    usersJson: `${JSON.stringify(users, null, 2)}\n`,
    cloudFormationUsers: stringify({ Users: cloudFormation }),
  };
}
