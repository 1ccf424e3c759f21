/**
 * Synthetic policies for benchmarks: `users` users, each in one of `users` groups, and `destinations`
 * entries (half queues, half topics), each granting read to one group, write to another and admin to
 * the admins, plus an admin user and the advisory entry engines before 5.19.8 need.
 */
export function syntheticPolicyYaml(users: number, destinations: number): string {
  const lines = ['engine: amazon-mq/5.18', 'users:', '  - username: bench-admin', '    groups: [admins]'];
  for (let u = 0; u < users; u += 1) lines.push(`  - username: user-${u}`, `    groups: [group-${u}]`);
  lines.push('authorization:', '  entries:');
  const all = ['admins', ...Array.from({ length: users }, (_, u) => `group-${u}`)].join(', ');
  for (const type of ['queue', 'topic']) {
    lines.push(
      `    - ${type}: '>'`,
      '      read: [admins]',
      '      write: [admins]',
      '      admin: [admins]',
    );
  }
  for (let d = 0; d < destinations; d += 1) {
    const type = d % 2 === 0 ? 'queue' : 'topic';
    lines.push(
      `    - ${type}: 'APP.d${d}.>'`,
      `      read: [group-${d % users}]`,
      `      write: [group-${(d + 1) % users}]`,
      '      admin: [admins]',
    );
  }
  lines.push(
    `    - topic: 'ActiveMQ.Advisory.>'`,
    `      read: [${all}]`,
    `      write: [${all}]`,
    `      admin: [${all}]`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * A map shaped like a large Amazon MQ broker's: `users` users (Amazon MQ allows 250) in
 * `groups` groups, where the users of one application share their groups (here `teams` applications,
 * each user in two groups: its team's and a shared role), `entries` entries over queues and topics, an
 * admin user, and the advisory entry engines before 5.19.8 need. Users of one team hold equal group sets,
 * as replicas and environments of one service do; that is what equivalence classes take advantage of.
 */
export function amazonMqScalePolicyYaml(
  users = 250,
  entries = 50,
  { groups = 20, teams = 25 }: { groups?: number; teams?: number } = {},
): string {
  const group = (i: number) => `group-${i % groups}`;
  const lines = ['engine: amazon-mq/5.18', 'users:', '  - username: bench-admin', '    groups: [admins]'];
  // the admin counts towards Amazon MQ's 250
  for (let u = 0; u < users - 1; u += 1) {
    const team = u % teams;
    lines.push(`  - username: team${team}-user${u}`, `    groups: [${group(team)}, ${group(team * 7 + 3)}]`);
  }
  lines.push('authorization:', '  entries:');
  for (const type of ['queue', 'topic']) {
    lines.push(
      `    - ${type}: '>'`,
      '      read: [admins]',
      '      write: [admins]',
      '      admin: [admins]',
    );
  }
  for (let d = 0; d < entries; d += 1) {
    const type = d % 2 === 0 ? 'queue' : 'topic';
    lines.push(
      `    - ${type}: 'APP.d${d}.>'`,
      `      read: [${group(d)}, ${group(d + 5)}]`,
      `      write: [${group(d + 1)}]`,
      `      admin: [admins, ${group(d + 1)}]`,
    );
  }
  const all = ['admins', ...Array.from({ length: groups }, (_, g) => `group-${g}`)].join(', ');
  lines.push(
    `    - topic: 'ActiveMQ.Advisory.>'`,
    `      read: [${all}]`,
    `      write: [${all}]`,
    `      admin: [${all}]`,
  );
  return `${lines.join('\n')}\n`;
}
