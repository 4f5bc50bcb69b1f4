import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { appSubnetAddressesPerAz, CapacityPlan, planCapacity } from '../lib/capacity';
import { EnvironmentConfig, MIN_PRODUCTION_AZS } from '../lib/config/environment';
import { Protection } from '../lib/protection';
import { NatGatewayStrategy, Network } from '../constructs/network';
import { configureBackend } from './backend';
import { MonitoringStack } from '../constructs/monitoring-stack';
import { addDataTier, DataTier } from './tiers/data-tier';
import { ComputeTier } from './tiers/compute-tier';
import { AlbNginxTier } from '../constructs/alb-nginx-tier';
import { addEdgeTier } from './tiers/edge-tier';
import {
  addObservabilityTier,
  plannedCache,
  plannedDatabases,
  plannedEksCluster,
  plannedLoadBalancers,
  plannedNginxGroup,
  plannedNginxTargetGroups,
} from './tiers/observability-tier';
import { ReadPoolerRole } from '../constructs/read-pooler/read-pooler-role';
import { AlertmanagerRole } from '../constructs/cluster-monitoring/alertmanager-role';
import { ServiceIdentity } from '../constructs/service-identity';
import { workloadServiceAccount } from '../constructs/service-workload/service-account';
import type { WorkloadIdentity } from '../constructs/service-workload/service-workload-props';
import { SERVICES_NAMESPACE } from './tiers/compute-tier';
import { serviceCacheAccessString } from './tiers/data-tier';

/**
 * Every AWS resource of one environment, with only the aws provider: no
 * `terraform_remote_state` and no data source that calls AWS, so it plans offline.
 */
export class EnvironmentAwsStack extends TerraformStack {
  public readonly network: Network;
  /** Every size in this stack comes from this plan (`npm run capacity -- <env>` prints it). */
  public readonly capacity: CapacityPlan;
  public readonly data: DataTier;
  /** EKS cluster, ECR repositories and the internal NLB in front of the services. */
  public readonly compute: ComputeTier;
  /** ALBs, WAF and the nginx fleet. */
  public readonly edge: AlbNginxTier;
  /** CloudWatch alarms, composites, dashboard and the alarm topic. */
  public readonly monitoring: MonitoringStack;
  /** Pod Identity role of the in-cluster read pooler (PgBouncer, `<env>-platform`). */
  public readonly readPoolerRole: ReadPoolerRole;
  /** Pod Identity role of the in-cluster Alertmanager (`<env>-platform`): publishes to the alarm topic. */
  public readonly alertmanagerRole: AlertmanagerRole;
  /** Each service's Pod Identity role (its ServiceWorkload's service account), granted exactly the data stores it uses. */
  public readonly serviceIdentities: Record<string, ServiceIdentity>;
  /** The users each service may connect to the data stores as (`<env>-platform` passes them to the pods). */
  public readonly serviceDataStoreUsers: Record<string, WorkloadIdentity>;

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
      requiredAppAddressesPerAz: appSubnetAddressesPerAz(this.capacity, config.capacity),
      protection: Protection.forEnvironment(config.production),
    });

    this.compute = new ComputeTier(this, 'compute', { config, network: this.network, plan: this.capacity });
    this.data = addDataTier(this, config, {
      network: this.network,
      plan: this.capacity,
      // Pods use the node security group (VPC CNI without security groups for pods).
      clients: [this.compute.eks],
    });

    this.readPoolerRole = new ReadPoolerRole(this, 'read-pooler-role', {
      clusterName: this.compute.eks.clusterName,
      namePrefix: config.name,
      secretArn: this.data.database.secretArn,
      secretKeyArn: this.data.database.key.keyArn,
      region: config.region,
    });

    // Each service's own identity: the backends (a database pool in the plan) may connect to
    // PostgreSQL through RDS Proxy and, as their own Valkey user, to the cache; the gateway
    // to neither. RDS Proxy holds only the master user's secret, so that is the database user
    // (per-service PostgreSQL users: docs/data-tier.md, Known limits).
    this.serviceIdentities = {};
    this.serviceDataStoreUsers = {};
    for (const service of config.services) {
      const identity = new ServiceIdentity(this, `service-identity-${service.name}`, {
        clusterName: this.compute.eks.clusterName,
        namePrefix: config.name,
        serviceAccount: workloadServiceAccount(SERVICES_NAMESPACE, service.name),
      });
      let users: WorkloadIdentity = {};
      if (this.capacity.services[service.name].dbPoolSizePerPod > 0) {
        const { database, cache } = this.data;
        database.grantConnect(identity, database.masterUsername);
        const cacheUser = cache.addUser(service.name, serviceCacheAccessString(service.name));
        cache.grantConnect(identity, cacheUser);
        users = { databaseUser: database.masterUsername, cacheUser: cacheUser.userName };
      }
      this.serviceIdentities[service.name] = identity;
      this.serviceDataStoreUsers[service.name] = users;
    }

    // nginx's upstreams are the internal NLB's fixed addresses, one listener port per service;
    // the NLB admits the nginx fleet on exactly those ports.
    const edge = addEdgeTier(this, { config, network: this.network, plan: this.capacity, ingress: this.compute.ingress });
    this.edge = edge.tier;

    // Last: it watches what the tiers above created (see ObservedTiers for what each tier passes).
    const { database, cache } = this.data;
    const albSuffixes = this.edge.albs.map((alb) => alb.arnSuffix);
    this.monitoring = addObservabilityTier(this, config, {
      network: this.network,
      databases: plannedDatabases(
        { identifier: database.primary.identifier, allocatedStorageGiB: database.primary.allocatedStorage },
        database.replicas.map((r) => ({ identifier: r.identifier, allocatedStorageGiB: r.allocatedStorage })),
        this.capacity,
      ),
      caches: [plannedCache(cache.replicationGroup.replicationGroupId, this.capacity)],
      eksClusters: [plannedEksCluster(this.compute.eks.clusterName, this.capacity)],
      loadBalancers: plannedLoadBalancers(albSuffixes, this.edge.reservedLcuPerAlb),
      targetGroups: plannedNginxTargetGroups(this.edge.targetGroups.map((tg) => tg.arnSuffix), albSuffixes, this.capacity),
      autoScalingGroups: [plannedNginxGroup(this.edge.fleet.groupName, this.capacity)],
    });
    // Prometheus alerts reach the same topic (and on-call subscriptions) as the CloudWatch alarms.
    this.alertmanagerRole = new AlertmanagerRole(this, 'alertmanager-role', {
      clusterName: this.compute.eks.clusterName,
      namePrefix: config.name,
      topicArn: this.monitoring.alarmTopicArn,
      topicKeyArn: this.monitoring.topicKey.keyArn,
    });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId });
    new TerraformOutput(this, 'app_subnet_ids', { value: this.network.appSubnets.map((s) => s.id) });
    new TerraformOutput(this, 'alarm_topic_arn', { value: this.monitoring.alarmTopicArn });
    const eks = this.compute.eks;
    new TerraformOutput(this, 'eks_cluster_name', { value: eks.clusterName });
    new TerraformOutput(this, 'eks_endpoint', { value: eks.endpoint });
    new TerraformOutput(this, 'eks_certificate_authority_data', { value: eks.certificateAuthorityData });
    new TerraformOutput(this, 'eks_oidc_issuer_url', { value: eks.oidcIssuerUrl });
    new TerraformOutput(this, 'eks_node_security_group_id', { value: eks.nodeSecurityGroupId, description: 'Nodes and pods; the data tier admits it as a client' });
    new TerraformOutput(this, 'eks_controller_role_arns', {
      value: {
        aws_load_balancer_controller: eks.controllerRoles.loadBalancerControllerRoleArn,
        cluster_autoscaler: eks.controllerRoles.clusterAutoscalerRoleArn,
        ebs_csi_driver: eks.controllerRoles.ebsCsiDriverRoleArn,
      },
    });
    new TerraformOutput(this, 'read_pooler_role_arn', { value: this.readPoolerRole.roleArn, description: 'Pod Identity role of PgBouncer (services/pgbouncer-read): reads the database secret' });
    new TerraformOutput(this, 'service_role_arns', {
      value: Object.fromEntries(Object.entries(this.serviceIdentities).map(([name, identity]) => [name, identity.roleArn])),
      description: 'Pod Identity role of each service (services/<service>): its data-store grants',
    });
    new TerraformOutput(this, 'alertmanager_role_arn', { value: this.alertmanagerRole.roleArn, description: 'Pod Identity role of Alertmanager (monitoring/kube-prometheus-alertmanager): publishes to the alarm topic' });
    new TerraformOutput(this, 'service_target_group_arns', { value: this.compute.ingress.targetGroupArns });
    new TerraformOutput(this, 'service_endpoints', { value: this.compute.ingress.endpoints, description: 'nginx upstreams: the internal NLB\'s fixed addresses and a port per service' });
    new TerraformOutput(this, 'service_repository_urls', { value: Object.fromEntries(Object.entries(this.compute.repositories).map(([name, r]) => [name, r.repositoryUrl])) });
    new TerraformOutput(this, 'edge_domain', { value: this.edge.domainName });
    new TerraformOutput(this, 'edge_alb_dns_names', { value: this.edge.albs.map((a) => a.dnsName) });
    if (edge.nameServers) new TerraformOutput(this, 'public_zone_name_servers', { value: edge.nameServers, description: 'Delegate the zone to these from the parent domain' });
  }

  /**
   * cdktf's preparation resolves every element of a stack once, before the aspects, only to
   * find references to other stacks and turn them into outputs and `terraform_remote_state`.
   * This stack references no other stack (the platform stack references it, which cdktf
   * handles when it prepares that stack), so the pass would find nothing; skipping it saves
   * ~0.15 s, which keeps synth within 3x its floor (README, Performance).
   * test/stacks/synth-passes.test.ts runs cdktf's own preparation
   * and fails should this stack ever reference another one: then delete this method.
   */
  public prepareStack(): void {
    this.ensureBackendExists();
  }
}

/** Tags on every resource through the provider's `default_tags`. */
export function defaultTags(config: EnvironmentConfig, stackName: string): Record<string, string> {
  return { ...config.tags, Environment: config.name, Project: config.project, ManagedBy: 'cdktf', Stack: stackName };
}
