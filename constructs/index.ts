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
export { ValidationError } from '../lib/errors';
export { DomainSettings, EnvironmentConfig, S3BackendSettings, validateEnvironmentConfig } from '../lib/config/environment';
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
export { dropTokenCreationTraces, TOKEN_TRACES_ENV } from '../lib/token-traces';
export { findProviderMirror, MirrorSearchOptions, OfflinePlanError, OfflinePlanResult, planOffline, PlanOfflineOptions, PROVIDER_MIRROR_ENV, ProviderRequirement, requiredProviders } from '../lib/offline-plan';
export { cpuMillicores, KubernetesResources, memoryMiB, podRequests } from '../lib/kubernetes-quantity';
export * from '../lib/capacity';
export {
  ALL_RULES,
  Attr,
  Attrs,
  CheckOutcome,
  evaluateStack,
  Finding,
  formatReport,
  GuardedStack,
  Policy,
  PolicyAspect,
  PolicyCheck,
  PolicyOptions,
  PolicyRule,
  ResourceView,
  Severity,
  StackPolicyReport,
  StackView,
  Suppression,
} from '../lib/policy';
