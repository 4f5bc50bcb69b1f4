/**
 * The package's public entry, a designed surface: the constructs with their props, outputs
 * and the interfaces they take; the capacity model (`planCapacity`, `planEnvironment`, the
 * inputs and the plan slices the constructs take as `capacity`); the cost model; the policy;
 * and the config, protection, IAM and error types a consumer needs. Helper functions and
 * constants the constructs use internally are not exported.
 */
export { EncryptionKey, EncryptionKeyProps, ServiceGrant } from './encryption-key';
export { INetwork, NatGatewayStrategy, Network, NetworkProps, SubnetInfo, SubnetPrefixLengths } from './network';
export {
  DB_INSTANCE_CLASS_MEMORY_GIB,
  EngineLifecycleSupport,
  MasterPassword,
  PostgresEngineVersion,
  PostgresParameter,
  ProxyClientAuth,
  RdsWithReplicas,
  RdsWithReplicasProps,
  ReaderDnsZone,
  WriteOnly,
} from './rds-with-replicas';
export { CacheAutoScaling, CacheEngineVersion, CacheScalingDimension, CacheUser, RedisCluster, RedisClusterProps } from './redis-cluster';
export {
  ContainerInsights,
  ContainerInsightsProps,
  ControllerRoles,
  ControllerRolesProps,
  EksAddonVersions,
  EksCluster,
  EksClusterProps,
  INodeGroupOrdering,
  KubernetesVersion,
  ManagedNodeGroup,
  ManagedNodeGroupProps,
  NodeCapacityType,
  NodeGroupSpec,
  NodeTaint,
  PodIdentityRole,
  PodIdentityRoleOptions,
  ServiceAccountRef,
  SupportType,
  TaintEffect,
} from './eks-cluster';
export { ContainerRepository, ContainerRepositoryProps } from './container-repository';
export { IngressServiceSpec, IServiceIngress, ServiceIngress, ServiceIngressProps } from './service-ingress';
export { ClusterControllers, ClusterControllersProps } from './cluster-controllers';
export { NamespaceBaseline, NamespaceBaselineProps, NamespaceQuota } from './namespace-baseline';
export { ScalingBehavior, ServiceWorkload, ServiceWorkloadProps, WorkloadIdentity, WorkloadServiceAccount } from './service-workload';
export {
  AutoScalingGroup,
  AutoScalingGroupProps,
  PredictiveScalingMode,
  RequestCountTarget,
  ScheduledScaling,
  SpotSettings,
  WarmPoolSettings,
  WarmPoolState,
} from './auto-scaling-group';
export {
  AccessLogBucket,
  AccessLogBucketProps,
  AlbNginxTier,
  AlbNginxTierCapacity,
  AlbNginxTierProps,
  DesyncMitigationMode,
  EdgeWebAcl,
  EdgeWebAclProps,
  HostedZoneRef,
  NginxFleetSize,
  TierTls,
} from './alb-nginx-tier';
export {
  PGBOUNCER_IMAGE,
  ReadPooler,
  ReadPoolerProps,
  ReadPoolerRole,
  ReadPoolerRoleProps,
  SecretsStoreCsi,
  SecretsStoreCsiProps,
  ServerTls,
} from './read-pooler';
// Security-group wiring (`connections` on every construct with a security group) and per-service AWS identities.
export { Connections, ImportedSecurityGroup, isConnectable, Port } from './connections';
export type { ConnectionsProps, IConnectable, ImportedSecurityGroupOptions, SecurityGroupHandle } from './connections';
export { ServiceIdentity } from './service-identity';
export type { ServiceIdentityProps } from './service-identity';
// Resilience (issue 19): AZ-loss experiments (AWS FIS) and cross-Region backups (AWS Backup).
export { FaultInjectionExperiments } from './fault-injection';
export type { ExperimentInfo, FaultInjectionExperimentsProps, FleetTarget, NodeGroupTarget } from './fault-injection';
export { CrossRegionBackup } from './cross-region-backup';
export type { BackedUpResource, CrossRegionBackupProps } from './cross-region-backup';
export { BackupSettings, BACKUP_INTERVAL_HOURS, DEFAULT_AZ_LOSS_MINUTES, DEFAULT_COPY_REGIONS, EnvironmentAlarm, FaultInjectionSettings, ResolvedResilience, resolveResilience, VaultLockMode, ZonalAutoshiftSettings, ZonalShiftSettings } from '../lib/config/resilience';
export { Conditions, Effect, IGrantable, isGrantable, POLICY_VERSION, PolicyDocument, PolicyStatement, PolicyStatementProps, Principal } from '../lib/iam';
export { ValidationError } from '../lib/errors';
export { Protection, ProtectionSettings } from '../lib/protection';
export { capacityInputsOf, DomainSettings, EnvironmentConfig, leverSettingsOf, planEnvironment, resilienceOf, S3BackendSettings, validateEnvironmentConfig } from '../lib/config/environment';
export {
  ComputeTier,
  ComputeTierProps,
  DataTier,
  DataTierProps,
  DB_MASTER_PASSWORD_VARIABLE,
  EdgeTier,
  EdgeTierProps,
  Environment,
  EnvironmentAwsStack,
  EnvironmentAwsStackProps,
  EnvironmentPlatformStack,
  EnvironmentPlatformStackProps,
  EnvironmentProps,
  ResilienceTier,
  ResilienceTierProps,
  ServicesDatabase,
  ServicesTier,
  ServicesTierProps,
  WorkloadIdentities,
  WorkloadIdentitiesProps,
} from './environment';
export { ServiceConfig } from '../lib/config/services';
export { ServiceEndpoint } from '../lib/service-endpoints';
export { NginxConfig, NginxRuntime, renderNginxConf, validateNginxConfig } from '../lib/nginx';
export { DESIGN_NOTES_RATE_LIMITS, ParsedRate, parseRate, RateLimitKey, RateLimitTier } from '../lib/rate-limits';
export {
  AlarmSeverity,
  AlarmSubscription,
  DatabaseRole,
  IMonitorable,
  MonitoredAlarm,
  MonitoringStack,
  MonitoringStackProps,
  MonitoringTargets,
  SubscriptionProtocol,
  Tier,
  WatchedAutoScalingGroup,
  WatchedCache,
  WatchedDatabase,
  WatchedEksCluster,
  WatchedLoadBalancer,
  WatchedNatGateway,
  WatchedTargetGroup,
} from './monitoring-stack';
export { ALERTMANAGER_SERVICE_ACCOUNT, AlertmanagerRole, AlertmanagerRoleProps, ClusterMonitoring, ClusterMonitoringProps } from './cluster-monitoring';
export { ClusterNodePlan } from '../lib/prometheus/cluster-alerts';
export { ServiceMonitoringTarget } from '../lib/prometheus/service-alerts';
// Both lib/prometheus and lib/policy name an enum Severity; the alert one is exported under this name.
export { Severity as AlertSeverity } from '../lib/prometheus/rules';
export { AVAILABILITY_OBJECTIVE, LATENCY_P95_OBJECTIVE_SECONDS, LATENCY_P99_OBJECTIVE_SECONDS } from '../lib/slo';
// The capacity model: inputs, entry points, the plan and its slices (each sized construct's `capacity`).
export {
  CapacityPresets,
  compareWithDesignNotes,
  CONTAINER_LOGS_DAEMONSET,
  DEFAULT_DAEMONSETS,
  DESIGN_NOTES_SIZING,
  DESIGN_NOTES_REQUEST_MIX,
  NGINX_RPS_PER_VCPU,
  NODE_DAEMONSETS,
  PLACEHOLDER,
  planCapacity,
  planReadPooler,
  renderCapacityReport,
  renderCapacitySummary,
  renderDesignNotesComparison,
  renderEnvironmentReport,
  renderMeasuredFigures,
  sourced,
  validateInputs,
} from '../lib/capacity';
// This repo's measured per-unit figures and the one derating policy applied to them.
export { DERATING, DERATING_POLICY, MEASURED_FIGURES, measuredFigure } from '../lib/capacity/measured';
export type { DeratingFactor, MeasuredFigure, MeasuredFigureInput } from '../lib/capacity/measured';
export type {
  AlbCapacityInput,
  AlbPlan,
  CacheCapacityInput,
  CachePlan,
  CapacityInputs,
  CapacityPlan,
  ClusterMonitoringPlan,
  DaemonSetRequests,
  DatabaseCapacityInput,
  DatabasePlan,
  DesignNotesRow,
  EksPlan,
  EnvironmentCapacity,
  MonitoredServicePlan,
  NamespaceQuotaPlan,
  NetworkPlan,
  NginxCapacityInput,
  NginxPlan,
  NodeCapacityInput,
  NodeGroupPlan,
  PlanIdentity,
  PlatformCapacityInput,
  PlatformWorkloadInput,
  ReadPoolerPlan,
  ReadPoolerPlanInput,
  ReportFormat,
  RequestMix,
  ServiceCapacityInput,
  ServicePlan,
  Sourced,
  TierInput,
  TierReport,
  WebApiPresetOptions,
} from '../lib/capacity';
// The cost model: prices the plan.
export {
  catalogFor,
  costInputsFor,
  DEFAULT_COST_ASSUMPTIONS,
  defaultLeverSettings,
  DESIGN_NOTES_BUDGETS,
  PRICE_CATALOGS,
  priceEnvironment,
  priceInputs,
  renderBudgetComparison,
  renderCostReport,
  renderCostSummary,
  renderEnvironmentCost,
  SCENARIOS,
  STACK_INVENTORY,
  US_EAST_1,
  whatBudgetsBuy,
  withOverrides,
} from '../lib/cost';
export type {
  ActiveDays,
  ActiveHours,
  BudgetRow,
  CostAssumptions,
  CostInputOptions,
  CostInputs,
  CostLeverSettings,
  CostReport,
  CostReportFormat,
  CostTier,
  CostTierResult,
  DesignNotesBudget,
  GravitonRow,
  LeverResult,
  LineCategory,
  LineItem,
  LineSpec,
  PriceCatalog,
  PricingContext,
  PriceEntry,
  PriceOptions,
  PriceOverride,
  PriceTier,
  Scenario,
  Scenarios,
} from '../lib/cost';
export { findProviderMirror, MirrorSearchOptions, OfflinePlanError, OfflinePlanResult, OfflinePlanSelection, OfflinePlanSelectionOptions, OfflinePlanSkip, offlinePlanObstacles, planOffline, PlanOfflineOptions, PROVIDER_MIRROR_ENV, ProviderRequirement, providersMissingFromMirror, requiredProviders, selectOfflinePlannable } from '../lib/offline-plan';
export {
  ALL_RULES,
  Attr,
  Attrs,
  CheckOutcome,
  evaluateStack,
  Finding,
  formatReport,
  Policy,
  PolicyCheck,
  PolicyOptions,
  PolicyRule,
  ResourceView,
  Severity,
  StackPolicyReport,
  StackView,
  Suppression,
  TerraformDocument,
} from '../lib/policy';
// Service mesh (issue 17): Istio ambient, per-service resilience and authorization policy.
export { allowMeshTraffic, ISTIO_NAMESPACE, ISTIO_VERSION, ISTIOD_WEBHOOK_PORT, MeshPolicies, ServiceMesh } from './service-mesh';
export type { MeshPoliciesProps, ServiceMeshProps } from './service-mesh';
// The mesh config (`EnvironmentConfig.mesh`), its documented defaults and limits, and what MeshPolicies takes.
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MIN_RETRY_CONCURRENCY,
  DEFAULT_PER_TRY_TIMEOUT_MS,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_RETRY_BUDGET_PERCENT,
  DEFAULT_ROUTE_TIMEOUT_MS,
  DESIGN_NOTES_CONNECTION_POOL,
  DESIGN_NOTES_OUTLIER_DETECTION,
  MAX_RETRY_ATTEMPTS,
  MAX_RETRY_BUDGET_PERCENT,
  PREMIUM_USER_TYPE,
  resolveMeshServices,
  SERVICE_NAME_LABEL,
  USER_TYPE_HEADER,
} from '../lib/mesh/config';
export type {
  MeshConfig,
  MeshConnectionPool,
  MeshLoadBalancer,
  MeshOutlierDetection,
  MeshRetryPolicy,
  MeshServiceConfig,
  MeshServiceInput,
  MeshSetting,
  ResolvedMeshService,
} from '../lib/mesh/config';
// The labels and ports a namespace and its Services need to join the mesh (what ServicesTier sets), and MeshPolicies' output type.
export { AMBIENT_NAMESPACE_LABELS, HBONE_PORT, USE_WAYPOINT_LABEL, WAYPOINT_NAME } from '../lib/mesh/manifests';
export type { MeshManifest } from '../lib/mesh/manifests';

// First apply (issue 19): deployer access, the EKS version lifecycle, the control plane's ports, the checklist.
export { ClusterAccessSettings, kubernetesVersionOf, requireClusterAccess } from '../lib/config/environment';
export { DEFAULT_KUBERNETES_VERSION, EKS_VERSIONS, EksVersionLifecycle, eksVersionLifecycle } from '../lib/eks-versions';
export { CONTROL_PLANE_PORTS, ControlPlanePort } from '../lib/platform-ports';
export { FirstApplyItem, firstApplyChecklist, renderFirstApplyChecklist } from '../lib/config/first-apply';

// Event backbone (issue 16): Kafka on Amazon MSK.
export { EnhancedMonitoring, KafkaVersion, MSK_PORTS, MskCluster } from './msk-cluster';
export type { KafkaTopic, MskClusterProps } from './msk-cluster';

// CDN (issue 18): static assets through CloudFront.
export { CdnWebAcl, CLOUDFRONT_REGION, ONE_YEAR_SECONDS, PriceClass, StaticAssets, VIEWER_TLS_POLICY } from './static-assets';
export type { CdnWebAclProps, StaticAssetsProps, StaticAssetsZone } from './static-assets';
export { CdnSettings, DEFAULT_STATIC_SUBDOMAIN } from '../lib/config/environment';
// CDN (issue 18): CloudFront in front of the API, the ALB tier its closed origin.
export { ApiFront, MANAGED_CACHING_DISABLED_POLICY_ID, ORIGIN_VERIFY_HEADER, OriginVerifySecret } from './api-front';
export type { ApiCaching, ApiFrontProps, ApiOrigin, OriginVerifySecretProps } from './api-front';
export { CdnOriginSettings, ORIGIN_VERIFY_VALUES_PATH } from './alb-nginx-tier';
export { WebAclScope } from './alb-nginx-tier';
export { ORIGIN_SUBDOMAIN } from '../lib/config/environment';
export { RealIpHeader, NginxOriginVerify } from '../lib/nginx';

// Types the documented API above refers to (the API report lists them, so a user can name them).
export { ACTIVE_DAYS } from '../lib/cost';
export type { KafkaBrokerType } from '../lib/capacity/kafka-catalog';
export type { CdnCapacityInput, CdnPlan } from '../lib/capacity/cdn';
export type { KafkaCapacityInput, KafkaConsumerGroupInput, KafkaTopicInput } from '../lib/capacity/kafka';
export { TopicCleanupPolicy } from '../lib/capacity/kafka';
export type { KafkaPlan, KafkaTopicPlan, MeshPlan, MeshPodResources } from '../lib/capacity/plan';
export { CDN_DEFAULTS } from '../lib/capacity/cdn';
export type { WatchedDistribution, WatchedKafkaCluster } from './monitoring-stack/watched-resources';
export type { ServicesMesh } from './environment/services-tier';
export type { ResilienceInputs } from '../lib/config/resilience';

// Kafka operations (issue 16): topics created at deploy, the brokers scraped by Prometheus.
export { KAFKA_TOPICS_IMAGE, KAFKA_TOPICS_SERVICE_ACCOUNT, KafkaTopics } from './kafka-topics';
export type { KafkaTopicsProps } from './kafka-topics';
export { KafkaTopicSpec, MANAGED_TOPIC_CONFIGS, renderTopicAdminScript, TOPIC_ADMIN_PACKAGE, topicConfigHash, topicSpecsOf } from '../lib/kafka/topic-admin';
export { KAFKA_BROKER_DISK_PERCENT_MAX, KAFKA_REQUEST_HANDLER_IDLE_MIN, kafkaAlerts, kafkaRuleGroup, MSK_EXPORTER_PORTS, MSK_SCRAPE_JOBS, mskScrapeConfigs, MskScrapeTarget } from '../lib/prometheus/kafka-alerts';
export type { ClusterMonitoringKafka } from './cluster-monitoring/cluster-monitoring-props';
// Hardening (issues 19/21 leftovers): the range PostgresEngineVersion.of accepts, and its sources.
export { POSTGRES_MAJOR_SANITY_MAX, RDS_POSTGRES_NEWEST_KNOWN_MAJOR, RDS_POSTGRES_OLDEST_STANDARD_MAJOR, RDS_POSTGRES_RELEASE_CALENDAR } from './rds-with-replicas';
export type { AlertAnnotations, AlertRule, RecordingRule, Rule, RuleGroup } from '../lib/prometheus/rules';
export type { AlertFixture, SeriesFixture, TestedAlertRule } from '../lib/prometheus/service-alerts';
// AZ-affine routing (issue 15): the upstream blocks an instance installs for its AZ.
export { renderNginxUpstreams } from '../lib/nginx';
