import { invalid } from '../errors';
import { checkBoolean, checkNumber } from '../validation';
import { DEFAULT_DAEMONSETS, EnvironmentCapacity, MAX_TARGET_RPS, RequestMix } from './inputs';
import { NGINX_RPS_PER_VCPU } from './measured';

/**
 * Ready-made capacity inputs, so a first environment is one line:
 *
 * ```ts
 * capacity: CapacityPresets.webApi(20_000),
 * ```
 *
 * A preset states only targets and assumptions; the model still derives every count and
 * shows its math (`npm run capacity`). Start from one, then replace its assumptions with your
 * own measurements (the request mix, the services' `podRps`).
 */

/**
 * The request mix of the design notes' wallet API: JSON requests of ~1 KiB answered with ~4 KiB,
 * keep-alive clients (one new connection per 20 requests, open a minute), 95% reads served from
 * the cache at a 95% hit ratio, one query per miss and per write.
 */
export const DESIGN_NOTES_REQUEST_MIX: RequestMix = {
  averageRequestBytes: 1_024,
  averageResponseBytes: 4_096,
  newConnectionShare: 0.05,
  averageConnectionSeconds: 60,
  averageLatencyMs: 50,
  albRulesPerRequest: 5,
  readShare: 0.95,
  writeShare: 0.05,
  cacheOpsPerRequest: 2,
  cacheHitRatio: 0.95,
  dbQueriesPerCacheMiss: 1,
  dbQueriesPerWrite: 1,
  averageQueryMs: 2,
};

/** Instance sizes a preset picks for a target: the smallest step whose `upToRps` covers it. */
interface SizeStep {
  readonly upToRps: number;
  readonly nginx: string;
  readonly nodes: string;
  readonly cache: string;
  readonly primary: string;
  readonly replica: string;
}

/**
 * Sizes by target, so the counts stay sensible (a handful of large instances rather than
 * hundreds of small ones, and no 8xlarge database for a few thousand requests). Graviton
 * (arm64) for nginx, the cache and the database; x86 nodes for the services, whose images
 * are the most likely to be x86-only. tests/lib/capacity/presets.test.ts plans each step at
 * its bounds with the design notes' request mix.
 */
const SIZE_STEPS: readonly SizeStep[] = [
  { upToRps: 10_000, nginx: 'c7g.large', nodes: 'c7i.xlarge', cache: 'cache.m7g.large', primary: 'db.r7g.large', replica: 'db.r7g.large' },
  { upToRps: 100_000, nginx: 'c7g.large', nodes: 'c7i.2xlarge', cache: 'cache.r7g.xlarge', primary: 'db.r7g.2xlarge', replica: 'db.r7g.xlarge' },
  { upToRps: 400_000, nginx: 'c7g.xlarge', nodes: 'c7i.4xlarge', cache: 'cache.r7g.4xlarge', primary: 'db.r7g.8xlarge', replica: 'db.r7g.2xlarge' },
  // The largest step: at the mix's 5% writes, 1,000,000 requests/s is 50,000 committed writes/s,
  // what a 64-vCPU primary (db.r7g.16xlarge, the largest class in the catalog) carries at 0.6
  // under this repo's measured figure. Beyond it the writes need sharding, not a bigger preset.
  { upToRps: 1_000_000, nginx: 'c7g.2xlarge', nodes: 'c7i.8xlarge', cache: 'cache.r7g.4xlarge', primary: 'db.r7g.16xlarge', replica: 'db.r7g.4xlarge' },
];
/** The largest target a preset sizes: above it, choose instance types yourself. */
export const MAX_PRESET_RPS = SIZE_STEPS[SIZE_STEPS.length - 1].upToRps;

export interface WebApiPresetOptions {
  /**
   * Share of each unit's capacity used at target load: 0.6 leaves 40% for spikes and for the
   * minutes autoscaling takes.
   * @default 0.6
   */
  readonly targetUtilization?: number;
  /**
   * Carry the whole target with one AZ lost (needs at least 2 AZs; 3 recommended).
   * @default true
   */
  readonly survivesAzLoss?: boolean;
  /**
   * Changes to the request mix (your own payload sizes, read share, cache hit ratio, ...).
   * @default - DESIGN_NOTES_REQUEST_MIX
   */
  readonly requestMix?: Partial<RequestMix>;
}

/** Ready-made capacity inputs (see the module comment). */
export class CapacityPresets {
  /**
   * A JSON API behind the library's edge (ALB, nginx, services on EKS, Valkey, PostgreSQL),
   * for `targetRps` requests/s: the design notes' request mix, the repo's measured nginx
   * figure, instance sizes stepped by target, read replicas and cache replicas as the
   * AZ-loss rule needs them.
   */
  public static webApi(targetRps: number, options: WebApiPresetOptions = {}): EnvironmentCapacity {
    const where = 'CapacityPresets.webApi';
    if (targetRps === undefined) invalid(where, 'targetRps', targetRps, 'is required', 'pass the requests/s the environment must carry, e.g. CapacityPresets.webApi(20_000)');
    checkNumber(where, 'targetRps', targetRps, { min: 1, max: MAX_TARGET_RPS });
    if (targetRps > MAX_PRESET_RPS) {
      invalid(where, 'targetRps', targetRps, `is above the largest target the preset sizes (${MAX_PRESET_RPS.toLocaleString('en-US')} requests/s)`, 'write the capacity inputs yourself (start from the preset at its largest; above it one PostgreSQL primary no longer carries the mix\'s writes, so shard the writes or lower requestMix.writeShare), or split the load over Regions');
    }
    if (options === null || typeof options !== 'object' || Array.isArray(options)) invalid(where, 'options', options, 'is not an object', 'pass { targetUtilization, survivesAzLoss, requestMix } or nothing');
    checkNumber(where, 'options.targetUtilization', options.targetUtilization, { min: 0.05, max: 1 });
    checkBoolean(where, 'options.survivesAzLoss', options.survivesAzLoss);
    if (options.requestMix !== undefined && (typeof options.requestMix !== 'object' || options.requestMix === null || Array.isArray(options.requestMix))) {
      invalid(where, 'options.requestMix', options.requestMix, 'is not an object', 'pass the request-mix fields to change, e.g. { averageResponseBytes: 2_048 }');
    }
    const step = SIZE_STEPS.find((s) => targetRps <= s.upToRps) as SizeStep;
    const survivesAzLoss = options.survivesAzLoss ?? true;
    return {
      targetRps,
      targetUtilization: options.targetUtilization ?? 0.6,
      survivesAzLoss,
      requestMix: { ...DESIGN_NOTES_REQUEST_MIX, ...options.requestMix },
      alb: { minimumCount: targetRps > SIZE_STEPS[2].upToRps ? 2 : 1 },
      nginx: { instanceType: step.nginx, rpsPerVcpu: NGINX_RPS_PER_VCPU },
      nodes: { instanceTypes: [step.nodes], daemonSetCpuMillicores: DEFAULT_DAEMONSETS.cpuMillicores, daemonSetMemoryMiB: DEFAULT_DAEMONSETS.memoryMiB, daemonSetPods: DEFAULT_DAEMONSETS.pods },
      cache: { nodeType: step.cache, minReplicasPerShard: survivesAzLoss ? 1 : 0 },
      database: { primaryClass: step.primary, replicaClass: step.replica, minReplicas: survivesAzLoss ? 1 : 0 },
    };
  }
}
