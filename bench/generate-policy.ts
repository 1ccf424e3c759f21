interface SyntheticEntry {
  read: string[];
  write: string[];
  admin: string[];
}

/**
 * The shape both synthetic maps share: an admin user, the given users, `>` on queues and topics for the
 * admins, one `APP.d<n>.>` entry per destination (even ones queues, odd ones topics), and the advisory
 * entry engines before 5.19.8 need, granted to the admins and `groups`.
 */
function mapYaml(
  users: Array<{ username: string; groups: string[] }>,
  entries: SyntheticEntry[],
  groups: string[],
): string {
  const lines = ['engine: amazon-mq/5.18', 'users:', '  - username: bench-admin', '    groups: [admins]'];
  for (const u of users) lines.push(`  - username: ${u.username}`, `    groups: [${u.groups.join(', ')}]`);
  lines.push('authorization:', '  entries:');
  const entry = (target: string, e: SyntheticEntry) =>
    lines.push(
      `    - ${target}`,
      `      read: [${e.read.join(', ')}]`,
      `      write: [${e.write.join(', ')}]`,
      `      admin: [${e.admin.join(', ')}]`,
    );
  const admins = ['admins'];
  for (const type of ['queue', 'topic'])
    entry(`${type}: '>'`, { read: admins, write: admins, admin: admins });
  entries.forEach((e, d) => entry(`${d % 2 === 0 ? 'queue' : 'topic'}: 'APP.d${d}.>'`, e));
  const all = ['admins', ...groups];
  entry(`topic: 'ActiveMQ.Advisory.>'`, { read: all, write: all, admin: all });
  return `${lines.join('\n')}\n`;
}

/**
 * Synthetic policies for benchmarks: `users` users, each in one of `users` groups, and `destinations`
 * entries (half queues, half topics), each granting read to one group, write to another and admin to
 * the admins, plus an admin user and the advisory entry engines before 5.19.8 need.
 */
export function syntheticPolicyYaml(users: number, destinations: number): string {
  const group = (i: number) => `group-${i % users}`;
  return mapYaml(
    Array.from({ length: users }, (_, u) => ({ username: `user-${u}`, groups: [group(u)] })),
    Array.from({ length: destinations }, (_, d) => ({
      read: [group(d)],
      write: [group(d + 1)],
      admin: ['admins'],
    })),
    Array.from({ length: users }, (_, u) => group(u)),
  );
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
  return mapYaml(
    // the admin counts towards Amazon MQ's 250
    Array.from({ length: users - 1 }, (_, u) => ({
      username: `team${u % teams}-user${u}`,
      groups: [group(u % teams), group((u % teams) * 7 + 3)],
    })),
    Array.from({ length: entries }, (_, d) => ({
      read: [group(d), group(d + 5)],
      write: [group(d + 1)],
      admin: ['admins', group(d + 1)],
    })),
    Array.from({ length: groups }, (_, g) => group(g)),
  );
}
