import { CapacityPlan } from '../capacity/plan';
import { cacheNodeSpec, dbInstanceSpec, instanceSpec } from '../capacity/catalog';
import { EnvironmentConfig, kubernetesVersionOf, leverSettingsOf, resilienceOf } from '../config/environment';
import { eksVersionLifecycle, pastStandardSupport } from '../eks-versions';
import { invalid } from '../errors';
import { monitoringAlarms, STACK_INVENTORY } from './inventory';
import { isCalendarDate } from './price';

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
  readonly eks: { readonly supportType: 'STANDARD' | 'EXTENDED'; readonly inExtendedSupport: boolean; readonly version: string; /** YYYY-MM-DD (lib/eks-versions.ts). */ readonly endOfStandardSupport: string };
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
  /** Kafka on MSK: brokers, their storage and the clients' traffic at target load. */
  readonly kafka: { readonly brokerType: string; readonly instanceType: string; readonly brokers: number; readonly volumeGiBPerBroker: number; readonly maxVolumeGiBPerBroker: number; readonly retainedGB: number; readonly ingressMBps: number; readonly egressMBps: number };
  readonly observability: { readonly metricAlarms: number; readonly alarmMetrics: number; readonly compositeAlarms: number; readonly dashboards: number; readonly logGroups: number; readonly serviceLogGroups: number; readonly logRetentionDays: number; readonly detailedMonitoringInstances: Scenarios };
  readonly waf: { readonly webAcls: number; readonly rules: number };
  readonly kmsKeys: number;
  readonly hostedZones: number;
  readonly ecrRepositories: number;
  readonly secrets: number;
  readonly accessLogRetentionDays: number;
  /** AWS Backup of the database (with its copy in a second Region) and the FIS AZ-loss experiment. */
  readonly resilience: {
    readonly backup: { readonly enabled: boolean; readonly intervalHours: number; readonly retentionDays: number; readonly copyRetentionDays: number; readonly copyRegion: string };
    /** Actions of one AZ-loss experiment and how long each runs. */
    readonly azLossExperiment: { readonly enabled: boolean; readonly actions: number; readonly minutes: number };
  };
  /** The CDN tier (plan.cdn): static requests and bytes and, with the API front, the API through CloudFront. */
  readonly cdn: {
    readonly apiFront: boolean;
    readonly staticRequestsPerApiRequest: number;
    readonly staticResponseBytes: number;
    readonly staticOriginShare: number;
    readonly distributions: number;
  };
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
  if (typeof config?.capacity !== 'object' || config.capacity === null) invalid('cost model', 'config', config, 'is not an environment config', 'pass the EnvironmentConfig the plan was made from');
  const where = `cost model (${config.name})`;
  if (typeof plan?.nginx !== 'object' || plan.nginx === null) invalid(where, 'plan', plan, 'is not a capacity plan', 'pass planEnvironment(config)');
  if (plan.environment !== config.name) invalid(where, 'plan.environment', plan.environment, `is not the plan of environment "${config.name}"`, 'pass planEnvironment(config) of the same environment');
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  if (!isCalendarDate(asOf)) invalid(where, 'asOf', asOf, 'is not a calendar date', 'pass YYYY-MM-DD, e.g. "2026-12-01"');

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
  // A tier without a limit has capacityRps Infinity: the smallest finite one bounds max.
  const maxRps = Math.min(...plan.tiers.map((t) => t.capacityRps));
  const rps: Scenarios = { min: Math.min(plan.targetRps, Math.floor(plan.targetRps * minShare)), target: plan.targetRps, max: Math.max(plan.targetRps, maxRps) };

  const dbReplicas = plan.database.replicaCount;
  const multiAz = plan.survivesAzLoss;
  const dbInstances = 1 + dbReplicas;
  const cacheNodes = plan.cache.totalNodes;
  const natGateways = config.natGatewayPerAz ? config.availabilityZones.length : 1;
  const alarms = monitoringAlarms({
    albs: plan.alb.count,
    albLcuReserved: config.albCapacityReservation ?? false,
    natGateways,
    dbInstances,
    dbReplicas,
    cacheNodes,
    cacheReplicasPerShard: plan.cache.replicasPerShard,
    kafkaBrokers: plan.kafka.brokerCount,
    kafkaExpress: plan.kafka.brokerType === 'express',
    kafkaConsumerGroupTopics: plan.kafka.topics.reduce((s, t) => s + t.consumerGroups.length, 0),
    distributions: plan.cdn.apiFront ? 2 : 1,
  });
  const cacheNode = cacheNodeSpec(plan.cache.nodeType, `${where} cache`);
  const serviceLogGroups = 2 + 1 + 1 + dbInstances * STACK_INVENTORY.logGroupsPerDbInstance; // cache engine + slow, EKS control plane, MSK broker logs, RDS exports
  // Production runs support type EXTENDED (constructs/environment/compute-tier.ts): past the
  // version's end of standard support it pays the extended fee; elsewhere EKS upgrades it instead.
  const kubernetesVersion = kubernetesVersionOf(config);
  const inExtendedSupport = config.production && pastStandardSupport(kubernetesVersion, asOf);
  const consumed = Math.max(...Object.values(plan.alb.lcuByDimension));
  const resilience = resilienceInputs(config, plan);

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
    eks: { supportType: config.production ? 'EXTENDED' : 'STANDARD', inExtendedSupport, version: kubernetesVersion, endOfStandardSupport: eksVersionLifecycle(kubernetesVersion)?.endOfStandardSupport ?? 'unknown' },
    alb: { count: plan.alb.count, reservedLcuPerAlb: config.albCapacityReservation ? plan.alb.lcuReservationPerAlb : 0, lcuAtTarget: consumed },
    internalNlb: { count: STACK_INVENTORY.internalNlbs, crossZone: STACK_INVENTORY.internalNlbCrossZone && !leverSettingsOf(config).azAffineRouting },
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
    kafka: {
      brokerType: plan.kafka.brokerType,
      instanceType: plan.kafka.instanceType,
      brokers: plan.kafka.brokerCount,
      volumeGiBPerBroker: plan.kafka.volumeSizeGiB ?? 0,
      maxVolumeGiBPerBroker: plan.kafka.maxVolumeSizeGiB ?? 0,
      retainedGB: plan.kafka.retainedGB,
      ingressMBps: plan.kafka.ingressMBps,
      egressMBps: plan.kafka.egressMBps,
    },
    observability: {
      metricAlarms: alarms.metricAlarms,
      alarmMetrics: alarms.alarmMetrics,
      compositeAlarms: alarms.compositeAlarms + STACK_INVENTORY.sloCompositeAlarms,
      dashboards: STACK_INVENTORY.dashboards,
      logGroups: STACK_INVENTORY.fixedLogGroups + dbInstances * STACK_INVENTORY.logGroupsPerDbInstance + (resilience.azLossExperiment.enabled ? STACK_INVENTORY.faultInjectionLogGroups : 0),
      serviceLogGroups,
      logRetentionDays: config.production ? STACK_INVENTORY.productionLogRetentionDays : STACK_INVENTORY.defaultLogRetentionDays,
      // The nginx launch template turns on EC2 detailed monitoring (7 metrics per instance at the custom-metric rate).
      detailedMonitoringInstances: { min: plan.nginx.minSize, target: plan.nginx.desiredCapacity, max: plan.nginx.maxSize },
    },
    waf: { webAcls: STACK_INVENTORY.wafWebAcls, rules: STACK_INVENTORY.wafRules },
    kmsKeys: STACK_INVENTORY.kmsKeys + (resilience.backup.enabled ? STACK_INVENTORY.backupKmsKeys : 0) + (resilience.azLossExperiment.enabled ? STACK_INVENTORY.faultInjectionKmsKeys : 0),
    hostedZones: STACK_INVENTORY.privateHostedZones + (config.domain.hostedZoneId ? 0 : 1),
    ecrRepositories: config.services.length,
    secrets: STACK_INVENTORY.secrets,
    resilience,
    cdn: {
      apiFront: plan.cdn.apiFront,
      staticRequestsPerApiRequest: plan.cdn.staticRequestsPerSecond / plan.targetRps,
      staticResponseBytes: plan.cdn.staticResponseBytes,
      staticOriginShare: 1 - plan.cdn.staticCacheHitRatio,
      distributions: plan.cdn.apiFront ? 2 : 1,
    },
    accessLogRetentionDays: (config.production ? STACK_INVENTORY.productionLogRetentionDays : STACK_INVENTORY.defaultLogRetentionDays) + STACK_INVENTORY.accessLogNoncurrentDays,
    asOf,
  };
}

/**
 * Backup settings and the AZ-loss experiment's size, as ResilienceTier builds them: per AZ, one
 * stop action for the nginx fleet and one per node group in the AZ, the fleet's
 * insufficient-capacity action, the subnet disruption, the database failover and the cache
 * power interruption.
 */
function resilienceInputs(config: EnvironmentConfig, plan: CapacityPlan): CostInputs['resilience'] {
  const r = resilienceOf(config);
  const groupsPerAz = Math.max(...config.availabilityZones.map((_, i) => plan.eks.nodeGroups.filter((g) => g.azIndex === i).length));
  return {
    backup: { enabled: r.backup.enabled, intervalHours: r.backup.intervalHours, retentionDays: r.backup.retentionDays, copyRetentionDays: r.backup.copyRetentionDays, copyRegion: r.backup.copyRegion },
    azLossExperiment: { enabled: r.faultInjection.enabled, actions: 1 + groupsPerAz + 1 + 1 + 1 + 1, minutes: r.faultInjection.durationMinutes },
  };
}
