import { capacityInputsOf, EnvironmentConfig, planEnvironment } from '../../lib/config/environment';
import { NginxConfig } from '../../lib/nginx';
import { RateLimitTier } from '../../lib/rate-limits';
import { AVAILABILITY_OBJECTIVE, LATENCY_P95_OBJECTIVE_SECONDS } from '../../lib/slo';
import { deployedNginx } from '../deployed-nginx';

/** A service path the load is spread over, with its share of the requests. */
export interface PathTarget {
  readonly service: string;
  readonly pathPrefix: string;
  /** Share of all requests (the backends' shares sum to 1). */
  readonly share: number;
}

/** A service a calibration can drive: where it listens and what its pods request. */
export interface ServiceTarget {
  readonly name: string;
  readonly pathPrefix: string;
  readonly cpuRequestMillicores: number;
  /** The requests/s per pod the capacity inputs plan with now, at the CPU request. */
  readonly plannedPodRps: number;
}

/** Everything the load test takes from an environment's config, read in one place. */
export interface LoadTestTargets {
  readonly environment: string;
  readonly paths: readonly PathTarget[];
  /** Shares of reads (GET) and writes (POST) of every path's requests. */
  readonly readShare: number;
  readonly writeShare: number;
  /** Size of a write's JSON body. */
  readonly requestBytes: number;
  /** The rate tiers nginx enforces per instance (and WAF fleet-wide), as the edge renders them. */
  readonly rateTiers: readonly RateLimitTier[];
  /** nginx instances at the plan's minimum and maximum: per-instance tiers admit up to this many bursts. */
  readonly edgeInstances: { readonly min: number; readonly max: number };
  readonly latencyP95Seconds: number;
  /** Error ratio the SLO allows: 1 - availability (0.1% for 99.9%). */
  readonly errorBudgetRatio: number;
  /** The HPA's CPU target: the plan's utilisation. */
  readonly targetCpuUtilization: number;
  readonly services: readonly ServiceTarget[];
}

/**
 * Reads the load test's targets from an environment config: the services' path prefixes
 * with the capacity inputs' traffic shares, the request mix, the rate tiers of the
 * environment's generated nginx config, the nginx fleet's size from the capacity plan, the
 * SLOs (lib/slo.ts). The one function that knows the config's shape. `nginxConfig` is the
 * environment's rendered edge config, built from `config` unless the caller has it already.
 */
export function loadTestTargets(config: EnvironmentConfig, nginxConfig: NginxConfig = deployedNginx(config).config): LoadTestTargets {
  const inputs = capacityInputsOf(config);
  const plan = planEnvironment(config);
  const shares = new Map(inputs.services.filter((s) => s.role === 'backend' && s.trafficShare !== undefined).map((s) => [s.name, s.trafficShare!]));
  const paths = config.services.filter((s) => shares.has(s.name)).map((s) => ({ service: s.name, pathPrefix: s.pathPrefix, share: shares.get(s.name)! }));
  if (paths.length === 0) throw new Error(`environment ${config.name}: no backend service has a trafficShare in its capacity inputs, so there is no request mix to send`);
  const nginx = nginxConfig;
  return {
    environment: config.name,
    paths,
    readShare: inputs.requestMix.readShare,
    writeShare: inputs.requestMix.writeShare,
    requestBytes: inputs.requestMix.averageRequestBytes,
    rateTiers: nginx.rateLimits,
    edgeInstances: { min: plan.nginx.minSize, max: plan.nginx.maxSize },
    latencyP95Seconds: LATENCY_P95_OBJECTIVE_SECONDS,
    errorBudgetRatio: Number((1 - AVAILABILITY_OBJECTIVE).toPrecision(6)),
    targetCpuUtilization: inputs.targetUtilization,
    services: config.services.flatMap((s) => {
      const input = inputs.services.find((i) => i.name === s.name);
      return input ? [{ name: s.name, pathPrefix: s.pathPrefix, cpuRequestMillicores: input.cpuRequestMillicores, plannedPodRps: input.podRps.value }] : [];
    }),
  };
}
