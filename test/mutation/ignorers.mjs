// Stryker ignorer plugins for `npm run mutate`: prose that no behaviour depends on is not
// mutated. Each ignored mutant is reported as "Ignored" with the reason below and counts
// neither for nor against the score; the README's "Mutation testing" section lists them.
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Documentation fields of a policy rule (lib/policy/rule.ts `PolicyRule`). */
const RULE_PROSE = new Set(['title', 'fix', 'deviation', 'resourceSummary']);

const keyName = (property) => (property.key.type === 'Identifier' ? property.key.name : property.key.type === 'StringLiteral' ? property.key.value : undefined);

/**
 * A policy rule's title, fix, deviation and resource summary: what the report and
 * docs/guardrails.md print. docs.test.ts compares the rule table (titles, deviations,
 * resource summaries) with docs/guardrails.md verbatim; the texts decide no outcome.
 */
class PolicyRuleProse {
  shouldIgnore(path) {
    if (!path.isObjectProperty() || !RULE_PROSE.has(keyName(path.node))) return undefined;
    const keys = path.parentPath.node.properties.map((p) => (p.type === 'ObjectProperty' || p.type === 'ObjectMethod' ? keyName(p) : undefined));
    if (!keys.includes('id') || !keys.includes('check')) return undefined;
    return `Policy rule prose (${keyName(path.node)}): printed, decides no outcome; docs.test.ts keeps the rule table in docs/guardrails.md`;
  }
}

/**
 * Comment lines of the generated nginx.conf (lib/nginx/render.ts `out.comment(...)`):
 * nginx ignores them, so a mutant there cannot change what nginx does.
 */
class NginxConfComments {
  shouldIgnore(path) {
    if (!path.isCallExpression()) return undefined;
    const callee = path.node.callee;
    if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== 'out' || callee.property.type !== 'Identifier') return undefined;
    const [first] = path.node.arguments;
    const isComment =
      callee.property.name === 'comment' ||
      (callee.property.name === 'line' && ((first?.type === 'StringLiteral' && first.value.startsWith('#')) || (first?.type === 'TemplateLiteral' && first.quasis[0].value.cooked.startsWith('#'))));
    return isComment ? 'nginx.conf comment: nginx ignores it' : undefined;
  }
}

export const strykerPlugins = [
  declareClassPlugin(PluginKind.Ignore, 'PolicyRuleProse', PolicyRuleProse),
  declareClassPlugin(PluginKind.Ignore, 'NginxConfComments', NginxConfComments),
];
