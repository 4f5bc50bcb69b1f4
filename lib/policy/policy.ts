import { AnnotationMetadataEntryType, Annotations, ISynthesisSession, IStackSynthesizer, StackAnnotation, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import * as fs from 'fs';
import * as path from 'path';
import { describeFinding, errorsOf, evaluateStack, PolicyOptions, StackPolicyReport } from './evaluate';
import { Severity } from './rule';
import { StackView, TerraformDocument } from './stack-view';
import { suppress } from './suppression';

/**
 * Set by the cdktf CLI (`cdktf synth`, `cdktf deploy`): cdktf then records error annotations in
 * the manifest instead of throwing, and the CLI prints them and fails. TerraformStack reads it
 * the same way.
 */
const CONTINUE_ON_ERROR_ANNOTATIONS = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

/**
 * The guardrails of one stack (Policy.apply), run on the document cdktf writes.
 *
 * Policy.apply wraps the stack's synthesizer (`TerraformStack.synthesizer`, public in cdktf):
 * the stack's own synthesizer runs first and unchanged (aspects, validations, custom
 * synthesis, its annotations, one `toTerraform()`, `cdk.tf.json` written); then the policy
 * parses the file that was written and applies every rule to it. So the rules see exactly
 * what Terraform gets, whatever aspects, validations or escape hatches changed, and the stack
 * is resolved once. Each resource is traced back to its construct through the path cdktf
 * writes in the resource's `//` metadata (for suppressions and annotations).
 *
 * Findings become annotations on their constructs and entries in the stack's manifest, so
 * `cdktf synth` prints them. An unsuppressed error fails synth: `app.synth()` deletes the
 * document it just wrote and throws `Encountered Annotations with level "ERROR"` listing them;
 * under the cdktf CLI (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) the document stays, as cdktf
 * leaves it for its own errors, and the CLI prints every error and exits 1 (it reads each
 * stack's document before printing, so deleting it would replace the findings with a
 * "synth() was not called" error).
 *
 * Not checked: synthesis sessions with `skipValidation` (an App created with it), and
 * `Testing.synth`, which never calls the synthesizer; use Policy.evaluate there. With
 * SYNTH_HCL_OUTPUT the written file is HCL, which the policy cannot read: it evaluates one
 * extra JSON resolution of the stack instead.
 */
export class PolicyCheck {
  /** The evaluation of the document the last synthesis wrote; undefined before any synthesis. */
  public report?: StackPolicyReport;

  constructor(public readonly options: PolicyOptions) {}
}

/** The stack's own synthesizer, then the policy on what it wrote. */
class PolicySynthesizer implements IStackSynthesizer {
  constructor(
    private readonly stack: TerraformStack,
    private readonly inner: IStackSynthesizer,
    private readonly check: PolicyCheck,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
    if (!session.skipValidation) this.checkWritten(session);
  }

  private checkWritten(session: ISynthesisSession): void {
    const stack = this.stack;
    const entry = session.manifest.forStack(stack);
    const file = path.join(session.outdir, entry.synthesizedStackPath);
    const document = file.endsWith('.json')
      ? (JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformDocument)
      : (JSON.parse(JSON.stringify(stack.toTerraform())) as TerraformDocument);
    const report = evaluateStack(stack, this.check.options, new StackView(stack, document));
    this.check.report = report;

    const recorded = new Set(entry.annotations.map((a) => annotationKey(a.constructPath, a.level, a.message)));
    const annotate = (construct: IConstruct, level: AnnotationMetadataEntryType, message: string) => {
      // A second synthesis of the same app finds the first one's annotations on the constructs.
      let metadata = construct.node.metadata.find((m) => m.type === level && m.data === message);
      if (!metadata) {
        if (level === AnnotationMetadataEntryType.ERROR) Annotations.of(construct).addError(message);
        else Annotations.of(construct).addWarning(message);
        metadata = construct.node.metadata[construct.node.metadata.length - 1];
      }
      const key = annotationKey(construct.node.path, level, message);
      if (recorded.has(key)) return;
      recorded.add(key);
      // The stack's synthesizer has already copied the constructs' annotations into the
      // manifest entry; add these the same way (the entry's array is cdktf's to fill at synth).
      const annotation: StackAnnotation = { constructPath: construct.node.path, level, message, stacktrace: metadata.trace };
      entry.annotations.push(annotation);
    };
    for (const finding of report.failures) {
      const level = finding.severity === Severity.ERROR ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN;
      annotate(finding.resource.construct, level, describeFinding(finding));
    }
    for (const finding of report.unknown) {
      annotate(finding.resource.construct, AnnotationMetadataEntryType.WARN, `${describeFinding(finding)} (not checkable at synth time)`);
    }
    for (const stale of report.unusedSuppressions) {
      annotate(stack, AnnotationMetadataEntryType.WARN, `Policy suppression of ${stale.ruleId} on ${stale.path} silences nothing; remove it ("${stale.reason}")`);
    }

    const errors = errorsOf(report);
    if (errors.length === 0 || process.env[CONTINUE_ON_ERROR_ANNOTATIONS] !== undefined) return;
    fs.rmSync(file, { force: true });
    const list = errors.map((f) => `[${f.resource.construct.node.path}] ${describeFinding(f)}`).join('\n');
    throw new Error(
      `Encountered Annotations with level "ERROR":\n${list}\n\n` +
        `Either fix the issues above, or suppress a rule that does not apply with Policy.suppress(construct, ruleId, reason). ` +
        `${entry.synthesizedStackPath} was deleted, so that no document that failed the policy is left to deploy.\n`,
    );
  }
}

function annotationKey(constructPath: string, level: string, message: unknown): string {
  return `${constructPath}\0${level}\0${String(message)}`;
}

const CHECKS = new WeakMap<TerraformStack, PolicyCheck>();

/** The guardrails: apply them to a stack, suppress a rule on a construct, evaluate a stack. */
export class Policy {
  /**
   * Guards `stack` with the rules: every synthesis of the stack evaluates the `cdk.tf.json` it
   * writes (see PolicyCheck), and unsuppressed errors fail synth. Wraps `stack.synthesizer`, so
   * call it after replacing the synthesizer, if you do. Applying twice returns the first check.
   */
  public static apply(stack: TerraformStack, options: PolicyOptions): PolicyCheck {
    const existing = CHECKS.get(stack);
    if (existing) return existing;
    const check = new PolicyCheck(options);
    stack.synthesizer = new PolicySynthesizer(stack, stack.synthesizer, check);
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

  /** The options `apply` gave `stack`, if any. */
  public static optionsOf(stack: TerraformStack): PolicyOptions | undefined {
    return CHECKS.get(stack)?.options;
  }

  /** The evaluation of what the last synthesis of `stack` wrote, if it was synthesized under the policy. */
  public static reportOf(stack: TerraformStack): StackPolicyReport | undefined {
    return CHECKS.get(stack)?.report;
  }

  /**
   * Evaluates `stack` now, without annotations, with `options` or those `apply` gave it: for
   * unit tests. It resolves the stack once with `stack.toTerraform()` as the stack stands, so
   * it runs no aspects and no validations (unlike a synthesis); to check what a synthesis
   * writes, synthesize and read Policy.reportOf.
   */
  public static evaluate(stack: TerraformStack, options?: PolicyOptions): StackPolicyReport {
    const effective = options ?? Policy.optionsOf(stack);
    if (!effective) throw new Error(`Policy.evaluate: stack ${stack.node.path} has no policy; call Policy.apply first or pass options`);
    return evaluateStack(stack, effective);
  }
}
