import { Annotations, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CapacityPlan } from '../../lib/capacity';
import { MIN_AZ_COUNT } from '../../lib/capacity/inputs';
import { EnvironmentConfig, kubernetesVersionOf, leverSettingsOf, MIN_PRODUCTION_AZS, resilienceOf } from '../../lib/config/environment';
import { firstApplyChecklist } from '../../lib/config/first-apply';
import { DEFAULT_KUBERNETES_VERSION } from '../../lib/eks-versions';
import { Protection } from '../../lib/protection';
import { invalid } from '../../lib/errors';
import { KubernetesVersion } from '../eks-cluster';
import { MonitoringStack } from '../monitoring-stack';
import { MskCluster } from '../msk-cluster';
import { NatGatewayStrategy, Network } from '../network';
import { StaticAssets } from '../static-assets';
import { DEFAULT_STATIC_SUBDOMAIN } from '../../lib/config/environment';
import { configureBackend } from './backend';
import { ComputeTier } from './compute-tier';
import { DataTier } from './data-tier';
import { EdgeTier } from './edge-tier';
import { ResilienceTier } from './resilience-tier';
import { WorkloadIdentities } from './workload-identities';
import { allowMeshTraffic } from '../service-mesh/mesh-network';

/** Alias of the AWS provider for the backup copy's Region (test/support/terraform.ts mocks its credentials too). */
export const BACKUP_COPY_PROVIDER_ALIAS = 'backup_copy';

/** Alias of the aws provider in us-east-1 (CloudFront's Region for certificates, web ACLs, log deliveries and metrics). */
export const GLOBAL_PROVIDER_ALIAS = 'us_east_1';

/**
 * The Kubernetes version an environment runs when its config names none: the newest on EKS
 * (lib/eks-versions.ts). Each config's `kubernetesVersion` is the one value to change;
 * staging and dev rehearse a bump before prod.
 */
export const CLUSTER_VERSION = KubernetesVersion.of(DEFAULT_KUBERNETES_VERSION) as KubernetesVersion;

export interface EnvironmentAwsStackProps {
  /** The environment's config: its name, Region, AZs, network, domain, services and protection. */
  readonly config: EnvironmentConfig;
  /** The environment's capacity plan (`planEnvironment(config)`); every tier takes its slice. */
  readonly plan: CapacityPlan;
}

/**
 * Every AWS resource of one environment, with only the aws provider: no
 * `terraform_remote_state` and no data source that calls AWS, so it plans offline. The
 * stack wires the tiers; each tier takes its slices of the plan.
 */
export class EnvironmentAwsStack extends TerraformStack {
  public readonly config: EnvironmentConfig;
  /** Every size in this stack comes from this plan (`npm run capacity -- <env>` prints it). */
  public readonly capacity: CapacityPlan;
  public readonly network: Network;
  /** EKS cluster, ECR repositories and the internal NLB in front of the services. */
  public readonly compute: ComputeTier;
  /** PostgreSQL (primary, replicas, RDS Proxy), Valkey and the private reader zone. */
  public readonly data: DataTier;
  /** The public zone, ALBs, WAF and the nginx fleet. */
  public readonly edge: EdgeTier;
  /** CloudWatch alarms, composites, dashboard and the alarm topic, over every tier above. */
  public readonly monitoring: MonitoringStack;
  /** Pod Identity roles of the platform stack's workloads. */
  public readonly identities: WorkloadIdentities;
  /** FIS experiments of an AZ loss, AWS Backup with a cross-Region copy, their notifications. */
  public readonly resilience: ResilienceTier;
  /** The event backbone: Kafka on MSK, sized by `plan.kafka`, reachable by the EKS pods over IAM. */
  public readonly events: MskCluster;
  /** The aws provider alias in us-east-1: CloudFront's certificate, web ACL, log delivery and alarms. */
  public readonly globalProvider: AwsProvider;
  /** Static assets through CloudFront from a private bucket, at `<cdn.staticSubdomain>.<zone>`. */
  public readonly staticAssets: StaticAssets;

  constructor(scope: Construct, id: string, props: EnvironmentAwsStackProps) {
    super(scope, id);
    const { config, plan } = props;
    this.config = config;
    this.capacity = plan;
    const protection = Protection.forEnvironment(config.production);
    const levers = leverSettingsOf(config);
    configureBackend(this, id, config);
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: defaultTags(config, id) }],
    });
    const resilience = resilienceOf(config);
    // The backup copy's vault and key live in the second Region.
    const copyProvider = resilience.backup.enabled
      ? new AwsProvider(this, 'aws-backup-copy', { alias: BACKUP_COPY_PROVIDER_ALIAS, region: resilience.backup.copyRegion, defaultTags: [{ tags: defaultTags(config, id) }] })
      : undefined;
    this.globalProvider = new AwsProvider(this, 'aws-us-east-1', { alias: GLOBAL_PROVIDER_ALIAS, region: 'us-east-1', defaultTags: [{ tags: defaultTags(config, id) }] });

    this.network = new Network(this, 'network', {
      name: config.name,
      cidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      minAvailabilityZones: config.production ? MIN_PRODUCTION_AZS : MIN_AZ_COUNT,
      natGateways: config.natGatewayPerAz ? NatGatewayStrategy.ONE_PER_AZ : NatGatewayStrategy.SINGLE,
      capacity: plan.network,
      protection,
    });

    this.compute = new ComputeTier(this, 'compute', {
      name: config.name,
      project: config.project,
      network: this.network,
      eks: plan.eks,
      services: config.services,
      servicePlans: plan.services,
      kubernetesVersion: KubernetesVersion.of(kubernetesVersionOf(config)) as KubernetesVersion,
      protection,
      adminRoleArns: config.eksAdminRoleArns,
      access: config.clusterAccess,
      zonalShift: resilience.zonalShift.enabled,
      levers,
    });
    // The platform stack's mesh (plan.mesh exactly when config.mesh is not 'none') needs istiod's webhook and HBONE open.
    if (plan.mesh) allowMeshTraffic(this.compute.eks);
    this.data = new DataTier(this, 'data', {
      name: config.name,
      network: this.network,
      database: plan.database,
      cache: plan.cache,
      protection,
      // The pods (VPC CNI without security groups for pods: they share the nodes' group).
      clients: [this.compute.eks],
    });
    // nginx's upstreams are the internal NLB's fixed addresses, one listener port per service;
    // the NLB admits the nginx fleet on exactly those ports.
    this.edge = new EdgeTier(this, 'edge', {
      name: config.name,
      network: this.network,
      domain: config.domain,
      alb: plan.alb,
      nginx: plan.nginx,
      ingress: this.compute.ingress,
      protection,
      reserveCapacity: config.albCapacityReservation ?? false,
      zonalShift: resilience.zonalShift.enabled,
      levers,
    });
    // Events: the pods (on the nodes' security group) produce and consume over SASL/IAM; Prometheus
    // on the same nodes scrapes the brokers' exporters.
    this.events = new MskCluster(this, 'events', {
      clusterName: `${config.name}-events`,
      network: this.network,
      capacity: plan.kafka,
      clients: [this.compute.eks],
      monitoringClients: [this.compute.eks],
      protection,
    });
    if (plan.cdn.apiFront) {
      // The plan sized the ALBs for CloudFront's pooled origin connections; deploying them without
      // the distribution would under-reserve LCUs for clients arriving directly.
      invalid(this, 'config.cdn.apiFront', true, 'asks for CloudFront in front of the API, which this release prices (compareApiFront, npm run cost) but does not build: the ALBs would be sized for CloudFront\'s origin connections with clients still arriving directly', 'set cdn.apiFront to false (the cost model prices the front above the direct ALBs in every reference environment: README, CDN)');
    }
    this.staticAssets = new StaticAssets(this, 'static-assets', {
      name: config.name,
      hostedZone: { zoneId: this.edge.zoneId, zoneName: config.domain.zoneName },
      domainName: `${config.cdn?.staticSubdomain ?? DEFAULT_STATIC_SUBDOMAIN}.${config.domain.zoneName}`,
      globalProvider: this.globalProvider,
      capacity: plan.cdn,
      protection,
    });
    this.monitoring = new MonitoringStack(this, 'monitoring', {
      name: config.name,
      region: config.region,
      alarmEmails: config.alarmEmails,
      protection,
      watch: [this.network, this.edge, this.compute, this.data, this.events, this.staticAssets],
    });
    this.identities = new WorkloadIdentities(this, 'identities', {
      name: config.name,
      region: config.region,
      cluster: this.compute.eks,
      database: this.data.database,
      cache: this.data.cache,
      services: plan.services,
      monitoring: this.monitoring,
      events: { cluster: this.events, topics: plan.kafka.topics },
    });
    this.resilience = new ResilienceTier(this, 'resilience', {
      name: config.name,
      region: config.region,
      network: this.network,
      compute: this.compute,
      data: this.data,
      edge: this.edge,
      monitoring: this.monitoring,
      eks: plan.eks,
      settings: resilience,
      copyProvider,
      protection,
    });
    this.addOutputs();
    // What the account needs before this stack can apply (quotas, a real zone): synth passes,
    // and the summary says what to set or request (`npm run capacity -- <env>` lists the same).
    for (const item of firstApplyChecklist(config, plan)) {
      if (item.action) Annotations.of(this).addWarning(`before the first apply, ${item.topic}: ${item.text}`);
    }
  }

  private addOutputs(): void {
    const { database, cache } = this.data;
    const eks = this.compute.eks;
    const outputs: Record<string, { value: unknown; description?: string }> = {
      vpc_id: { value: this.network.vpcId },
      app_subnet_ids: { value: this.network.appSubnets.map((s) => s.id) },
      db_writer_endpoint: { value: database.writerEndpoint, description: 'Primary host (use the proxy endpoint from applications)' },
      db_proxy_endpoint: { value: database.proxyEndpoint, description: 'RDS Proxy (writes; TLS and IAM auth required)' },
      db_reader_endpoint: { value: database.readerEndpoint, description: 'Weighted name over the read replicas' },
      db_replica_endpoints: { value: database.replicaEndpoints },
      db_port: { value: database.port },
      db_secret_arn: { value: database.secretArn, description: 'Secrets Manager secret of the master user' },
      db_security_group_id: { value: database.securityGroupId },
      cache_configuration_endpoint: { value: cache.configurationEndpoint, description: 'Cluster-mode configuration endpoint (TLS, IAM auth)' },
      cache_port: { value: cache.port },
      cache_user_name: { value: cache.applicationUserName, description: 'RBAC user that authenticates with an IAM token' },
      cache_security_group_id: { value: cache.securityGroupId },
      alarm_topic_arn: { value: this.monitoring.alarmTopicArn },
      eks_cluster_name: { value: eks.clusterName },
      eks_endpoint: { value: eks.endpoint },
      eks_certificate_authority_data: { value: eks.certificateAuthorityData },
      eks_oidc_issuer_url: { value: eks.oidcIssuerUrl },
      eks_node_security_group_id: { value: eks.nodeSecurityGroupId, description: 'Nodes and pods; the data tier admits it as a client' },
      eks_controller_role_arns: {
        value: {
          aws_load_balancer_controller: eks.controllerRoles.loadBalancerControllerRoleArn,
          cluster_autoscaler: eks.controllerRoles.clusterAutoscalerRoleArn,
          ebs_csi_driver: eks.controllerRoles.ebsCsiDriverRoleArn,
        },
      },
      service_role_arns: {
        value: Object.fromEntries(Object.entries(this.identities.services).map(([name, identity]) => [name, identity.roleArn])),
        description: 'Pod Identity role of each service (services/<service>): its data-store grants',
      },
      read_pooler_role_arn: { value: this.identities.readPooler.roleArn, description: 'Pod Identity role of PgBouncer (services/pgbouncer-read): reads the database secret' },
      alertmanager_role_arn: { value: this.identities.alertmanager.roleArn, description: 'Pod Identity role of Alertmanager (monitoring/kube-prometheus-alertmanager): publishes to the alarm topic' },
      service_target_group_arns: { value: this.compute.ingress.targetGroupArns },
      service_endpoints: { value: this.compute.ingress.endpoints, description: "nginx upstreams: the internal NLB's fixed addresses and a port per service" },
      service_repository_urls: { value: Object.fromEntries(Object.entries(this.compute.repositories).map(([name, r]) => [name, r.repositoryUrl])) },
      kafka_bootstrap_brokers_iam: { value: this.events.bootstrapBrokersIam, description: 'MSK bootstrap brokers of the IAM listener (SASL/IAM over TLS, port 9098)' },
      kafka_cluster_arn: { value: this.events.clusterArn },
      kafka_security_group_id: { value: this.events.securityGroupId },
      ...(this.identities.kafkaTopics ? { kafka_topics_role_arn: { value: this.identities.kafkaTopics.roleArn, description: 'Pod Identity role of the topic Job (kafka-admin/kafka-topics): creates and updates the planned topics' } } : {}),
      edge_domain: { value: this.edge.tier.domainName },
      edge_alb_dns_names: { value: this.edge.tier.albs.map((a) => a.dnsName) },
      static_assets_domain: { value: this.staticAssets.domainName, description: 'Static assets through CloudFront' },
      static_assets_bucket: { value: this.staticAssets.bucketName, description: 'Publish content-hashed assets here (private; CloudFront reads it through OAC)' },
      static_assets_distribution_id: { value: this.staticAssets.distributionId },
    };
    if (this.edge.nameServers) outputs.public_zone_name_servers = { value: this.edge.nameServers, description: 'Delegate the zone to these from the parent domain' };
    for (const [name, output] of Object.entries(outputs)) new TerraformOutput(this, name, output);
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
