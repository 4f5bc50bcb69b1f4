import { App } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityPlan } from '../../lib/capacity';
import { EnvironmentConfig, planEnvironment } from '../../lib/config/environment';
import { checkProps } from '../../lib/validation';
import { Policy } from '../../lib/policy/policy';
import { EnvironmentAwsStack } from './aws-stack';
import { checkPhysicalNames } from './physical-names';
import { EnvironmentPlatformStack } from './platform-stack';

export interface EnvironmentProps {
  /** Everything the environment is, stated once: name, Region and AZs, production, services, capacity. */
  readonly config: EnvironmentConfig;
  /**
   * Guard both stacks with the policy (lib/policy): a violation fails synth unless it is
   * suppressed with a written reason; the production rules apply when `config.production`,
   * and `config.policyWarnings` downgrades rules to warnings outside production.
   * @default true
   */
  readonly policy?: boolean;
}

/**
 * One environment, built from one config: the `<name>` AWS stack (network, compute, data,
 * edge, monitoring, workload identities) and the `<name>-platform` Kubernetes stack
 * (controllers, in-cluster monitoring, the services), every tier sized by its slice of the
 * environment's capacity plan. Deploy with `cdktf deploy <name> <name>-platform`.
 *
 * ```ts
 * const app = new App();
 * new Environment(app, 'prod', { config: prod });
 * app.synth();
 * ```
 *
 * The construct's id is only a place in the tree; the stacks are named after `config.name`.
 */
export class Environment extends Construct {
  public readonly config: EnvironmentConfig;
  /** Every size both stacks deploy (`npm run capacity -- <name>` prints it with its math). */
  public readonly plan: CapacityPlan;
  /** `<name>`: every AWS resource; plans offline with the aws provider alone. */
  public readonly aws: EnvironmentAwsStack;
  /** `<name>-platform`: the Kubernetes and Helm resources, deployed after the AWS stack. */
  public readonly platform: EnvironmentPlatformStack;

  constructor(scope: Construct, id: string, props: EnvironmentProps) {
    super(scope, id);
    checkProps(this, props, '{ config: prod }');
    this.config = props.config;
    this.plan = planEnvironment(props.config);
    this.aws = new EnvironmentAwsStack(this, props.config.name, { config: props.config, plan: this.plan });
    this.platform = new EnvironmentPlatformStack(this, `${props.config.name}-platform`, { aws: this.aws });
    // Two environments of one app in one account must not name anything alike.
    checkPhysicalNames(App.of(this));
    if (props.policy ?? true) {
      for (const stack of [this.aws, this.platform]) Policy.apply(stack, { production: props.config.production, warnings: props.config.policyWarnings });
    }
  }
}
