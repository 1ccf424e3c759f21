/** Sanitizer results -> findings: what Amazon MQ would remove from, or refuse in, a broker XML. */
import { sanitizeForAmazonMq, type SanitizeError, type SanitizeWarning } from '../amazon-mq/sanitize';
import type { Engine } from '../core/types';
import { finding, type Finding } from './finding';

function fixFor(issue: SanitizeWarning | SanitizeError): string {
  switch (issue.code) {
    case 'DISALLOWED_ELEMENT_REMOVED':
      return /AuthenticationPlugin$/.test(issue.element)
        ? 'remove the authentication plugin and create the users through the Amazon MQ API (see generateForAmazonMq users JSON)'
        : `remove <${issue.element.split('/').pop() ?? ''}> or move it where Amazon MQ's schema allows it`;
    case 'DISALLOWED_ATTRIBUTE_REMOVED':
      return `remove ${issue.attribute ?? 'the attribute'}; Amazon MQ does not let a configuration set it here`;
    case 'INVALID_ATTRIBUTE_VALUE_REMOVED':
      return `write a value of the type the schema expects for ${issue.attribute ?? 'the attribute'}`;
    case 'PLACEHOLDER_VALUE_REMOVED':
      return `write the value of ${issue.attribute ?? 'the attribute'} itself instead of a \${...} placeholder`;
    case 'BROKER_NOT_ROOT':
      return 'upload only the <broker xmlns="http://activemq.apache.org/schema/core"> element as the configuration';
    case 'TRANSPORT_CONNECTOR_REJECTED':
      return 'remove the transportConnectors (Amazon MQ provides every protocol) or keep only name="openwire"';
    case 'NOT_A_BROKER_CONFIGURATION':
      return 'give a <broker> configuration';
  }
}

/** Findings for a broker XML bound for Amazon MQ; none for other engines. */
export function amazonMqFindings(xmlText: string, engine: Engine, file: string): Finding[] {
  if (engine.flavour !== 'amazon-mq') return [];
  const result = sanitizeForAmazonMq(xmlText, engine.version, file);
  const findings = [...result.errors, ...result.warnings].map((issue) =>
    finding(issue.code, { message: issue.message, location: issue.location, fix: fixFor(issue) }),
  );
  if (!result.exactSchema) {
    findings.push(
      finding('AMAZON_MQ_SCHEMA_APPROXIMATE', {
        message: `no Amazon MQ schema for ${engine.id} is bundled; checked against ${result.schemaVersion}`,
        location: { file, line: 1, column: 1 },
        fix: 'add the XSD of this engine line and run scripts/extract-amazon-mq-allowlist.ts',
      }),
    );
  }
  return findings;
}
