import { UsageError } from '../../../src/core/errors';
import { contextFor, partitionOf, requestsFor, targetFrom } from '../../../src/iam/resources';
import { BROKER, TARGET } from './support';

describe('requests of an action', () => {
  it('asks for "*" where the action supports no resource-level permission', async () => {
    expect(await requestsFor('mq:CreateBroker', TARGET)).toEqual([
      expect.objectContaining({ action: 'mq:CreateBroker', resource: '*' }),
    ]);
    expect((await requestsFor('ec2:DescribeSubnets', TARGET))[0]?.resource).toBe('*');
  });

  it('names the broker and configuration ARNs of the service reference', async () => {
    expect(await requestsFor('mq:DescribeBroker', TARGET)).toEqual([
      expect.objectContaining({ resource: BROKER, resourceType: 'brokers' }),
    ]);
    expect(await requestsFor('mq:UpdateConfiguration', TARGET)).toEqual([
      expect.objectContaining({
        resource: 'arn:aws:mq:eu-west-1:111122223333:configuration:c-00000000-0000-0000-0000-000000000000',
        resourceType: 'configurations',
      }),
    ]);
  });

  it('asks for each optional resource type when none is required (tags on broker and configuration)', async () => {
    const tags = await requestsFor('mq:CreateTags', TARGET);
    expect(tags.map((r) => r.resourceType)).toEqual(['brokers', 'configurations']);
  });

  it('asks for every required resource type of an EC2 action, with real ID prefixes', async () => {
    const requests = await requestsFor('ec2:CreateNetworkInterface', TARGET);
    expect(requests.map((r) => r.resource)).toEqual([
      'arn:aws:ec2:eu-west-1:111122223333:network-interface/eni-00000000000000000',
      'arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-00000000000000000',
    ]);
  });

  it('sends ec2:AuthorizedService = mq.amazonaws.com with the network-interface permissions only', () => {
    expect(contextFor('ec2:CreateNetworkInterfacePermission', TARGET)).toMatchObject({
      'ec2:AuthorizedService': 'mq.amazonaws.com',
      'ec2:Region': 'eu-west-1',
    });
    expect(contextFor('mq:DescribeBroker', TARGET)).toEqual({
      'aws:RequestedRegion': 'eu-west-1',
      'aws:SecureTransport': 'true',
    });
  });

  it('writes China and GovCloud ARNs in their partitions', async () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    const china = targetFrom({ region: 'cn-north-1', account: '111122223333', brokerName: 'orders' });
    expect((await requestsFor('mq:DescribeBroker', china))[0]?.resource).toMatch(
      /^arn:aws-cn:mq:cn-north-1:/,
    );
  });
});

describe('target', () => {
  it('stands in for values not given, and says which', () => {
    const target = targetFrom({});
    expect(target.assumed).toEqual(['region', 'account', 'brokerName', 'brokerId', 'configurationId']);
    expect(targetFrom({ account: '111122223333', region: 'eu-west-1' }).assumed).not.toContain('account');
  });

  it.each([
    [{ account: '1111' }, /--account "1111" is not valid/],
    [{ region: 'Ireland' }, /--region "Ireland" is not valid/],
    [{ brokerName: 'orders:prod' }, /--broker-name "orders:prod" is not valid/],
    [{ brokerId: 'b-*' }, /--broker-id "b-\*" is not valid/],
  ])('refuses %j', (options, message) => {
    expect(() => targetFrom(options)).toThrow(UsageError);
    expect(() => targetFrom(options)).toThrow(message);
  });
});
