/** Shared by the iam tests: the fixtures and the account, region and broker they are written for. */
import { join } from 'node:path';
import { loadIamPolicy, type PolicyDoc } from '../../../src/iam/load-iam-policy';
import { reviewIamPolicies, type IamReview, type IamReviewOptions } from '../../../src/iam/review';
import { targetFrom } from '../../../src/iam/resources';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'iam');
export const fixture = (name: string) => join(FIXTURES, name);
export const load = (name: string): PolicyDoc => loadIamPolicy(fixture(name));

export const TARGET_OPTIONS = { account: '111122223333', region: 'eu-west-1', brokerName: 'orders' } as const;
export const TARGET = targetFrom(TARGET_OPTIONS);
export const BROKER =
  'arn:aws:mq:eu-west-1:111122223333:broker:orders:b-00000000-0000-0000-0000-000000000000';

export function review(names: string[], options: Partial<IamReviewOptions> = {}): Promise<IamReview> {
  return reviewIamPolicies({
    policyFiles: names.map(fixture),
    ...TARGET_OPTIONS,
    compareManaged: false,
    ...options,
  });
}

export const codesOf = (r: IamReview) => [...new Set(r.findings.map((f) => f.code))].sort();
export const completes = (r: IamReview) => Object.fromEntries(r.outcomes.map((o) => [o.task, o.canComplete]));
