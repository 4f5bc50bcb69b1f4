import { errorsOf, outcomeDetail, StackPolicyReport } from './evaluate';
import { PolicyRule, Severity } from './rule';
import { ALL_RULES } from './rules';

/** The text `npm run policy -- <env>` prints for one stack. */
export function formatReport(report: StackPolicyReport): string {
  const lines: string[] = [];
  const errors = errorsOf(report).length;
  const warnings = report.failures.length - errors;
  lines.push(`Stack ${report.stack} (${report.production ? 'production: strict' : 'non-production'})`);
  lines.push(
    `  checks: ${report.checks}   passed: ${report.passed.length}   failed: ${report.failures.length} (${errors} errors, ${warnings} warnings)   ` +
      `suppressed: ${report.suppressed.length}   unknown: ${report.unknown.length}   not applicable: ${report.notApplicable}   (${report.milliseconds.toFixed(0)} ms)`,
  );
  if (report.failures.length) {
    lines.push('  Failures:');
    for (const f of report.failures) {
      lines.push(`    ${f.severity === Severity.ERROR ? 'ERROR' : 'WARN '} ${f.rule.id.padEnd(17)} ${f.resource.construct.node.path}: ${outcomeDetail(f.outcome)}`);
      if (f.downgradedBecause) lines.push(`          downgraded: ${f.downgradedBecause}`);
      lines.push(`          fix: ${f.rule.fix}`);
    }
  }
  if (report.suppressed.length) {
    lines.push('  Suppressions:');
    for (const f of report.suppressed) {
      lines.push(`    ${f.rule.id.padEnd(17)} ${f.resource.construct.node.path}`);
      lines.push(`          reason: ${f.suppression?.reason} (on ${f.suppression?.path})`);
    }
  }
  if (report.unknown.length) {
    lines.push('  Not checkable at synth time:');
    for (const f of report.unknown) lines.push(`    ${f.rule.id.padEnd(17)} ${f.resource.construct.node.path}: ${outcomeDetail(f.outcome)}`);
  }
  if (report.unusedSuppressions.length) {
    lines.push('  Suppressions that silence nothing (remove them):');
    for (const s of report.unusedSuppressions) lines.push(`    ${s.ruleId.padEnd(17)} ${s.path}: ${s.reason}`);
  }
  const perRule = new Map<string, { passed: number; failed: number; suppressed: number }>();
  const bump = (id: string, key: 'passed' | 'failed' | 'suppressed') => {
    const entry = perRule.get(id) ?? { passed: 0, failed: 0, suppressed: 0 };
    entry[key]++;
    perRule.set(id, entry);
  };
  report.passed.forEach((f) => bump(f.rule.id, 'passed'));
  report.failures.forEach((f) => bump(f.rule.id, 'failed'));
  report.suppressed.forEach((f) => bump(f.rule.id, 'suppressed'));
  lines.push('  Per rule (passed / failed / suppressed):');
  for (const [id, c] of [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`    ${id.padEnd(17)} ${String(c.passed).padStart(4)} / ${String(c.failed).padStart(3)} / ${String(c.suppressed).padStart(3)}`);
  }
  return lines.join('\n');
}

/** The Markdown rule table of docs/guardrails.md (`npm run policy -- --rules`). */
export function formatRuleTable(rules: readonly PolicyRule[] = ALL_RULES): string {
  const rows = rules.map(
    (r) =>
      `| \`${r.id}\` | ${r.title} | ${r.resourceSummary ?? r.resourceTypes.map((t) => `\`${t}\``).join(', ')} | ${r.productionOnly ? 'prod only' : 'all'} | ${r.severity === Severity.WARNING ? 'warning' : 'error'} | ${r.deviation ?? ''} |`,
  );
  return ['| Rule | What must be true | Resources | Where | Severity | Departure from checkov / cdk-nag |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
