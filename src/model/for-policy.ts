import type { Policy } from '../core/types';
import { AuthorizationModel } from './authorization-model';

export function modelFor(policy: Policy): AuthorizationModel {
  return new AuthorizationModel({
    map: policy.authorization,
    users: policy.users.map((u) => ({ username: u.username, groups: u.groups })),
    engine: policy.engine,
    anonymousAccessAllowed: policy.anonymousAccessAllowed,
    anonymousGroup: policy.anonymousGroup,
  });
}
