import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EnvironmentConfig, MIN_PRODUCTION_AZS } from '../lib/config/environment';
import { NatGatewayStrategy, Network } from '../constructs/network';
import { configureBackend } from './backend';
import { AlbNginxTier } from '../constructs/alb-nginx-tier';
import { planCapacity } from '../lib/capacity';
import { invalid } from '../lib/errors';
import { CAPACITY_INPUTS } from './environments/capacity-inputs';
import { addEdgeTier, provisionalNlbEndpoints } from './tiers/edge-tier';

/**
 * Every AWS resource of one environment, with only the aws provider: no
 * `terraform_remote_state` and no data source that calls AWS, so it plans offline.
 */
export class EnvironmentAwsStack extends TerraformStack {
  public readonly network: Network;
  /** ALBs, WAF and the nginx fleet. */
  public readonly edge: AlbNginxTier;

  constructor(scope: Construct, config: EnvironmentConfig) {
    const stackName = config.name;
    super(scope, stackName);
    configureBackend(this, stackName, config);
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: defaultTags(config, stackName) }],
    });

    this.network = new Network(this, 'network', {
      name: `${config.name}`,
      cidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      minAvailabilityZones: config.production ? MIN_PRODUCTION_AZS : 1,
      natGateways: config.natGatewayPerAz ? NatGatewayStrategy.ONE_PER_AZ : NatGatewayStrategy.SINGLE,
      flowLogRetentionDays: config.production ? 365 : 30,
      preventDestroy: config.production,
    });

    const capacityInputs = CAPACITY_INPUTS[config.name];
    if (!capacityInputs) invalid(`config ${config.name}`, 'name', config.name, 'has no capacity inputs', 'add the environment to stacks/environments/capacity-inputs.ts');
    const plan = planCapacity(capacityInputs);
    const edge = addEdgeTier(this, { config, network: this.network, plan, upstreams: provisionalNlbEndpoints(this.network) });
    this.edge = edge.tier;

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId });
    new TerraformOutput(this, 'app_subnet_ids', { value: this.network.appSubnets.map((s) => s.id) });
    new TerraformOutput(this, 'edge_domain', { value: this.edge.domainName });
    new TerraformOutput(this, 'edge_alb_dns_names', { value: this.edge.albs.map((a) => a.dnsName) });
    if (edge.nameServers) new TerraformOutput(this, 'public_zone_name_servers', { value: edge.nameServers, description: 'Delegate the zone to these from the parent domain' });
  }
}

/** Tags on every resource through the provider's `default_tags`. */
export function defaultTags(config: EnvironmentConfig, stackName: string): Record<string, string> {
  return { ...config.tags, Environment: config.name, Project: config.project, ManagedBy: 'cdktf', Stack: stackName };
}
