import { TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * hashicorp/random, declared by hand: the project has no prebuilt bindings for it and this
 * is the one resource used. Pinned like the other providers.
 */
export const RANDOM_PROVIDER_VERSION = '3.7.2';
const PROVIDER_ID = 'random';

class RandomProvider extends TerraformProvider {
  constructor(scope: Construct) {
    super(scope, PROVIDER_ID, {
      terraformResourceType: 'random',
      terraformGeneratorMetadata: { providerName: 'random', providerVersion: RANDOM_PROVIDER_VERSION },
      terraformProviderSource: 'hashicorp/random',
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

export interface RandomPasswordProps {
  /** Characters in the generated password. */
  readonly length: number;
}

/**
 * `random_password`: generated at apply, kept in (encrypted, remote) state, marked
 * sensitive; the synthesized configuration holds only a reference to it.
 */
export class RandomPassword extends TerraformResource {
  private readonly length: number;

  constructor(scope: Construct, id: string, props: RandomPasswordProps) {
    const stack = TerraformStack.of(scope);
    const provider = (stack.node.tryFindChild(PROVIDER_ID) as RandomProvider | undefined) ?? new RandomProvider(stack);
    super(scope, id, {
      terraformResourceType: 'random_password',
      terraformGeneratorMetadata: { providerName: 'random', providerVersion: RANDOM_PROVIDER_VERSION },
      provider,
    });
    this.length = props.length;
  }

  /** The password (a sensitive reference). */
  public get result(): string {
    return this.getStringAttribute('result');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { length: this.length, special: false };
  }
}
