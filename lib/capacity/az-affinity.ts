import { invalid } from '../errors';
import { CapacityInputs } from './inputs';
import { NginxPlan, ServicePlan, TierReport } from './plan';
import { ceilClean, floorClean, fmt } from './spread';

/**
 * AZ-affine routing (the cost lever `azAffineRouting`): each nginx instance sends to the
 * internal NLB's address in its own AZ, the other AZs' addresses being `backup` servers, and
 * the NLB has cross-zone load balancing off, so a request stays in the AZ the ALB handed it to.
 *
 * What that changes for capacity: a service's pods in one AZ no longer share the whole load;
 * they carry what that AZ's nginx instances receive. The ALB (cross-zone on, always) spreads
 * requests per nginx instance, so an AZ receives its share of the fleet's instances, and the
 * Auto Scaling group keeps the AZs within one instance of each other (AZ rebalancing): with N
 * instances over k AZs the busiest AZ receives ceil(N / k) / N. With one AZ lost the ALB stops
 * sending to that AZ's nginx (its targets fail their health checks), the group relaunches the
 * lost instances in the surviving AZs, and each survivor receives up to ceil(N / (k - 1)) / N.
 *
 * The pods' side: the services' zone spread (maxSkew 1, ScheduleAnyway; one node group per AZ)
 * keeps a service's R pods within one of each other per AZ in normal operation, so the
 * emptiest AZ holds floor(R / k).
 *
 * The model therefore (1) sizes each service's pods per AZ for the busiest surviving AZ's
 * share of the target, not for 1 / (k - 1) of it ({@link applyAzAffinity}), so the one-AZ-lost
 * guarantee holds; (2) checks that with every AZ up, at the HPA's steady state anywhere between
 * its bounds, the busiest AZ's pods stay within their measured capacity. Every AZ holds a pod of
 * every service at the HPA minimum already (planServices: minReplicas >= azCount), so no AZ's
 * nginx fails every request over to the backups. What it cannot see: a spread worse than maxSkew 1 (a zone out
 * of capacity, pods left in two AZs after an AZ recovers); README "Cost", AZ-affine routing,
 * states that risk and the runbook's remedy (zonal shift, then a rollout restart).
 */

/**
 * The busiest AZ's pods at the HPA's steady state may reach this share of their CPU request:
 * the per-pod figure (`podRps`) is measured at the CPU request, so beyond 1 they serve more
 * than the plan's figures cover.
 */
export const AZ_AFFINE_MAX_POD_UTILISATION = 1;

/** The largest share of the requests one of `azs` AZs receives, over nginx fleet sizes `min` to `max`. */
export function busiestAzShare(minInstances: number, maxInstances: number, azs: number): { readonly share: number; readonly instances: number } {
  let worst = { share: 0, instances: minInstances };
  for (let n = Math.max(1, minInstances); n <= maxInstances; n++) {
    const share = Math.ceil(n / azs) / n;
    if (share > worst.share + 1e-12) worst = { share, instances: n };
  }
  return worst;
}

/** The most a service's pods per AZ can fall short of an even share: max over R of (R / k) / floor(R / k). */
export function podSpreadImbalance(minReplicas: number, maxReplicas: number, azs: number): { readonly factor: number; readonly replicas: number } {
  let worst = { factor: 1, replicas: maxReplicas };
  for (let r = Math.max(azs, minReplicas); r <= maxReplicas; r++) {
    const factor = r / azs / Math.floor(r / azs);
    if (factor > worst.factor + 1e-12) worst = { factor, replicas: r };
  }
  return worst;
}

/** What AZ-affine routing does to the services' plans, and the tier that shows it. */
export interface AzAffinityResult {
  readonly services: Record<string, ServicePlan>;
  /** The services' tier reports with the AZ-affine per-AZ sizing. */
  readonly serviceTiers: TierReport[];
  readonly tier: TierReport;
}

/**
 * Re-sizes each service's pods per AZ for the busiest AZ's share (one AZ lost), checks the
 * every-AZ-up and minimum-spread conditions, and returns the tier that shows the math. Only
 * called with `azAffineRouting` on. Throws a ValidationError naming the service, the figure
 * and the fix when a condition fails.
 */
export function applyAzAffinity(inputs: CapacityInputs, nginx: NginxPlan, planned: { services: Record<string, ServicePlan>; tiers: TierReport[] }, where: string): AzAffinityResult {
  const az = inputs.azCount;
  const u = inputs.targetUtilization;
  if (!inputs.survivesAzLoss) {
    invalid(where, 'azAffineRouting', true, 'is on while survivesAzLoss is false: without the AZ-loss headroom no AZ can take over another\'s share when its path fails over to the backups', 'set survivesAzLoss: true, or leave azAffineRouting off');
  }
  const up = busiestAzShare(nginx.minSize, nginx.maxSize, az);
  const lost = busiestAzShare(nginx.minSize, nginx.maxSize, az - 1);
  const services: Record<string, ServicePlan> = {};
  const serviceTiers: TierReport[] = [];
  const rows: string[] = [];
  let capacityRps = Infinity;
  let capacityRpsWithOneAzLost = Infinity;
  const names = Object.keys(planned.services);
  for (const [i, name] of names.entries()) {
    const s = planned.services[name];
    const perEdgeRequest = s.rpsAtTarget / inputs.targetRps;
    // One AZ lost: each surviving AZ carries up to lost.share of the target with its own pods.
    const perAz = Math.max(s.maxReplicas / az, ceilClean(s.replicasAtTarget * lost.share));
    const maxReplicas = perAz * az;
    const spread = podSpreadImbalance(s.minReplicas, maxReplicas, az);
    const busiest = u * (up.share * az) * spread.factor;
    if (busiest > AZ_AFFINE_MAX_POD_UTILISATION + 1e-9) {
      invalid(
        where,
        `services.${name}`,
        `${fmt(busiest, 2)} of the CPU request in the busiest AZ`,
        `exceeds ${AZ_AFFINE_MAX_POD_UTILISATION} with AZ-affine routing: at ${up.instances} nginx instances one AZ receives ${fmt(up.share * 100, 1)}% of the requests while at ${spread.replicas} pods it holds ${Math.floor(spread.replicas / az)} of them (utilisation ${u} x ${fmt(up.share * az, 3)} x ${fmt(spread.factor, 3)})`,
        'lower targetUtilization, raise the service\'s hpaMinShare (more pods at the minimum spread more evenly), or leave azAffineRouting off',
      );
    }
    const cap = floorClean((maxReplicas * s.podRps * u) / (up.share * az) / perEdgeRequest);
    const capLost = floorClean((perAz * (az - 1) * s.podRps * u) / (lost.share * (az - 1)) / perEdgeRequest);
    capacityRps = Math.min(capacityRps, cap);
    capacityRpsWithOneAzLost = Math.min(capacityRpsWithOneAzLost, capLost);
    services[name] = { ...s, maxReplicas };
    const base = planned.tiers[i];
    serviceTiers.push(
      maxReplicas === s.maxReplicas
        ? base
        : {
            ...base,
            formula: `${base.formula}; AZ-affine: per AZ = ceil(${s.replicasAtTarget} x ${fmt(lost.share, 4)} (busiest surviving AZ's share)) = ${perAz}, max = ${perAz} x ${az} = ${maxReplicas}`,
            result: `HPA min ${s.minReplicas} / max ${maxReplicas} (${s.replicasAtTarget} at target, ${perAz} per AZ at max; AZ-affine routing)`,
            capacityRps: floorClean((maxReplicas * s.podRps * u) / perEdgeRequest),
            capacityRpsWithOneAzLost: floorClean((perAz * (az - 1) * s.podRps * u) / perEdgeRequest),
          },
    );
    rows.push(`${name}: ${perAz}/AZ at max, busiest AZ at ${fmt(busiest, 2)} of its CPU request with every AZ up`);
  }
  const tier: TierReport = {
    name: 'AZ-affine routing (nginx -> its own AZ\'s pods)',
    inputs: [
      ['nginx fleet', `${nginx.minSize} to ${nginx.maxSize} instances over ${az} AZs, within one instance of each other per AZ`, 'plan.nginx; Auto Scaling AZ rebalancing'],
      ['busiest AZ, every AZ up', `${fmt(up.share * 100, 2)}% of the requests (at ${up.instances} instances)`, 'ALB cross-zone: an even share per nginx instance'],
      ['busiest AZ, one AZ lost', `${fmt(lost.share * 100, 2)}% of the requests (at ${lost.instances} instances over ${az - 1} AZs)`, 'the ALB stops sending to the lost AZ; the group relaunches its instances in the others'],
      ['pods per AZ', 'within one of each other (maxSkew 1 on topology.kubernetes.io/zone)', 'ServiceWorkload topology spread; one node group per AZ'],
      ['ceiling for the busiest AZ', `${AZ_AFFINE_MAX_POD_UTILISATION} x the CPU request`, 'the per-pod figures are measured at the CPU request'],
    ],
    formula:
      `per service: pods per AZ = max(planned, ceil(pods at target x ${fmt(lost.share, 4)})); ` +
      `busiest AZ with every AZ up = ${u} x ${fmt(up.share * az, 3)} x pod spread imbalance; ` +
      `capacity = pods x req/s per pod x ${u} / (busiest share x ${az}); one AZ lost: pods per AZ x ${az - 1} x req/s per pod x ${u} / (${fmt(lost.share, 4)} x ${az - 1})`,
    result: rows.join('; '),
    capacityRps,
    capacityRpsWithOneAzLost,
    notes: [
      'nginx reaches the other AZs only as backup servers: after max_fails failures of its own AZ\'s path (its pods down or the NLB node unreachable), for fail_timeout; the cross-AZ bytes are that failover share.',
      'Not covered by the model: a pod spread worse than maxSkew 1 (a zone short of capacity, or pods left in two AZs after a lost AZ returns). Zonal-shift the AZ away until its pods are back (docs/runbooks.md).',
    ],
  };
  return { services, serviceTiers, tier };
}
