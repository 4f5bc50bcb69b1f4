import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CapacityPlan, ComputeTier, DataTier, EdgeTier, KubernetesVersion, MonitoringStack, NatGatewayStrategy, Network, planCapacity, Policy } from 'cdktf-million-rps';
import { CAPACITY, SERVICES } from './capacity';
import { ALARM_EMAILS, AVAILABILITY_ZONES, EKS_ADMIN_ROLE_ARNS, ENVIRONMENT, PROTECTION, REGION, VPC_CIDR, ZONE_NAME } from './settings';

/**
 * Every AWS resource of an environment that serves 50,000 requests/s, from the library's
 * tier constructs: Route 53 -> ALBs with WAF -> nginx fleet -> internal NLB -> services on
 * EKS -> Valkey and PostgreSQL (read replicas, RDS Proxy), watched by CloudWatch alarms and
 * a dashboard. Every size comes from `plan`: each tier takes its slices of it. The library's
 * guardrails (Policy) check it at synth, as a non-production environment.
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
    const plan = planCapacity(CAPACITY);
    this.plan = plan;
    const name = ENVIRONMENT;
    const protection = PROTECTION;

    this.network = new Network(this, 'network', {
      name,
      cidr: VPC_CIDR,
      availabilityZones: AVAILABILITY_ZONES,
      minAvailabilityZones: AVAILABILITY_ZONES.length,
      natGateways: NatGatewayStrategy.ONE_PER_AZ,
      // Fails the synth if the app subnets cannot hold the planned nodes, pods and nginx instances.
      capacity: plan.network,
      protection,
    });
    const network = this.network;
    this.compute = new ComputeTier(this, 'compute', {
      name,
      project: name,
      network,
      eks: plan.eks,
      services: SERVICES,
      servicePlans: plan.services,
      kubernetesVersion: KubernetesVersion.V1_33,
      protection,
      adminRoleArns: EKS_ADMIN_ROLE_ARNS,
    });
    // The pods use the node security group (VPC CNI without security groups for pods).
    this.data = new DataTier(this, 'data', { name, network, database: plan.database, cache: plan.cache, protection, clients: [this.compute.eks] });
    this.edge = new EdgeTier(this, 'edge', { name, network, domain: { zoneName: ZONE_NAME }, alb: plan.alb, nginx: plan.nginx, ingress: this.compute.ingress, protection });
    this.monitoring = new MonitoringStack(this, 'monitoring', { name, region: REGION, alarmEmails: ALARM_EMAILS, protection, watch: [network, this.edge, this.compute, this.data] });

    const eks = this.compute.eks;
    const outputs: Record<string, { value: unknown; description?: string }> = {
      url: { value: `https://${this.edge.tier.domainName}` },
      name_servers: { value: this.edge.nameServers, description: 'Delegate the zone to these from the parent domain, or the certificate never validates' },
      eks_cluster_name: { value: eks.clusterName },
      eks_controller_role_arns: {
        value: {
          aws_load_balancer_controller: eks.controllerRoles.loadBalancerControllerRoleArn,
          cluster_autoscaler: eks.controllerRoles.clusterAutoscalerRoleArn,
          ebs_csi_driver: eks.controllerRoles.ebsCsiDriverRoleArn,
        },
      },
      service_target_group_arns: { value: this.compute.ingress.targetGroupArns, description: 'Bind each Kubernetes Service to its target group (TargetGroupBinding)' },
      service_repository_urls: { value: Object.fromEntries(Object.entries(this.compute.repositories).map(([service, r]) => [service, r.repositoryUrl])) },
      db_proxy_endpoint: { value: this.data.database.proxyEndpoint, description: 'RDS Proxy (TLS, IAM auth)' },
      db_replica_endpoints: { value: this.data.database.replicaEndpoints },
      cache_configuration_endpoint: { value: this.data.cache.configurationEndpoint, description: 'Valkey cluster-mode endpoint (TLS, IAM auth)' },
      alarm_topic_arn: { value: this.monitoring.alarmTopicArn, description: 'Subscribe your incident tool to it' },
    };
    if (this.monitoring.dashboardName) outputs.dashboard_name = { value: this.monitoring.dashboardName };
    for (const [outputId, output] of Object.entries(outputs)) new TerraformOutput(this, outputId, output);
  }
}
