import * as fs from 'fs';
import * as path from 'path';
import { ADDABLE_CAPABILITIES, ALL_RULES, formatRuleTable, MIN_PRODUCTION_RETENTION_DAYS, MIN_REASON_LENGTH, RULE_IDS } from '../../../lib/policy';
import { PGBOUNCER_IMAGE } from '../../../constructs/read-pooler';
import { DEFAULT_CPU_LIMIT_FACTOR } from '../../../constructs/service-workload/service-workload';
import { POLICY_RULES_BUDGET_MS } from '../../support/policy-budget';
import { STATEFUL_TYPES } from '../../support/stateful';

/** Rule-like ids the doc names that are deliberately not rules of this policy, and what the doc says about each. */
const NOT_RULES: Readonly<Record<string, RegExp>> = {
  CKV_K8S_6: /Terraform\s+folder has only the PodSecurityPolicy variants `CKV_K8S_6` and `CKV_K8S_32`/,
  CKV_K8S_32: /PodSecurityPolicy variants `CKV_K8S_6` and `CKV_K8S_32`/,
  CKV_K8S_11: /`CKV_K8S_11` \(CPU limits\) is deliberately absent/,
  CKV_AWS_53: /\(checkov CKV_AWS_53 to 56\)/,
};
const RULE_ID = /\b(?:CKV2?_(?:AWS|K8S)_\d+|MRPS_[A-Z0-9]+_\d+|AwsSolutions-[A-Z0-9]+)\b/g;
const section = (text: string, heading: string) => {
  const start = text.indexOf(`\n## ${heading}\n`);
  const next = text.indexOf('\n## ', start + 1);
  return start < 0 ? '' : text.slice(start, next < 0 ? undefined : next);
};

describe('docs/guardrails.md', () => {
  const text = fs.readFileSync(path.join(__dirname, '../../../docs/guardrails.md'), 'utf8');

  test('holds the current rule table (regenerate with npm run policy -- --rules)', () => {
    expect(text).toContain(formatRuleTable());
  });

  test('lists every rule with its title', () => {
    const missing = ALL_RULES.filter((r) => !text.includes(`| \`${r.id}\` | ${r.title} |`)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  test('rule ids are unique', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('every rule id the doc names anywhere (prose included) is a rule of the policy, or is stated as deliberately not one', () => {
    const named = [...new Set([...text.matchAll(RULE_ID)].map((m) => m[0]))];
    expect(named.filter((id) => !RULE_IDS.includes(id) && NOT_RULES[id] === undefined)).toEqual([]);
    for (const [id, statement] of Object.entries(NOT_RULES)) {
      expect(RULE_IDS).not.toContain(id);
      expect(text).toMatch(statement);
    }
  });

  test('the severities the prose states are the code\'s: every rule is an error but the warnings it names', () => {
    const warnings = ALL_RULES.filter((r) => (r.severity ?? 'error') === 'warning').map((r) => r.id);
    expect(warnings).toEqual(['CKV_K8S_43']);
    expect(text).toContain(`Every rule is an error but one: \`${warnings[0]}\``);
  });

  test('the prod-only rules the prose lists are exactly the production-only rules', () => {
    const sentence = /Rules marked \*prod only\* \(([^)]*)\) are checked only where/.exec(text.replace(/\s+/g, ' '));
    expect(sentence).not.toBeNull();
    const listed = [...sentence![1].matchAll(RULE_ID)].map((m) => m[0]).sort();
    expect(listed).toEqual(ALL_RULES.filter((r) => r.productionOnly).map((r) => r.id).sort());
  });

  test('the defaults the doc states are the constants\' values', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`the reason at least ${MIN_REASON_LENGTH} characters`);
    expect(flat).toContain(`log retention of at least ${MIN_PRODUCTION_RETENTION_DAYS} days`);
    expect(flat).toContain(`a test bounds all stacks together at ${POLICY_RULES_BUDGET_MS} ms`);
    expect(flat).toContain(`sets a limit of ${DEFAULT_CPU_LIMIT_FACTOR} times the request`);
    expect(flat).toContain(`the read pooler's \`${PGBOUNCER_IMAGE}\``);
    expect(flat).toContain(`nothing added back but ${ADDABLE_CAPABILITIES.map((c) => `\`${c}\``).join(', ')}`);
  });

  test('the "Nothing lost" section names every stateful type the guard checks', () => {
    const nothingLost = section(text, 'Nothing lost');
    expect(STATEFUL_TYPES.map((t) => t.type).filter((type) => !nothingLost.includes(`\`${type}\``))).toEqual([]);
  });
});
