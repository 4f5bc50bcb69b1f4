import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CapacityPlan, MonitoringStack, NatGatewayStrategy, Network, planCapacity, Policy } from 'cdktf-million-rps';
import { CAPACITY } from './capacity';
import { ComputeTier } from './compute-tier';
import { DataTier } from './data-tier';
import { EdgeTier } from './edge-tier';
import { addMonitoringTier } from './monitoring-tier';
import { AVAILABILITY_ZONES, ENVIRONMENT, PROTECTION, REGION, VPC_CIDR } from './settings';

/**
 * Every AWS resource of an environment that serves 50,000 requests/s:
 * Route 53 -> ALBs with WAF -> nginx fleet -> internal NLB -> services on EKS ->
 * Valkey and PostgreSQL (read replicas, RDS Proxy), watched by CloudWatch alarms and a
 * dashboard. Every size comes from `plan`. The library's guardrails (Policy) check it at
 * synth, as a non-production environment: deletion protection and one-year log retention,
 * production-only rules, are left off so the example can be destroyed and re-created.
 */
export class Environment50kStack extends TerraformStack {
  public readonly plan: CapacityPlan;
  public readonly network: Network;
  public readonly compute: ComputeTier;
  public readonly data: DataTier;
  public readonly edge: EdgeTier;
  public readonly monitoring: MonitoringStack;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    Policy.apply(this, { production: false });
    new AwsProvider(this, 'aws', { region: REGION, defaultTags: [{ tags: { Environment: ENVIRONMENT, ManagedBy: 'cdktf' } }] });
    this.plan = planCapacity(CAPACITY);

    this.network = new Network(this, 'network', {
      name: ENVIRONMENT,
      cidr: VPC_CIDR,
      availabilityZones: AVAILABILITY_ZONES,
      minAvailabilityZones: AVAILABILITY_ZONES.length,
      natGateways: NatGatewayStrategy.ONE_PER_AZ,
      // Fails the synth if the app subnets cannot hold the planned nodes, pods and nginx instances.
      requiredAppAddressesPerAz: this.plan.network.appAddressesPerAz,
      protection: PROTECTION,
    });
    this.compute = new ComputeTier(this, 'compute', this.network, this.plan);
    // Pods use the node security group (VPC CNI without security groups for pods).
    this.data = new DataTier(this, 'data', this.network, this.plan, [this.compute.eks]);
    this.edge = new EdgeTier(this, 'edge', this.network, this.plan, this.compute.ingress);
    // Last: it watches what the tiers above created.
    this.monitoring = addMonitoringTier(this, this.network, this.plan, { compute: this.compute, data: this.data, edge: this.edge });

    const eks = this.compute.eks;
    new TerraformOutput(this, 'url', { value: `https://${this.edge.tier.domainName}` });
    new TerraformOutput(this, 'name_servers', { value: this.edge.zone.nameServers, description: 'Delegate the zone to these from the parent domain, or the certificate never validates' });
    new TerraformOutput(this, 'eks_cluster_name', { value: eks.clusterName });
    new TerraformOutput(this, 'eks_controller_role_arns', {
      value: {
        aws_load_balancer_controller: eks.controllerRoles.loadBalancerControllerRoleArn,
        cluster_autoscaler: eks.controllerRoles.clusterAutoscalerRoleArn,
        ebs_csi_driver: eks.controllerRoles.ebsCsiDriverRoleArn,
      },
    });
    new TerraformOutput(this, 'service_target_group_arns', { value: this.compute.ingress.targetGroupArns, description: 'Bind each Kubernetes Service to its target group (TargetGroupBinding)' });
    new TerraformOutput(this, 'service_repository_urls', { value: Object.fromEntries(Object.entries(this.compute.repositories).map(([name, r]) => [name, r.repositoryUrl])) });
    new TerraformOutput(this, 'db_proxy_endpoint', { value: this.data.database.proxyEndpoint, description: 'RDS Proxy (TLS, IAM auth)' });
    new TerraformOutput(this, 'db_replica_endpoints', { value: this.data.database.replicaEndpoints });
    new TerraformOutput(this, 'alarm_topic_arn', { value: this.monitoring.alarmTopicArn, description: 'Subscribe your incident tool to it' });
    if (this.monitoring.dashboardName) new TerraformOutput(this, 'dashboard_name', { value: this.monitoring.dashboardName });
    new TerraformOutput(this, 'cache_configuration_endpoint', { value: this.data.cache.configurationEndpoint, description: 'Valkey cluster-mode endpoint (TLS, IAM auth)' });
  }
}
