import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { appSubnetAddressesPerAz, CapacityPlan, planCapacity } from '../lib/capacity';
import { EnvironmentConfig, MIN_PRODUCTION_AZS } from '../lib/config/environment';
import { NatGatewayStrategy, Network } from '../constructs/network';
import { configureBackend } from './backend';

/**
 * Every AWS resource of one environment, with only the aws provider: no
 * `terraform_remote_state` and no data source that calls AWS, so it plans offline.
 */
export class EnvironmentAwsStack extends TerraformStack {
  public readonly network: Network;
  /** Every size in this stack comes from this plan (`npm run capacity -- <env>` prints it). */
  public readonly capacity: CapacityPlan;

  constructor(scope: Construct, config: EnvironmentConfig) {
    const stackName = config.name;
    super(scope, stackName);
    configureBackend(this, stackName, config);
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: defaultTags(config, stackName) }],
    });

    this.capacity = planCapacity(config.capacity);

    this.network = new Network(this, 'network', {
      name: `${config.name}`,
      cidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      minAvailabilityZones: config.production ? MIN_PRODUCTION_AZS : 1,
      natGateways: config.natGatewayPerAz ? NatGatewayStrategy.ONE_PER_AZ : NatGatewayStrategy.SINGLE,
      flowLogRetentionDays: config.production ? 365 : 30,
      requiredAppAddressesPerAz: appSubnetAddressesPerAz(this.capacity, config.capacity),
      preventDestroy: config.production,
    });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId });
    new TerraformOutput(this, 'app_subnet_ids', { value: this.network.appSubnets.map((s) => s.id) });
  }
}

/** Tags on every resource through the provider's `default_tags`. */
export function defaultTags(config: EnvironmentConfig, stackName: string): Record<string, string> {
  return { ...config.tags, Environment: config.name, Project: config.project, ManagedBy: 'cdktf', Stack: stackName };
}
