import { invalid } from '../errors';
import { CapacityInputs } from './inputs';
import { AlbPlan, TierReport } from './plan';
import { ALB_LCU, ALB_RESERVATION_SPREAD_SOURCE, AWS_QUOTAS } from './sourced';
import { ceilClean, floorClean, fmt } from './spread';

/** Processed bytes are billed per GB; 10^9 bytes is the conservative reading (more LCUs than 2^30). */
const BYTES_PER_GB = 1e9;
const SECONDS_PER_HOUR = 3_600;

/**
 * ALB fleet: LCUs from all four dimensions at target load; the largest dimension is what
 * an ALB consumes. The reservation covers it at the target utilisation and, because AWS
 * spreads reserved capacity evenly across the ALB's AZs, with one AZ lost the surviving
 * AZs' share must still cover it. The total is split over enough ALBs that none exceeds
 * the 15,000-LCU reservation quota.
 */
export function planAlb(inputs: CapacityInputs, where: string): { plan: AlbPlan; tier: TierReport } {
  const { targetRps: rps, targetUtilization: u, azCount: az, survivesAzLoss, requestMix: mix } = inputs;
  const newConnectionsPerSecond = rps * mix.newConnectionShare;
  const activeConnections = newConnectionsPerSecond * mix.averageConnectionSeconds;
  const processedGBPerHour = (rps * (mix.averageRequestBytes + mix.averageResponseBytes) * SECONDS_PER_HOUR) / BYTES_PER_GB;
  const billableRuleEvaluations = rps * Math.max(0, mix.albRulesPerRequest - ALB_LCU.freeRulesPerRequest.value);

  const lcuByDimension = {
    newConnections: newConnectionsPerSecond / ALB_LCU.newConnectionsPerSecond.value,
    activeConnections: activeConnections / ALB_LCU.activeConnectionsPerMinute.value,
    processedBytes: processedGBPerHour / ALB_LCU.processedGBPerHourEc2Targets.value,
    ruleEvaluations: billableRuleEvaluations / ALB_LCU.ruleEvaluationsPerSecond.value,
  };
  const consumed = Math.max(...Object.values(lcuByDimension));
  const dominant = (Object.keys(lcuByDimension) as (keyof typeof lcuByDimension)[]).find((k) => lcuByDimension[k] === consumed) ?? 'processedBytes';
  const azFactor = survivesAzLoss ? az / (az - 1) : 1;
  const required = ceilClean((consumed / u) * azFactor);

  const quota = AWS_QUOTAS.albReservedLcuPerAlb.value;
  const minimumCount = inputs.alb?.minimumCount ?? 1;
  const count = Math.max(minimumCount, Math.ceil(required / quota));
  if (count > AWS_QUOTAS.albPerRegion.value) {
    invalid(
      where,
      'alb.count',
      count,
      `exceeds the AWS quota "Application Load Balancers per Region" (${AWS_QUOTAS.albPerRegion.value}; ${required.toLocaleString('en-US')} LCUs / ${quota.toLocaleString('en-US')} per ALB)`,
      'request a quota increase for Application Load Balancers per Region, lower requestMix.averageResponseBytes (compress, or serve static content from CloudFront), or spread the target across Regions',
    );
  }
  const lcuReservationPerAlb = Math.ceil(required / count);
  const totalLcu = lcuReservationPerAlb * count;
  const rpsPerLcu = rps / consumed;
  const capacityRps = floorClean(totalLcu * u * rpsPerLcu);
  const capacityRpsWithOneAzLost = floorClean((totalLcu * u * rpsPerLcu * (az - 1)) / az);

  const tier: TierReport = {
    name: 'ALB fleet (LCU reservation)',
    inputs: [
      ['target', `${fmt(rps)} req/s`, 'environment config'],
      ['request + response bytes', `${fmt(mix.averageRequestBytes)} + ${fmt(mix.averageResponseBytes)} B`, 'environment config (request mix)'],
      ['new connections / request', fmt(mix.newConnectionShare, 4), 'environment config (request mix)'],
      ['connection lifetime', `${fmt(mix.averageConnectionSeconds)} s`, 'environment config (request mix)'],
      ['rules evaluated / request', fmt(mix.albRulesPerRequest), 'environment config (request mix)'],
      ['1 LCU', '25 new conn/s | 3,000 active conn | 1 GB/h | 1,000 rule eval/s', ALB_LCU.newConnectionsPerSecond.source],
      ['reserved LCU per ALB (quota)', fmt(quota), AWS_QUOTAS.albReservedLcuPerAlb.source],
      ['reservation spread over AZs', survivesAzLoss ? `evenly: ${az - 1} of ${az} AZs' share survives an AZ loss` : 'evenly', ALB_RESERVATION_SPREAD_SOURCE],
    ],
    formula:
      `LCU = max(new ${fmt(newConnectionsPerSecond)}/s / 25 = ${fmt(lcuByDimension.newConnections, 1)}, ` +
      `active ${fmt(activeConnections)} / 3,000 = ${fmt(lcuByDimension.activeConnections, 1)}, ` +
      `bytes ${fmt(processedGBPerHour, 1)} GB/h / 1 = ${fmt(lcuByDimension.processedBytes, 1)}, ` +
      `rules ${fmt(billableRuleEvaluations)}/s / 1,000 = ${fmt(lcuByDimension.ruleEvaluations, 1)}) = ${fmt(consumed, 1)} (${dominant}); ` +
      `reservation = ceil(${fmt(consumed, 1)} / ${u}${survivesAzLoss ? ` x ${az}/${az - 1} AZs` : ''}) = ${fmt(required)}; ` +
      `ALBs = max(${minimumCount}, ceil(${fmt(required)} / ${fmt(quota)})) = ${count}`,
    result: `${count} ALB(s) x ${fmt(lcuReservationPerAlb)} LCU reserved = ${fmt(totalLcu)} LCU`,
    capacityRps,
    capacityRpsWithOneAzLost,
    notes: ['Reserved LCUs per Region default to 0: request the quota increase before deploying.'],
  };
  return { plan: { environment: inputs.environment, azCount: az, count, lcuReservationPerAlb, totalLcu, lcuByDimension, rpsPerAlb: Math.ceil(rps / count) }, tier };
}
