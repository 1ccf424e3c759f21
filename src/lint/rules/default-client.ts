/** Users whose JMS applications cannot connect with a default ActiveMQConnectionFactory. */
import { finding } from '../finding';
import type { LintRule } from './context';

export const defaultClientCannotConnect: LintRule = ({ policy, model, file }) => {
  if (!policy.authorization) return [];
  return policy.users.flatMap((user) => {
    const asDefault = model.explain(user.username, undefined, 'connect', { protocol: 'openwire' });
    if (asDefault.allowed || asDefault.permission !== 'read') return [];
    return [
      finding('DEFAULT_CLIENT_CANNOT_CONNECT', {
        message: `${user.username} (groups ${user.groups.join(', ') || '(none)'}) has no read on ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic, so its default JMS connections are refused`,
        location: user.location ?? { file, line: 1, column: 1 },
        fix: `grant read on topic="ActiveMQ.Advisory.>" (or on ActiveMQ.Advisory.TempQueue and ActiveMQ.Advisory.TempTopic) to a group of ${user.username}, or set watchTopicAdvisories=false in its connection factory`,
      }),
    ];
  });
};
