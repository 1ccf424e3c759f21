/**
 * What the verdicts mean for the team: tasks that cannot complete, CreateBroker without its EC2
 * prerequisites, grants broader than the tasks, and statements that cannot do what they seem to. Findings
 * have the shape of `lint`'s, so the same readers (text, JSON, SARIF) take them.
 */
import type { Finding, RuleDescription, Severity } from '../lint/finding';
import { describeStatement, type StatementRef, type Verdict } from './evaluate';
import type { TaskVerdict } from './evaluate-set';
import type { PolicyDoc } from './load-iam-policy';
import type { PolicyDocument, PolicyStatement } from './narrow-policy';
import { AMAZON_MQ_SERVICE, AUTHORIZED_SERVICE_KEY, type TaskName } from './tasks';
import type { UnknownAction } from './unknown-actions';

export const IAM_RULES = {
  IAM_TASK_BLOCKED: {
    severity: 'error',
    title: 'a task cannot complete',
    explanation:
      'Amazon MQ authorizes every API call with the identity-based policies of the caller (it supports no resource-based policies): a call the policies do not allow fails with AccessDenied and the pipeline stops there.',
  },
  IAM_CREATE_BROKER_EC2_PREREQUISITES: {
    severity: 'error',
    title: 'CreateBroker without its EC2 prerequisites',
    explanation:
      "Amazon MQ creates the broker's network interfaces in your VPC with the caller's permissions: unless AmazonMQFullAccess is attached, CreateBroker also needs the EC2 actions Amazon MQ's guide lists, or the broker creation fails.",
  },
  IAM_INTERFACE_PERMISSION_NOT_LIMITED: {
    severity: 'warning',
    title: 'network-interface permissions not limited to Amazon MQ',
    explanation:
      'ec2:CreateNetworkInterfacePermission lets the caller give another AWS service or account the right to attach your network interfaces. Amazon MQ only needs it for mq.amazonaws.com; the condition ec2:AuthorizedService = mq.amazonaws.com keeps it there.',
  },
  IAM_CONDITION_KEY_NOT_IN_REQUEST: {
    severity: 'warning',
    title: 'a condition on a key the request never carries',
    explanation:
      'The service reference lists the condition keys each request carries. A condition such as StringEquals on a key the request does not carry is never met, so the statement never grants that action.',
  },
  IAM_BROADER_THAN_TASKS: {
    severity: 'warning',
    title: 'mq:* or * on every resource, broader than the tasks need',
    explanation:
      'A statement that allows every Amazon MQ action (Action "*", "mq:*" or a NotAction) on every resource also allows deleting brokers and configurations, promoting replicas and changing access configuration, which the requested tasks never do.',
  },
  IAM_UNNEEDED_ACTION: {
    severity: 'info',
    title: 'Amazon MQ actions no requested task needs',
    explanation: 'A statement allows Amazon MQ actions that none of the requested tasks performs.',
  },
  IAM_RESOURCE_LEVEL_UNSUPPORTED: {
    severity: 'warning',
    title: 'an action that cannot be scoped by resource',
    explanation:
      'Some Amazon MQ actions (CreateBroker, CreateConfiguration, ListBrokers, ...) support no resource-level permission: a statement grants them only with "Resource": "*". Naming a broker or configuration ARN for them makes the statement grant nothing for that action.',
  },
  IAM_UNKNOWN_ACTION: {
    severity: 'warning',
    title: 'an action the service reference does not know',
    explanation:
      'IAM accepts an action name it does not know and simply never matches it, so a misspelt action grants (or denies) nothing.',
  },
} as const satisfies Record<string, RuleDescription>;

export type IamFindingCode = keyof typeof IAM_RULES;

function finding(
  code: IamFindingCode,
  detail: { message: string; fix: string; location?: Finding['location']; severity?: Severity },
): Finding {
  const rule: RuleDescription = IAM_RULES[code];
  const result: Finding = {
    code,
    severity: detail.severity ?? rule.severity,
    message: detail.message,
    explanation: rule.explanation,
    fix: detail.fix,
  };
  if (detail.location) result.location = detail.location;
  return result;
}

const on = (v: Verdict) => `${v.action} on ${v.resource}`;
const compact = (statements: PolicyStatement[]) => JSON.stringify(statements);
const firstLocation = (v: Verdict) => v.statements.find((s) => s.location)?.location;

/** The narrower statements that grant these actions. */
function statementsFor(narrower: PolicyDocument, actions: Iterable<string>): PolicyStatement[] {
  const wanted = new Set(actions);
  return narrower.Statement.filter((s) => s.Action.some((a) => wanted.has(a)));
}

function fixFor(v: Verdict, narrower: PolicyDocument): string {
  switch (v.reason) {
    case 'explicit-deny':
      return `narrow the Deny (its Action, Resource or Condition) so that it leaves ${on(v)}, or drop the task`;
    case 'condition-not-met':
      return `the request's context does not meet the condition; grant ${v.action} without it, e.g. ${compact(statementsFor(narrower, [v.action]))}`;
    case 'boundary-no-allow':
      return `add ${v.action} to the permission boundary as well: it caps what the identity policies can grant`;
    default:
      return `allow it, e.g. ${compact(statementsFor(narrower, [v.action]))}`;
  }
}

/** Verdicts of one action together: its requests on several resources are one problem to the reader. */
function byAction<V extends Verdict>(verdicts: readonly V[]): V[][] {
  const groups = new Map<string, V[]>();
  for (const v of verdicts) groups.set(v.action, [...(groups.get(v.action) ?? []), v]);
  return [...groups.values()];
}

/** `mq:CreateTags on A, B (no statement allows it)`, or each resource with its own reason when they differ. */
function describeDenials(group: readonly Verdict[]): string {
  const first = group[0]!;
  if (group.every((v) => v.detail === first.detail)) {
    return `${first.action} on ${group.map((v) => v.resource).join(', ')} (${first.detail})`;
  }
  return `${first.action} ${group.map((v) => `on ${v.resource} (${v.detail})`).join('; ')}`;
}

function taskBlocked(verdicts: readonly TaskVerdict[], narrower: PolicyDocument): Finding[] {
  const denied = verdicts.filter((v) => !v.allowed && v.action.startsWith('mq:'));
  return byAction(denied).map((group) => {
    const tasks = [...new Set(group.flatMap((v) => v.tasks))];
    return finding('IAM_TASK_BLOCKED', {
      message: `${tasks.join(', ')} cannot complete: ${describeDenials(group)}`,
      fix: fixFor(group[0]!, narrower),
      location: group.map(firstLocation).find(Boolean),
    });
  });
}

function ec2Prerequisites(
  verdicts: readonly TaskVerdict[],
  prerequisites: readonly string[],
  narrower: PolicyDocument,
): Finding[] {
  const denied = verdicts.filter((v) => !v.allowed && prerequisites.includes(v.action));
  if (denied.length === 0) return [];
  const createBroker = verdicts.find((v) => v.action === 'mq:CreateBroker');
  const lead = createBroker?.allowed
    ? 'mq:CreateBroker is allowed, but not its EC2 prerequisites'
    : 'the EC2 prerequisites of mq:CreateBroker are not allowed';
  const groups = byAction(denied);
  const sameReason = denied.every((v) => v.detail === denied[0]!.detail);
  const what = sameReason
    ? `${groups.map((g) => g[0]!.action).join(', ')} (${denied[0]!.detail})`
    : groups.map(describeDenials).join('; ');
  return [
    finding('IAM_CREATE_BROKER_EC2_PREREQUISITES', {
      message: `${lead}: ${what}`,
      fix: `add ${compact(
        statementsFor(
          narrower,
          groups.map((g) => g[0]!.action),
        ),
      )}`,
      location: denied.map(firstLocation).find(Boolean),
    }),
  ];
}

function interfacePermissionNotLimited(probes: readonly Verdict[], otherService: string): Finding[] {
  return probes
    .filter((v) => v.allowed)
    .map((v) =>
      finding('IAM_INTERFACE_PERMISSION_NOT_LIMITED', {
        message: `${v.action} is allowed for services other than ${AMAZON_MQ_SERVICE} (a request with ${AUTHORIZED_SERVICE_KEY} = ${otherService} is ${v.detail})`,
        fix: `grant it only under "Condition": {"StringEquals": {"${AUTHORIZED_SERVICE_KEY}": "${AMAZON_MQ_SERVICE}"}}`,
        location: firstLocation(v),
      }),
    );
}

function conditionKeyNotInRequest(verdicts: readonly Verdict[], narrower: PolicyDocument): Finding[] {
  const result: Finding[] = [];
  for (const v of verdicts) {
    if (v.reason !== 'condition-not-met') continue;
    const ignored = new Set(v.ignoredContextKeys.map((k) => k.toLowerCase()));
    for (const s of v.statements) {
      const keys = (s.missingKeys ?? []).filter((k) => ignored.has(k.toLowerCase()));
      if (keys.length === 0) continue;
      result.push(
        finding('IAM_CONDITION_KEY_NOT_IN_REQUEST', {
          message: `${describeStatement(s, true)} allows ${v.action} only under a condition on ${keys.join(', ')}, but the service reference lists no such key for ${v.action}: its requests never carry it, so this statement never grants ${v.action}`,
          fix: `grant ${v.action} in a statement without that condition, e.g. ${compact(statementsFor(narrower, [v.action]))}`,
          location: s.location,
        }),
      );
    }
  }
  return result;
}

function rawStatement(doc: PolicyDoc | undefined, ref: StatementRef): Record<string, unknown> | undefined {
  let node: unknown = doc?.document;
  for (const seg of ref.path) node = (node as Record<string | number, unknown> | undefined)?.[seg];
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `*`, `mq:*` or NotAction, on `*` or with NotResource: allows every Amazon MQ action somewhere. */
export function isBroadStatement(raw: Record<string, unknown>): boolean {
  const everyAction =
    'NotAction' in raw ||
    asList(raw.Action).some((a) => typeof a === 'string' && (a === '*' || a.toLowerCase() === 'mq:*'));
  const everyResource = 'NotResource' in raw || asList(raw.Resource).some((r) => r === '*');
  return everyAction && everyResource;
}

function broaderThanTasks(
  taskVerdicts: readonly TaskVerdict[],
  otherVerdicts: readonly Verdict[],
  docs: readonly PolicyDoc[],
  narrower: PolicyDocument,
  tasks: readonly TaskName[],
): Finding[] {
  const keyOf = (s: StatementRef) => `${s.kind}\u0000${s.policy}\u0000${s.index}`;
  const excess = new Map<string, { ref: StatementRef; actions: Set<string> }>();
  for (const v of otherVerdicts) {
    if (!v.allowed) continue;
    for (const s of v.statements) {
      if (s.kind !== 'identity') continue;
      const entry = excess.get(keyOf(s)) ?? { ref: s, actions: new Set<string>() };
      entry.actions.add(v.action);
      excess.set(keyOf(s), entry);
    }
  }
  const result: Finding[] = [];
  for (const [key, { ref, actions }] of excess) {
    const raw = rawStatement(
      docs.find((d) => d.name === ref.policy),
      ref,
    );
    const names = [...actions].sort();
    const shown =
      names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', ');
    if (raw && isBroadStatement(raw)) {
      const granted = taskVerdicts.filter((v) => v.allowed && v.statements.some((s) => keyOf(s) === key));
      const replacement = statementsFor(
        narrower,
        granted.map((v) => v.action),
      );
      result.push(
        finding('IAM_BROADER_THAN_TASKS', {
          message: `${describeStatement(ref, true)} allows every Amazon MQ action on every resource; ${tasks.join(', ')} need ${granted.length === 0 ? 'none of them' : 'far fewer'}, yet it also allows ${shown}`,
          fix:
            replacement.length > 0
              ? `replace it with the narrower statements for what it grants the tasks: ${compact(replacement)}`
              : 'remove it: the tasks need nothing it grants',
          location: ref.location,
        }),
      );
    } else {
      result.push(
        finding('IAM_UNNEEDED_ACTION', {
          message: `${describeStatement(ref, true)} allows ${shown}, which no requested task (${tasks.join(', ')}) needs`,
          fix: 'remove these actions unless the role does more than the requested tasks',
          location: ref.location,
        }),
      );
    }
  }
  return result;
}

function resourceLevelUnsupported(verdicts: readonly Verdict[]): Finding[] {
  const seen = new Set<string>();
  const result: Finding[] = [];
  for (const v of verdicts) {
    for (const s of v.scopedWildcardOnly) {
      const key = `${s.policy}\u0000${s.index}\u0000${v.action}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(
        finding('IAM_RESOURCE_LEVEL_UNSUPPORTED', {
          message: `${describeStatement(s, true)} names ${v.action} with a resource ARN, but ${v.action} supports no resource-level permission, so this statement never grants it`,
          fix: `grant ${v.action} in a statement with "Resource": "*"`,
          location: s.location,
        }),
      );
    }
  }
  return result;
}

function unknownActions(found: readonly UnknownAction[]): Finding[] {
  return found.map((u) =>
    finding('IAM_UNKNOWN_ACTION', {
      message: `${u.element} "${u.action}"${u.location ? '' : ` in ${u.policy}`} ${u.why}`,
      fix:
        u.suggestions.length > 0
          ? `did you mean ${u.suggestions.join(' or ')}?`
          : 'check the action name in the service reference',
      location: u.location,
    }),
  );
}

export interface FindingInputs {
  tasks: readonly TaskName[];
  taskVerdicts: readonly TaskVerdict[];
  otherVerdicts: readonly Verdict[];
  interfacePermissionProbes: readonly Verdict[];
  otherService: string;
  ec2Prerequisites: readonly string[];
  unknownActions: readonly UnknownAction[];
  docs: readonly PolicyDoc[];
  narrower: PolicyDocument;
}

export function iamFindings(input: FindingInputs): Finding[] {
  const all = [...input.taskVerdicts, ...input.otherVerdicts];
  return [
    ...taskBlocked(input.taskVerdicts, input.narrower),
    ...(input.tasks.includes('deploy')
      ? ec2Prerequisites(input.taskVerdicts, input.ec2Prerequisites, input.narrower)
      : []),
    ...interfacePermissionNotLimited(input.interfacePermissionProbes, input.otherService),
    ...conditionKeyNotInRequest(input.taskVerdicts, input.narrower),
    ...broaderThanTasks(input.taskVerdicts, input.otherVerdicts, input.docs, input.narrower, input.tasks),
    ...resourceLevelUnsupported(all),
    ...unknownActions(input.unknownActions),
  ];
}
