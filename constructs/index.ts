/**
 * The package's public entry: every construct, the capacity model (`planCapacity` and its
 * input and plan types, which size the constructs), and the parts of lib/ a consumer needs
 * (environment config types and validation, the error type).
 */
export * from './encryption-key';
export * from './network';
export * from './rds-with-replicas';
export * from './redis-cluster';
export * from './eks-cluster';
export * from './container-repository';
export * from './service-ingress';
export * from './cluster-controllers';
export * from './namespace-baseline';
export * from './service-workload';
export * from './auto-scaling-group';
export * from './alb-nginx-tier';
export * from './read-pooler';
export * from './connections';
export * from './service-identity';
export { Conditions, Effect, IGrantable, isGrantable, POLICY_VERSION, PolicyDocument, PolicyStatement, PolicyStatementProps, Principal } from '../lib/iam';
export { ValidationError } from '../lib/errors';
export {
  NON_PRODUCTION_CACHE_SNAPSHOT_DAYS,
  NON_PRODUCTION_DATABASE_BACKUP_DAYS,
  NON_PRODUCTION_LOG_RETENTION_DAYS,
  NON_PRODUCTION_SECRET_RECOVERY_DAYS,
  PRODUCTION_CACHE_SNAPSHOT_DAYS,
  PRODUCTION_DATABASE_BACKUP_DAYS,
  PRODUCTION_LOG_RETENTION_DAYS,
  PRODUCTION_SECRET_RECOVERY_DAYS,
  Protection,
  ProtectionSettings,
} from '../lib/protection';
export { capacityInputsOf, DomainSettings, EnvironmentConfig, leverSettingsOf, planEnvironment, S3BackendSettings, validateEnvironmentConfig } from '../lib/config/environment';
export * from './environment';
export { ServiceConfig } from '../lib/config/services';
export { ServiceEndpoint } from '../lib/service-endpoints';
export { NginxConfig, NginxRuntime, renderNginxConf, validateNginxConfig } from '../lib/nginx';
export { DESIGN_NOTES_RATE_LIMITS, ParsedRate, parseRate, RateLimitKey, RateLimitTier } from '../lib/rate-limits';
export * from './monitoring-stack';
export * from './cluster-monitoring';
export * from '../lib/prometheus';
// Both lib/prometheus and lib/policy name an enum Severity; the alert one is exported under this name.
export { Severity as AlertSeverity } from '../lib/prometheus/rules';
export { KubePrometheusStackValuesInput } from './cluster-monitoring/values';
export * from '../lib/alertmanager';
export * from '../lib/grafana';
export * from '../lib/slo';
export { findProviderMirror, MirrorSearchOptions, OfflinePlanError, OfflinePlanResult, OfflinePlanSelection, OfflinePlanSelectionOptions, OfflinePlanSkip, offlinePlanObstacles, planOffline, PlanOfflineOptions, PROVIDER_MIRROR_ENV, ProviderRequirement, providersMissingFromMirror, requiredProviders, selectOfflinePlannable } from '../lib/offline-plan';
export { cpuMillicores, KubernetesResources, memoryMiB, podRequests } from '../lib/kubernetes-quantity';
export * from '../lib/capacity';
export * from '../lib/cost';
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
