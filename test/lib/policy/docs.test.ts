import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES, formatRuleTable } from '../../../lib/policy';

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
});
