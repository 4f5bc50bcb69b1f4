import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { describeScope, invalid } from './errors';

/**
 * Fails when `other` (a construct a prop wires `scope` to) lives in another TerraformStack.
 * cdktf would turn such a reference into an output of the other stack and a
 * `terraform_remote_state` here: state that has to exist before this stack can plan, which an
 * offline plan cannot read. Constructs that are meant to span stacks take plain values instead.
 */
export function checkSameStack(scope: IConstruct, prop: string, other: unknown): void {
  if (!isConstruct(other)) return;
  const here = TerraformStack.of(scope);
  let there: TerraformStack;
  try {
    there = TerraformStack.of(other);
  } catch {
    return; // not in any stack (e.g. Network.fromAttributes): nothing to reference across
  }
  if (here === there) return;
  invalid(
    scope,
    prop,
    describeScope(other),
    `is in stack "${there.node.id}", not in this construct's stack "${here.node.id}": cdktf would read it through terraform_remote_state, which needs the other stack deployed first and cannot plan offline`,
    `build ${prop} in stack "${here.node.id}", or pass its attributes as plain values (e.g. Network.fromAttributes)`,
  );
}

function isConstruct(value: unknown): value is IConstruct {
  return typeof value === 'object' && value !== null && 'node' in value;
}
