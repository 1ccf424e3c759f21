import type { Policy } from '../core/types';
import { AuthorizationModel } from './authorization-model';

/** The model of a policy; `brokerVersion`: the release a run starts, whose version rules then apply. */
export function modelFor(policy: Policy, brokerVersion?: string): AuthorizationModel {
  return new AuthorizationModel({
    ...(brokerVersion ? { brokerVersion } : {}),
    map: policy.authorization,
    users: policy.users.map((u) => ({ username: u.username, groups: u.groups })),
    engine: policy.engine,
    anonymousAccessAllowed: policy.anonymousAccessAllowed,
    anonymousGroup: policy.anonymousGroup,
  });
}
