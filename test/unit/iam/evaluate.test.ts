import { PolicyErrors } from '../../../src/core/errors';
import {
  evaluateRequest,
  requestCarries,
  validatePolicySet,
  type PolicySet,
} from '../../../src/iam/evaluate';
import { requestsFor, targetFrom, type Target } from '../../../src/iam/resources';
import { BROKER, fixture, load, TARGET } from './support';

async function verdict(set: PolicySet, action: string, target: Target = TARGET, index = 0) {
  const request = (await requestsFor(action, target))[index];
  if (!request) throw new Error(`no request ${index} for ${action}`);
  return evaluateRequest(set, request, target);
}

describe('a verdict of the simulator', () => {
  const leastPrivilege = { identity: [load('deployer-least-privilege.json')] };

  it('names the allowing statement with its Sid and position', async () => {
    const v = await verdict(leastPrivilege, 'mq:UpdateBroker');
    expect(v).toMatchObject({ allowed: true, reason: 'allowed', resource: BROKER });
    expect(v.statements).toEqual([
      expect.objectContaining({
        sid: 'OrdersBroker',
        index: 2,
        kind: 'identity',
        location: { file: fixture('deployer-least-privilege.json'), line: 17, column: 5 },
      }),
    ]);
    expect(v.detail).toBe(
      `allowed by statement 2 "OrdersBroker" of ${fixture('deployer-least-privilege.json')}:17:5`,
    );
  });

  it('says when nothing allows an action', async () => {
    const v = await verdict(leastPrivilege, 'mq:DeleteBroker');
    expect(v).toMatchObject({
      allowed: false,
      reason: 'no-allow',
      statements: [],
      detail: 'no statement allows it',
    });
  });

  it('names the explicit deny that decides', async () => {
    const v = await verdict({ identity: [load('deny-delete-user.json')] }, 'mq:DeleteUser');
    expect(v).toMatchObject({ allowed: false, reason: 'explicit-deny' });
    expect(v.statements.map((s) => s.sid)).toEqual(['NobodyDeletesUsers']);
    expect(v.detail).toMatch(
      /^explicitly denied by statement 2 "NobodyDeletesUsers" of .*deny-delete-user\.json:10:5$/,
    );
  });

  it('says which condition the request does not meet', async () => {
    const set = { identity: [load('region-locked.json')] };
    expect((await verdict(set, 'mq:DescribeBroker')).allowed).toBe(true);
    const elsewhere = targetFrom({ account: '111122223333', region: 'us-east-1', brokerName: 'orders' });
    const v = await verdict(set, 'mq:DescribeBroker', elsewhere);
    expect(v).toMatchObject({ allowed: false, reason: 'condition-not-met' });
    expect(v.statements[0]?.unmetConditions).toEqual(['StringEquals aws:RequestedRegion eu-west-1']);
  });

  it('keeps ec2:AuthorizedService only where the service reference lets the request carry it', async () => {
    const set = { identity: [load('describe-permissions-under-condition.json')] };
    const create = await verdict(set, 'ec2:CreateNetworkInterfacePermission');
    expect(create).toMatchObject({ allowed: true, ignoredContextKeys: [] });
    const describe = await verdict(set, 'ec2:DescribeNetworkInterfacePermissions');
    expect(describe).toMatchObject({ allowed: false, reason: 'condition-not-met' });
    expect(describe.ignoredContextKeys).toEqual(['ec2:AuthorizedService']);
    expect(describe.statements[0]?.missingKeys).toEqual(['ec2:AuthorizedService']);
    expect(describe.detail).toMatch(/the request carries no ec2:AuthorizedService/);
    const [request] = await requestsFor('ec2:DescribeNetworkInterfacePermissions', TARGET);
    expect(await requestCarries(request!, 'ec2:AuthorizedService')).toBe(false);
  });

  it('sees that a broker ARN never grants an action without resource-level permissions', async () => {
    const set = { identity: [load('create-broker-scoped-to-arn.json')] };
    const v = await verdict(set, 'mq:CreateBroker');
    expect(v).toMatchObject({ allowed: false, reason: 'resource-not-matched' });
    expect(v.detail).toMatch(/supports no resource-level permission: only "\*" grants it/);
    expect(v.scopedWildcardOnly.map((s) => s.sid)).toEqual(['OnlyTheOrdersBroker']);
    // the same statement does grant an action that has resource-level permissions
    expect((await verdict(set, 'mq:DescribeBroker')).allowed).toBe(true);
  });

  it('evaluates NotAction', async () => {
    const set = { identity: [load('not-action-everything-but-delete.json')] };
    expect((await verdict(set, 'mq:UpdateBroker')).allowed).toBe(true);
    expect(await verdict(set, 'mq:DeleteBroker')).toMatchObject({ allowed: false, reason: 'no-allow' });
  });

  it('evaluates NotResource', async () => {
    const set = { identity: [load('not-resource-except-production.json')] };
    expect((await verdict(set, 'mq:ListUsers')).allowed).toBe(true);
    const production = targetFrom({
      account: '111122223333',
      region: 'eu-west-1',
      brokerName: 'orders-prod',
    });
    const v = await verdict(set, 'mq:ListUsers', production);
    expect(v).toMatchObject({ allowed: false, reason: 'resource-not-matched' });
    expect(v.statements[0]?.unmatchedResources).toEqual([
      'NotResource arn:aws:mq:eu-west-1:111122223333:broker:orders-prod:* excludes it',
    ]);
  });

  it('lets a permission boundary cap what the identity policies allow', async () => {
    const set = { identity: [load('mq-star.json')], boundary: load('boundary-read-only.json') };
    const update = await verdict(set, 'mq:UpdateBroker');
    expect(update).toMatchObject({ allowed: false, reason: 'boundary-no-allow' });
    expect(update.detail).toMatch(
      /the identity policies allow it, but the permission boundary .*boundary-read-only\.json does not/,
    );
    const describe = await verdict(set, 'mq:DescribeBroker');
    expect(describe.allowed).toBe(true);
    expect(describe.statements.map((s) => [s.kind, s.sid])).toEqual([
      ['identity', 'AllOfAmazonMq'],
      ['boundary', 'ReadAmazonMq'],
    ]);
  });

  it('names an explicit deny in the permission boundary', async () => {
    const set = { identity: [load('mq-star.json')], boundary: load('boundary-deny-reboot.json') };
    const v = await verdict(set, 'mq:RebootBroker');
    expect(v).toMatchObject({ allowed: false, reason: 'explicit-deny' });
    expect(v.statements).toEqual([expect.objectContaining({ kind: 'boundary', sid: 'NoReboots' })]);
    expect(v.detail).toMatch(/explicitly denied by statement 2 "NoReboots" of permission boundary /);
  });
});

describe('validation by the simulator', () => {
  it('reports an invalid element with its JSON path and position', async () => {
    const file = fixture('invalid-effect.json');
    const error = await validatePolicySet({ identity: [load('invalid-effect.json')] }, TARGET).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(PolicyErrors);
    const [first] = (error as PolicyErrors).errors;
    expect(first?.message).toMatch(
      /^policy .*invalid-effect\.json: Statement\[1\]\.Effect: Effect must be present/,
    );
    expect(first?.location).toEqual({ file, line: 5, column: 17 });
  });

  it('reports a problem in the permission boundary as such', async () => {
    const set = { identity: [load('mq-star.json')], boundary: load('invalid-effect.json') };
    const error = (await validatePolicySet(set, TARGET).catch((e) => e)) as PolicyErrors;
    expect(error.errors[0]?.message).toMatch(
      /^permission boundary .*invalid-effect\.json: Statement\[1\]\.Effect/,
    );
  });

  it('accepts valid documents', async () => {
    await expect(validatePolicySet({ identity: [load('mq-star.json')] }, TARGET)).resolves.toBeUndefined();
  });
});
