export { planCapacity } from './model';
export { planReadPooler } from './read-pooler';
export type { ReadPoolerPlanInput } from './read-pooler';
export { CapacityPresets, DESIGN_NOTES_REQUEST_MIX, MAX_PRESET_RPS } from './presets';
export type { WebApiPresetOptions } from './presets';
export { NGINX_RPS_PER_VCPU } from './measured';
export { renderCapacityReport, renderCapacitySummary, renderDesignNotesComparison, renderEnvironmentReport, renderMeasuredFigures, tierMeetsTarget } from './report';
export type { ReportFormat } from './report';
export { compareWithDesignNotes, DESIGN_NOTES_SIZING } from './design-notes';
export type { DesignNotesRow } from './design-notes';
export { instanceSpec, cacheNodeSpec, dbInstanceSpec, knownInstanceTypes, maxPodsWithPrefixDelegation, rdsDefaultMaxConnections, spotInstanceTypes } from './catalog';
export type { InstanceSpec, CacheNodeSpec, DbInstanceSpec } from './catalog';
export { validateInputs, MAX_TARGET_RPS, DEFAULT_DAEMONSETS, NODE_DAEMONSETS, CONTAINER_LOGS_DAEMONSET } from './inputs';
export type {
  CapacityInputs,
  EnvironmentCapacity,
  RequestMix,
  ServiceCapacityInput,
  AlbCapacityInput,
  NginxCapacityInput,
  NodeCapacityInput,
  PlatformCapacityInput,
  PlatformWorkloadInput,
  CacheCapacityInput,
  DatabaseCapacityInput,
  DaemonSetRequests,
} from './inputs';
export type {
  CapacityPlan,
  PlanIdentity,
  NetworkPlan,
  AlbPlan,
  NginxPlan,
  ServicePlan,
  EksPlan,
  NodeGroupPlan,
  CachePlan,
  DatabasePlan,
  ReadPoolerPlan,
  NamespaceQuotaPlan,
  ClusterMonitoringPlan,
  MonitoredServicePlan,
  TierReport,
  TierInput,
  MeshPlan,
  MeshPodResources,
} from './plan';
export { AWS_QUOTAS, ALB_LCU, PLACEHOLDER, sourced } from './sourced';
export type { Sourced } from './sourced';
export * from './network';
export { planMesh } from './mesh';
export { azLossPrediction, renderAzLossTable } from './az-loss';
export type { AzLossPrediction, AzLossTier } from './az-loss';
export { planKafka, validateKafkaInput, DESIGN_NOTES_TOPICS, defaultTopics, DEFAULT_RETENTION_HOURS, MAX_RETENTION_HOURS, KAFKA_TOPIC_NAME, TopicCleanupPolicy, deadLetterTopicName } from './kafka';
export type { KafkaCapacityInput, KafkaTopicInput, KafkaConsumerGroupInput } from './kafka';
export { KafkaBrokerType, kafkaBrokerSpec, kafkaBrokerSizes, knownKafkaBrokerTypes, brokerTypeOf, MSK_LIMITS } from './kafka-catalog';
export type { KafkaBrokerSpec } from './kafka-catalog';
export type { KafkaPlan, KafkaTopicPlan } from './plan';
export { CDN_DEFAULTS, CLOUDFRONT_QUOTAS, planCdn, resolveCdnInputs, validateCdnInputs } from './cdn';
export type { CdnCapacityInput, CdnPlan, ResolvedCdnInputs } from './cdn';
