import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { CheckOutcome, PolicyRule, Severity } from './rule';
import { ALL_RULES } from './rules';
import { ResourceView, StackView } from './stack-view';
import { findSuppression, Suppression, suppressionsOn } from './suppression';

export interface PolicyOptions {
  /** Production environments also get the production-only rules and allow no downgrades. */
  readonly production: boolean;
  /**
   * Rules reported as warnings instead of errors in this environment, each with the reason
   * (EnvironmentConfig.policyWarnings). Rejected for production by the config validation.
   * @default {}
   */
  readonly warnings?: Readonly<Record<string, string>>;
  /** @default ALL_RULES */
  readonly rules?: readonly PolicyRule[];
}

/** One rule applied to one resource. */
export interface Finding {
  readonly rule: PolicyRule;
  readonly resource: ResourceView;
  readonly outcome: CheckOutcome;
  /** For failures: how it is reported. */
  readonly severity: Severity;
  /** Why the rule was downgraded to a warning, when it was. */
  readonly downgradedBecause?: string;
  readonly suppression?: Suppression;
}

export interface StackPolicyReport {
  readonly stack: string;
  readonly production: boolean;
  /** Rule-resource pairs evaluated (not-applicable ones excluded). */
  readonly checks: number;
  readonly passed: readonly Finding[];
  /** Unsuppressed failures, errors and warnings. */
  readonly failures: readonly Finding[];
  readonly suppressed: readonly Finding[];
  /** Values only known at apply time. */
  readonly unknown: readonly Finding[];
  readonly notApplicable: number;
  /** Suppressions in the stack that silenced nothing: stale, or on the wrong construct. */
  readonly unusedSuppressions: readonly Suppression[];
  /** Time the rules took, not counting the resolution of the stack. */
  readonly milliseconds: number;
}

export function errorsOf(report: StackPolicyReport): Finding[] {
  return report.failures.filter((f) => f.severity === Severity.ERROR);
}

/**
 * Applies every rule to every resource of `stack` and sorts the outcomes. Pure: adds no
 * annotations. Pass `view` to evaluate a document already at hand (Policy.apply passes the
 * written `cdk.tf.json`); without it, the stack is resolved once (StackView).
 */
export function evaluateStack(stack: TerraformStack, options: PolicyOptions, view: StackView = new StackView(stack)): StackPolicyReport {
  const started = performance.now();
  const rules = options.rules ?? ALL_RULES;
  const warnings = options.warnings ?? {};
  const passed: Finding[] = [];
  const failures: Finding[] = [];
  const suppressed: Finding[] = [];
  const unknown: Finding[] = [];
  const used = new Set<string>();
  let notApplicable = 0;

  for (const rule of rules) {
    for (const resource of view.ofType(...rule.resourceTypes)) {
      if (rule.productionOnly && !options.production) {
        notApplicable++;
        continue;
      }
      const outcome = rule.check(resource, view);
      const downgradedBecause = warnings[rule.id];
      const severity = downgradedBecause ? Severity.WARNING : (rule.severity ?? Severity.ERROR);
      const finding: Finding = { rule, resource, outcome, severity, downgradedBecause };
      if (outcome.status === 'pass') passed.push(finding);
      else if (outcome.status === 'not-applicable') notApplicable++;
      else {
        const suppression = findSuppression(resource.construct, rule.id);
        if (suppression) {
          used.add(`${suppression.path}|${suppression.ruleId}`);
          suppressed.push({ ...finding, suppression });
        } else if (outcome.status === 'unknown') unknown.push(finding);
        else failures.push(finding);
      }
    }
  }
  const unusedSuppressions = stack.node
    .findAll()
    .flatMap((c: IConstruct) => suppressionsOn(c))
    .filter((s) => !used.has(`${s.path}|${s.ruleId}`));
  return {
    stack: stack.node.id,
    production: options.production,
    checks: passed.length + failures.length + suppressed.length + unknown.length,
    passed,
    failures,
    suppressed,
    unknown,
    notApplicable,
    unusedSuppressions,
    milliseconds: performance.now() - started,
  };
}

/** What a failed or unknown outcome says about the resource; empty for the other outcomes. */
export function outcomeDetail(outcome: CheckOutcome): string {
  return 'detail' in outcome ? outcome.detail : '';
}

/** `[CKV_AWS_16] <title>: <detail>. Fix: ... Or: Policy.suppress(...)`, the annotation text. */
export function describeFinding(finding: Finding): string {
  const { rule, outcome, resource } = finding;
  const detail = outcomeDetail(outcome);
  const downgrade = finding.downgradedBecause ? ` (a warning in this environment: ${finding.downgradedBecause})` : '';
  return (
    `[${rule.id}] ${rule.title}: ${resource.address} ${detail}${downgrade}. ` +
    `Fix: ${rule.fix}. Or, if it does not apply here: Policy.suppress(<construct>, '${rule.id}', '<reason>').`
  );
}
