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
