import { CapacityPlan } from '../capacity/plan';
import { cacheNodeSpec, dbInstanceSpec, instanceSpec } from '../capacity/catalog';
import { EnvironmentConfig } from '../config/environment';
import { invalid } from '../errors';
import { monitoringAlarms, STACK_INVENTORY } from './inventory';

/** A quantity at the plan's minimum, at target load and at its maximum. */
export interface Scenarios<T = number> {
  readonly min: T;
  readonly target: T;
  readonly max: T;
}

export const SCENARIOS = ['min', 'target', 'max'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function scenarios<T>(f: (s: Scenario) => T): Scenarios<T> {
  return { min: f('min'), target: f('target'), max: f('max') };
}

/**
 * Everything the cost model reads about one environment, in one flat record: the capacity
 * plan's counts, the config's choices, and what the stacks create around them. Built only by
 * {@link costInputsFor}, so a change to the plan or the config touches that one function.
 */
export interface CostInputs {
  readonly environment: string;
  readonly region: string;
  readonly production: boolean;
  readonly azCount: number;
  /** Requests/s at each scenario: the load the minimum fleet carries at the target utilisation, the target, the load the maximum fleet carries. */
  readonly rps: Scenarios;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly cacheOpsPerRequest: number;
  /** PostgreSQL queries per request (reads that miss the cache plus writes). */
  readonly dbQueriesPerRequest: number;
  /** Client connections open at the ALBs per request/s (new connections/s x lifetime / rps). */
  readonly activeConnectionsPerRps: number;
  readonly nginx: { readonly instanceType: string; readonly count: Scenarios; readonly rootVolumeGiB: number };
  readonly nodes: { readonly instanceType: string; readonly groups: number; readonly count: Scenarios; readonly rootVolumeGiB: number };
  readonly eks: { readonly supportType: 'STANDARD' | 'EXTENDED'; readonly inExtendedSupport: boolean; readonly version: string };
  readonly alb: { readonly count: number; readonly reservedLcuPerAlb: number; readonly lcuAtTarget: number };
  readonly internalNlb: { readonly count: number; readonly crossZone: boolean };
  readonly nat: { readonly gateways: number };
  readonly interfaceEndpoints: number;
  readonly database: {
    readonly primaryClass: string;
    readonly replicaClass: string;
    readonly replicas: number;
    readonly multiAz: boolean;
    readonly primaryVcpus: number;
    readonly allocatedGiB: number;
    readonly maxAllocatedGiB: number;
    readonly backupRetentionDays: number;
  };
  readonly cache: { readonly nodeType: string; readonly shards: number; readonly replicasPerShard: number; readonly nodes: number; readonly snapshotRetentionDays: number; readonly snapshotGiB: number };
  readonly observability: { readonly metricAlarms: number; readonly alarmMetrics: number; readonly compositeAlarms: number; readonly dashboards: number; readonly logGroups: number; readonly serviceLogGroups: number; readonly logRetentionDays: number; readonly detailedMonitoringInstances: Scenarios };
  readonly waf: { readonly webAcls: number; readonly rules: number };
  readonly kmsKeys: number;
  readonly hostedZones: number;
  readonly ecrRepositories: number;
  readonly secrets: number;
  readonly accessLogRetentionDays: number;
  /** The date prices and support windows are taken at (YYYY-MM-DD). */
  readonly asOf: string;
}

export interface CostInputOptions {
  /** Date the prices and the EKS support window are taken at. @default '2026-12-01' (the catalog's read date) */
  readonly asOf?: string;
}

const DEFAULT_AS_OF = '2026-12-01';

/**
 * The one place the cost model reads the capacity plan and the environment config. Figures the
 * plan does not hold are computed here from it (nodes at target load: the plan has min and max
 * only), and what the stacks create around the plan comes from {@link STACK_INVENTORY}.
 */
export function costInputsFor(config: EnvironmentConfig, plan: CapacityPlan, options: CostInputOptions = {}): CostInputs {
  const where = `cost model (${config?.name ?? '?'})`;
  if (!plan || typeof plan !== 'object' || !plan.nginx) invalid(where, 'plan', plan, 'is not a capacity plan', 'pass planCapacity(config.capacity)');
  if (plan.environment !== config.name) invalid(where, 'plan.environment', plan.environment, `is not the plan of environment "${config.name}"`, 'pass planEnvironment(config) of the same environment');
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) invalid(where, 'asOf', asOf, 'is not a date', 'pass YYYY-MM-DD');

  const inputs = config.capacity;
  const mix = inputs.requestMix;
  const az = plan.azCount;

  const nodeGroups = plan.eks.nodeGroups;
  const spec = instanceSpec(nodeGroups[0].instanceTypes[0], `${where} nodes`);
  const nodesMin = plan.eks.expectedNodesMin;
  const nodesMax = plan.eks.expectedNodesMax;
  const nodesTarget = plan.eks.expectedNodesAtTarget;

  // Load at the plan's minimum: what the HPA minimum carries at the target utilisation.
  const minShare = Math.min(...Object.values(plan.services).map((s) => s.minReplicas / s.replicasAtTarget));
  const maxRps = Math.min(...plan.tiers.map((t) => t.capacityRps).filter((c) => Number.isFinite(c)));
  const rps: Scenarios = { min: Math.min(plan.targetRps, Math.floor(plan.targetRps * minShare)), target: plan.targetRps, max: Math.max(plan.targetRps, maxRps) };

  const dbReplicas = plan.database.replicaCount;
  const multiAz = plan.survivesAzLoss;
  const dbInstances = 1 + dbReplicas;
  const cacheNodes = plan.cache.totalNodes;
  const natGateways = config.natGatewayPerAz ? config.availabilityZones.length : 1;
  const alarms = monitoringAlarms({
    albs: plan.alb.count,
    albLcuReserved: config.production,
    natGateways,
    dbInstances,
    dbReplicas,
    cacheNodes,
    cacheReplicasPerShard: plan.cache.replicasPerShard,
  });
  const cacheNode = cacheNodeSpec(plan.cache.nodeType, `${where} cache`);
  const serviceLogGroups = 2 + 1 + dbInstances * STACK_INVENTORY.logGroupsPerDbInstance; // cache engine + slow, EKS control plane, RDS exports
  const inExtendedSupport = config.production && asOf > STACK_INVENTORY.kubernetesStandardSupportEnds;
  const consumed = Math.max(...Object.values(plan.alb.lcuByDimension));

  return {
    environment: config.name,
    region: config.region,
    production: config.production,
    azCount: az,
    rps,
    requestBytes: mix.averageRequestBytes,
    responseBytes: mix.averageResponseBytes,
    cacheOpsPerRequest: mix.cacheOpsPerRequest,
    dbQueriesPerRequest: (plan.database.readQpsAtTarget + plan.database.writeQpsAtTarget) / plan.targetRps,
    activeConnectionsPerRps: mix.newConnectionShare * mix.averageConnectionSeconds,
    nginx: { instanceType: plan.nginx.instanceType, count: { min: plan.nginx.minSize, target: plan.nginx.desiredCapacity, max: plan.nginx.maxSize }, rootVolumeGiB: STACK_INVENTORY.nginxRootVolumeGiB },
    nodes: { instanceType: spec.instanceType, groups: nodeGroups.length, count: { min: nodesMin, target: nodesTarget, max: nodesMax }, rootVolumeGiB: STACK_INVENTORY.nodeRootVolumeGiB },
    eks: { supportType: config.production ? 'EXTENDED' : 'STANDARD', inExtendedSupport, version: STACK_INVENTORY.kubernetesVersion },
    alb: { count: plan.alb.count, reservedLcuPerAlb: config.production ? plan.alb.lcuReservationPerAlb : 0, lcuAtTarget: consumed },
    internalNlb: { count: STACK_INVENTORY.internalNlbs, crossZone: STACK_INVENTORY.internalNlbCrossZone },
    nat: { gateways: natGateways },
    interfaceEndpoints: STACK_INVENTORY.interfaceEndpoints,
    database: {
      primaryClass: plan.database.primaryInstanceClass,
      replicaClass: plan.database.replicaInstanceClass,
      replicas: dbReplicas,
      multiAz,
      primaryVcpus: dbInstanceSpec(plan.database.primaryInstanceClass, `${where} database`).vcpus,
      allocatedGiB: STACK_INVENTORY.dbAllocatedGiB,
      maxAllocatedGiB: STACK_INVENTORY.dbMaxAllocatedGiB,
      backupRetentionDays: config.production ? STACK_INVENTORY.productionBackupDays : STACK_INVENTORY.defaultBackupDays,
    },
    cache: {
      nodeType: plan.cache.nodeType,
      shards: plan.cache.shards,
      replicasPerShard: plan.cache.replicasPerShard,
      nodes: cacheNodes,
      snapshotRetentionDays: config.production ? STACK_INVENTORY.productionCacheSnapshotDays : STACK_INVENTORY.defaultCacheSnapshotDays,
      // Upper bound of a snapshot: every shard's memory at the model's usable share.
      snapshotGiB: plan.cache.shards * cacheNode.memoryGiB * (inputs.cache.maxMemoryShare ?? 0.75),
    },
    observability: {
      metricAlarms: alarms.metricAlarms,
      alarmMetrics: alarms.alarmMetrics,
      compositeAlarms: alarms.compositeAlarms,
      dashboards: STACK_INVENTORY.dashboards,
      logGroups: STACK_INVENTORY.fixedLogGroups + dbInstances * STACK_INVENTORY.logGroupsPerDbInstance,
      serviceLogGroups,
      logRetentionDays: config.production ? STACK_INVENTORY.productionLogRetentionDays : STACK_INVENTORY.defaultLogRetentionDays,
      // The nginx launch template turns on EC2 detailed monitoring (7 metrics per instance at the custom-metric rate).
      detailedMonitoringInstances: { min: plan.nginx.minSize, target: plan.nginx.desiredCapacity, max: plan.nginx.maxSize },
    },
    waf: { webAcls: STACK_INVENTORY.wafWebAcls, rules: STACK_INVENTORY.wafRules },
    kmsKeys: STACK_INVENTORY.kmsKeys,
    hostedZones: STACK_INVENTORY.privateHostedZones + (config.domain.hostedZoneId ? 0 : 1),
    ecrRepositories: config.services.length,
    secrets: STACK_INVENTORY.secrets,
    accessLogRetentionDays: (config.production ? STACK_INVENTORY.productionLogRetentionDays : STACK_INVENTORY.defaultLogRetentionDays) + STACK_INVENTORY.accessLogNoncurrentDays,
    asOf,
  };
}
