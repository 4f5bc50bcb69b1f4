import { TerraformStack } from 'cdktf';
import { Policy } from './policy';

/**
 * A TerraformStack whose guardrail check and written `cdk.tf.json` share one resolution.
 *
 * The policy (Policy.apply) evaluates a stack's resolved document in the stack's validation,
 * after every aspect; cdktf then resolves the stack again to write it, which for the
 * reference app's ~1,000 resources is about a sixth of `cdktf synth`. What runs between the
 * two, the remaining validations and custom synthesis, is there to check and copy, not to
 * change the stack, so the evaluated document is the one Terraform must get: this stack
 * hands it to the writer. (Change a stack in a validation, say with `addOverride`, and the
 * change is not written; do it in the constructor or an aspect.) When constructs were added
 * or removed after the evaluation, or no policy evaluated the stack, it resolves afresh
 * like any TerraformStack.
 *
 * Extend it instead of TerraformStack for stacks you guard with Policy.apply.
 */
export class GuardedStack extends TerraformStack {
  /** The stack as Terraform JSON: the policy's resolution when there is one to reuse. */
  public toTerraform(): Record<string, unknown> {
    return Policy.takeEvaluatedDocument(this) ?? (super.toTerraform() as Record<string, unknown>);
  }
}
