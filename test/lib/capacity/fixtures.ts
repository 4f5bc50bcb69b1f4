import { CapacityInputs, PlatformCapacityInput, sourced } from '../../../lib/capacity';

/** No platform pods: the hand-checked node counts are the services' alone (platform.test.ts covers the reservation). */
export const NO_PLATFORM_PODS: PlatformCapacityInput = { eksAddOns: false, clusterControllers: false, clusterMonitoring: false, readPooler: false };

/**
 * A small environment with round numbers, checked by hand in model.test.ts.
 * (Not a *.test.ts file: jest does not run it.)
 */
export function handCheckedInputs(): CapacityInputs {
  return {
    environment: 'hand',
    targetRps: 12_000,
    targetUtilization: 0.5,
    azCount: 3,
    survivesAzLoss: true,
    requestMix: {
      averageRequestBytes: 500,
      averageResponseBytes: 500,
      newConnectionShare: 0.1,
      averageConnectionSeconds: 10,
      averageLatencyMs: 10,
      albRulesPerRequest: 12,
      readShare: 0.8,
      writeShare: 0.2,
      cacheOpsPerRequest: 1,
      cacheHitRatio: 0.9,
      dbQueriesPerCacheMiss: 2,
      dbQueriesPerWrite: 1,
      averageQueryMs: 5,
    },
    services: [
      { name: 'gw', role: 'gateway', podRps: sourced(100, 'test'), cpuRequestMillicores: 500, memoryRequestMiB: 512 },
      { name: 'a', role: 'backend', trafficShare: 0.75, podRps: sourced(50, 'test'), cpuRequestMillicores: 250, memoryRequestMiB: 256 },
      { name: 'b', role: 'backend', trafficShare: 0.25, podRps: sourced(30, 'test'), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_024 },
    ],
    nginx: { instanceType: 'c7g.large', rpsPerVcpu: sourced(1_000, 'test'), maxScaleFactor: 1.5 },
    nodes: { instanceTypes: ['m7g.xlarge'], daemonSetCpuMillicores: 120, daemonSetMemoryMiB: 1_000, daemonSetPods: 10 },
    cache: { nodeType: 'cache.r7g.large', minReplicasPerShard: 1, datasetGiB: 20, maxMemoryShare: 0.5 },
    database: { primaryClass: 'db.r7g.xlarge', replicaClass: 'db.r7g.large', proxyMaxConnectionsPercent: 50, minReplicas: 1 },
    platform: NO_PLATFORM_PODS,
  };
}

/** Deep-ish override helper for tests. */
export function withInputs(patch: (i: CapacityInputs) => CapacityInputs): CapacityInputs {
  return patch(handCheckedInputs());
}
