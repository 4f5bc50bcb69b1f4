import { monitoringReplicas, READ_POOLER_CPU_MILLICORES, READ_POOLER_MEMORY_MIB, ROLLOUT_MAX_SURGE_PERCENT } from '../platform-pods';
import { planAlb } from './alb';
import { planCache } from './cache';
import { albRequestMix, planCdn } from './cdn';
import { planDatabase } from './database';
import { planNodeGroups, planServices } from './eks';
import { CapacityInputs, validateInputs } from './inputs';
import { appSubnetAddressesPerAz } from './network';
import { planNginx } from './nginx';
import { CapacityPlan, NamespaceQuotaPlan, PlanIdentity, ReadPoolerPlan, ServicePlan } from './plan';
import { platformWorkloads, resolvePlatform } from './platform';
import { planReadPooler } from './read-pooler';
import { planMesh } from './mesh';
import { planKafka } from './kafka';
import { applyAzAffinity } from './az-affinity';

const PERCENT = 100;

/**
 * Derives every size of an environment from its target RPS, utilisation and AZ-failure
 * tolerance. Throws a ValidationError on a bad input or an exceeded AWS quota; the
 * message names the input path, the value, the limit and the fix.
 *
 * Each field of the result is the slice one construct takes (`capacity: plan.database`);
 * see {@link CapacityPlan}.
 */
export function planCapacity(inputs: CapacityInputs): CapacityPlan {
  validateInputs(inputs);
  const where = `capacity model (${inputs.environment})`;
  const identity: PlanIdentity = { environment: inputs.environment, azCount: inputs.azCount };
  // With CloudFront in front of the API, the ALBs see its pooled origin connections, not the clients'.
  const alb = planAlb(albRequestMix(inputs), where);
  const nginx = planNginx(inputs, where);
  const planned = planServices(inputs);
  // AZ-affine routing (cost lever): pods per AZ sized for the busiest AZ's share (lib/capacity/az-affinity.ts).
  const affinity = inputs.azAffineRouting ? applyAzAffinity(inputs, nginx.plan, planned, where) : undefined;
  const services = affinity ? { services: affinity.services, tiers: affinity.serviceTiers } : planned;
  const database = planDatabase(inputs, services.services, where);
  const platform = resolvePlatform(inputs);
  const usesDatabase = Object.values(services.services).some((s) => s.dbPoolSizePerPod > 0);
  const readPooler = platform.readPooler && usesDatabase ? planReadPooler({ ...identity, database: database.plan, services: services.services }) : undefined;
  const mesh = platform.mesh === 'ambient' ? planMesh(inputs, services.services, where) : undefined;
  const workloads = platformWorkloads(platform, readPooler, mesh?.plan);
  const nodes = planNodeGroups(inputs, services.services, workloads, where, mesh?.plan.nodeDaemonSets);
  const cache = planCache(inputs, where);
  const cdn = planCdn(inputs);
  const nodeGroups = nodes.nodeGroups;
  const expectedNodesMin = nodeGroups.reduce((sum, g) => sum + g.minSize, 0);
  const expectedNodesMax = nodeGroups.reduce((sum, g) => sum + g.maxSize, 0);
  const expectedNodesAtTarget = nodeGroups.reduce((sum, g) => sum + g.sizeAtTarget, 0);
  const highAvailability = platform.clusterMonitoring === 'high-availability';
  const kafka = planKafka(inputs, where);
  return {
    ...identity,
    targetRps: inputs.targetRps,
    targetUtilization: inputs.targetUtilization,
    survivesAzLoss: inputs.survivesAzLoss,
    network: { ...identity, appAddressesPerAz: appSubnetAddressesPerAz({ azCount: inputs.azCount, nodeGroups, nginx: nginx.plan, extraDaemonSetPods: mesh?.plan.nodeDaemonSets.pods }, inputs) },
    alb: alb.plan,
    nginx: nginx.plan,
    services: services.services,
    eks: { ...identity, nodeGroups, expectedNodesMin, expectedNodesMax, expectedNodesAtTarget, containerInsights: platform.eksAddOns && platform.containerInsights },
    cache: cache.plan,
    database: database.plan,
    readPooler,
    servicesNamespace: servicesNamespaceQuota(identity, Object.values(services.services), readPooler),
    monitoring: {
      ...identity,
      highAvailability,
      replicas: monitoringReplicas(highAvailability),
      expectedNodesMin,
      expectedNodesMax,
      services: inputs.services.map((s) => {
        const plan = services.services[s.name];
        return { name: s.name, plannedRps: plan.rpsAtTarget, usesDatabase: plan.dbPoolSizePerPod > 0 };
      }),
    },
    kafka: kafka.plan,
    cdn: cdn.plan,
    platformWorkloads: workloads,
    tiers: [alb.tier, nginx.tier, ...services.tiers, ...(affinity ? [affinity.tier] : []), ...(mesh ? [mesh.tier] : []), nodes.tier, cache.tier, database.tier, kafka.tier, cdn.tier],
    ...(mesh ? { mesh: mesh.plan } : {}),
  };
}

/**
 * Every service at maxReplicas plus a rollout's surge, at requests and at limits, plus the
 * read pooler at its maximum plus its one-pod surge (requests = limits; the init container
 * runs before the main one, so the main container's resources are the pod's).
 */
export function servicesNamespaceQuota(identity: PlanIdentity, plans: readonly ServicePlan[], pooler?: ReadPoolerPlan): NamespaceQuotaPlan {
  const surge = 1 + ROLLOUT_MAX_SURGE_PERCENT / PERCENT;
  const sum = (f: (p: ServicePlan) => number) => Math.ceil(plans.reduce((total, p) => total + p.maxReplicas * f(p), 0) * surge);
  const poolerPods = pooler ? pooler.maxReplicas + 1 : 0;
  const poolerCpu = poolerPods * (pooler?.cpuMillicores ?? READ_POOLER_CPU_MILLICORES);
  const poolerMemory = poolerPods * (pooler?.memoryMiB ?? READ_POOLER_MEMORY_MIB);
  return {
    ...identity,
    cpuRequestMillicores: sum((p) => p.cpuRequestMillicores) + poolerCpu,
    memoryRequestMiB: sum((p) => p.memoryRequestMiB) + poolerMemory,
    cpuLimitMillicores: sum((p) => p.cpuLimitMillicores) + poolerCpu,
    memoryLimitMiB: sum((p) => p.memoryRequestMiB) + poolerMemory,
    pods: sum(() => 1) + poolerPods,
  };
}
