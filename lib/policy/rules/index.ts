import { PolicyRule } from '../rule';
import { COMPUTE_RULES } from './compute';
import { EKS_RULES } from './eks';
import { ELASTICACHE_RULES } from './elasticache';
import { KMS_RULES } from './kms';
import { KUBERNETES_RULES } from './kubernetes';
import { LOAD_BALANCING_RULES } from './load-balancing';
import { LOGGING_RULES } from './logging';
import { MSK_RULES } from './msk';
import { NETWORK_RULES } from './network';
import { RDS_RULES } from './rds';
import { RESILIENCE_RULES } from './resilience';
import { STORAGE_RULES } from './storage';
import { MESH_RULES } from './mesh';
import { CLOUDFRONT_RULES } from './cloudfront';

export * from './compute';
export * from './eks';
export * from './elasticache';
export * from './kms';
export * from './kubernetes';
export * from './load-balancing';
export * from './logging';
export * from './msk';
export * from './network';
export * from './rds';
export * from './resilience';
export * from './storage';
export * from './mesh';
export * from './cloudfront';

/** Every rule the policy applies. */
export const ALL_RULES: readonly PolicyRule[] = [
  ...RDS_RULES,
  ...ELASTICACHE_RULES,
  ...COMPUTE_RULES,
  ...STORAGE_RULES,
  ...LOGGING_RULES,
  ...LOAD_BALANCING_RULES,
  ...EKS_RULES,
  ...NETWORK_RULES,
  ...KMS_RULES,
  ...KUBERNETES_RULES,
  ...MESH_RULES,
  ...RESILIENCE_RULES,
  ...MSK_RULES,
  ...CLOUDFRONT_RULES,
];

export const RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id);
