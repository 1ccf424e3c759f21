export * from './wildcard';
export * from './acl';
export * from './advisory';
export * from './authorization-model';
