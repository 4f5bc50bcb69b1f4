import { Annotations, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { describeFinding, evaluateStack, PolicyOptions, StackPolicyReport } from './evaluate';
import { Severity } from './rule';
import { StackView } from './stack-view';
import { suppress } from './suppression';

/**
 * The guardrail aspect of one stack. It waits until the whole stack has been visited (so
 * cross-resource rules see every resource, and aspects on inner constructs have run),
 * evaluates every rule once, and reports each unsuppressed failure as an annotation on the
 * resource's construct: errors fail `cdktf synth` / `app.synth()`, warnings are printed.
 */
export class PolicyAspect implements IAspect {
  /** The evaluation, once the stack has been synthesized. */
  public report?: StackPolicyReport;
  private lastNode?: IConstruct;
  /** The document the evaluation resolved, until GuardedStack hands it to the writer. */
  private evaluated?: { readonly document: Record<string, unknown>; readonly constructs: number };

  constructor(
    private readonly stack: TerraformStack,
    public readonly options: PolicyOptions,
  ) {
    // Belt and braces: should the last node never be visited (a construct removed from the
    // tree by another aspect), the stack's validation, which app.synth() runs after the
    // aspects and before it collects annotations, evaluates instead.
    stack.node.addValidation({
      validate: () => {
        this.evaluate();
        return [];
      },
    });
  }

  public visit(node: IConstruct): void {
    if (this.report) return;
    if (node === this.stack) {
      const all = this.stack.node.findAll();
      this.lastNode = all[all.length - 1];
    }
    if (node === this.lastNode) this.evaluate();
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
   * The resolved document this aspect evaluated, once: the next resolution of the stack may
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

const ASPECTS = new WeakMap<TerraformStack, PolicyAspect>();

/** The guardrails: apply them to a stack, suppress a rule on a construct, evaluate a stack. */
export class Policy {
  /** Adds the policy aspect to `stack`; violations become synth errors. */
  public static apply(stack: TerraformStack, options: PolicyOptions): PolicyAspect {
    const existing = ASPECTS.get(stack);
    if (existing) return existing;
    const aspect = new PolicyAspect(stack, options);
    Aspects.of(stack).add(aspect);
    ASPECTS.set(stack, aspect);
    return aspect;
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
    return ASPECTS.get(stack)?.takeEvaluatedDocument();
  }

  /** The options `apply` gave `stack`, if any. */
  public static optionsOf(stack: TerraformStack): PolicyOptions | undefined {
    return ASPECTS.get(stack)?.options;
  }

  /** Evaluates `stack` now, without annotations (for reports and tests). */
  public static evaluate(stack: TerraformStack, options?: PolicyOptions): StackPolicyReport {
    const effective = options ?? Policy.optionsOf(stack);
    if (!effective) throw new Error(`Policy.evaluate: stack ${stack.node.path} has no policy; call Policy.apply first or pass options`);
    return evaluateStack(stack, effective);
  }
}
