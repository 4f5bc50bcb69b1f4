import { Annotations, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { describeFinding, evaluateStack, PolicyOptions, StackPolicyReport } from './evaluate';
import { Severity } from './rule';
import { StackView } from './stack-view';
import { suppress } from './suppression';

/**
 * The guardrails of one stack, run as a stack validation: `app.synth()` (and
 * `Testing.synth(stack, true)`) run validations after every aspect, so the rules see the
 * stack exactly as it will be written, whatever tagging or other aspects changed. The
 * validation defers the evaluation to the last construct of the tree, so it also runs after
 * the validations cdktf calls before that one. Each unsuppressed failure becomes an
 * annotation on the resource's construct: errors fail `cdktf synth` / `app.synth()`,
 * warnings are printed.
 *
 * Apps created with `skipValidation`, and `Testing.synth(stack)` without validations, skip
 * the guardrails; `Policy.evaluate(stack)` evaluates on demand.
 */
export class PolicyCheck {
  /** The evaluation, once the stack has been synthesized. */
  public report?: StackPolicyReport;
  /** The document the evaluation resolved, until GuardedStack hands it to the writer. */
  private evaluated?: { readonly document: Record<string, unknown>; readonly constructs: number };

  constructor(
    private readonly stack: TerraformStack,
    public readonly options: PolicyOptions,
  ) {
    stack.node.addValidation({
      validate: () => {
        const all = stack.node.findAll();
        const last = all[all.length - 1];
        // constructs runs each node's validations in the order they were added, so this one
        // runs after the other validations of the last node, which cdktf validates last.
        if (last === stack) this.evaluate();
        else last.node.addValidation({ validate: () => (this.evaluate(), []) });
        return [];
      },
    });
  }

  private evaluate(): void {
    if (this.report) return;
    const view = new StackView(this.stack);
    this.evaluated = { document: view.document, constructs: this.stack.node.findAll().length };
    this.report = evaluateStack(this.stack, this.options, view);
    for (const finding of this.report.failures) {
      const annotations = Annotations.of(finding.resource.construct);
      if (finding.severity === Severity.ERROR) annotations.addError(describeFinding(finding));
      else annotations.addWarning(describeFinding(finding));
    }
    for (const finding of this.report.unknown) {
      Annotations.of(finding.resource.construct).addWarning(`${describeFinding(finding)} (not checkable at synth time)`);
    }
    for (const stale of this.report.unusedSuppressions) {
      Annotations.of(this.stack).addWarning(`Policy suppression of ${stale.ruleId} on ${stale.path} silences nothing; remove it ("${stale.reason}")`);
    }
  }

  /**
   * The resolved document this check evaluated, once: the next resolution of the stack may
   * reuse it. Undefined when there is none, or when constructs were added or removed since
   * (then it no longer describes the stack).
   */
  public takeEvaluatedDocument(): Record<string, unknown> | undefined {
    const evaluated = this.evaluated;
    this.evaluated = undefined;
    if (!evaluated || evaluated.constructs !== this.stack.node.findAll().length) return undefined;
    return evaluated.document;
  }
}

/**
 * The former name of {@link PolicyCheck}, from when the guardrails ran as an aspect.
 * @deprecated use PolicyCheck; the guardrails now run as a stack validation, after every aspect.
 */
export const PolicyAspect = PolicyCheck;
/** @deprecated use PolicyCheck. */
export type PolicyAspect = PolicyCheck;

const CHECKS = new WeakMap<TerraformStack, PolicyCheck>();

/** The guardrails: apply them to a stack, suppress a rule on a construct, evaluate a stack. */
export class Policy {
  /** Guards `stack` with the rules (a stack validation); violations become synth errors. */
  public static apply(stack: TerraformStack, options: PolicyOptions): PolicyCheck {
    const existing = CHECKS.get(stack);
    if (existing) return existing;
    const check = new PolicyCheck(stack, options);
    CHECKS.set(stack, check);
    return check;
  }

  /**
   * Silences `ruleId` on `scope` and its children, with a written reason that the policy
   * report prints. Throws a ValidationError for an unknown rule id or an empty reason.
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    suppress(scope, ruleId, reason);
  }

  /**
   * The document the policy resolved when it evaluated `stack`, for the stack's own
   * `toTerraform()` to reuse once (GuardedStack). Undefined when there is nothing to reuse.
   */
  public static takeEvaluatedDocument(stack: TerraformStack): Record<string, unknown> | undefined {
    return CHECKS.get(stack)?.takeEvaluatedDocument();
  }

  /** The options `apply` gave `stack`, if any. */
  public static optionsOf(stack: TerraformStack): PolicyOptions | undefined {
    return CHECKS.get(stack)?.options;
  }

  /** Evaluates `stack` now, without annotations (for reports and tests). */
  public static evaluate(stack: TerraformStack, options?: PolicyOptions): StackPolicyReport {
    const effective = options ?? Policy.optionsOf(stack);
    if (!effective) throw new Error(`Policy.evaluate: stack ${stack.node.path} has no policy; call Policy.apply first or pass options`);
    return evaluateStack(stack, effective);
  }
}
