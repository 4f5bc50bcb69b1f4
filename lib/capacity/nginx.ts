import { instanceSpec } from './catalog';
import { CapacityInputs } from './inputs';
import { NginxPlan, TierReport } from './plan';
import { ceilClean, floorClean, fmt, spreadAcrossAzs } from './spread';

const DEFAULT_MAX_SCALE_FACTOR = 1.5;
/** Each proxied request holds a client connection and an upstream connection. */
const CONNECTIONS_PER_REQUEST = 2;
/** Burst margin over the Little's-law concurrency for worker_connections. */
const WORKER_CONNECTION_MARGIN = 4;
const MIN_WORKER_CONNECTIONS = 1_024;
const SECONDS_PER_MINUTE = 60;
const MS_PER_SECOND = 1_000;

/**
 * nginx tier on an EC2 Auto Scaling group: capacity per instance = vCPUs x requests/s per
 * vCPU. Instances are spread evenly per AZ; min = desired = the count that carries the
 * target (with one AZ lost when required), max = desired x maxScaleFactor.
 */
export function planNginx(inputs: CapacityInputs, where: string): { plan: NginxPlan; tier: TierReport } {
  const { targetRps: rps, targetUtilization: u, azCount: az, survivesAzLoss } = inputs;
  const spec = instanceSpec(inputs.nginx.instanceType, `${where} nginx`);
  const rpsPerInstance = spec.vcpus * inputs.nginx.rpsPerVcpu.value;
  const required = rps / u / rpsPerInstance;
  const spread = spreadAcrossAzs(required, az, survivesAzLoss);
  const factor = inputs.nginx.maxScaleFactor ?? DEFAULT_MAX_SCALE_FACTOR;
  const maxPerAz = ceilClean(spread.perAz * factor);
  const maxSize = maxPerAz * az;

  const rpsPerInstanceAtTarget = rpsPerInstance * u;
  const concurrencyPerInstance = (rpsPerInstanceAtTarget * inputs.requestMix.averageLatencyMs) / MS_PER_SECOND;
  const perWorker = (concurrencyPerInstance * CONNECTIONS_PER_REQUEST * WORKER_CONNECTION_MARGIN) / spec.vcpus;
  const workerConnections = Math.max(MIN_WORKER_CONNECTIONS, 2 ** Math.ceil(Math.log2(Math.max(1, perWorker))));

  const requestCountPerTargetPerMinute = Math.floor(rpsPerInstanceAtTarget * SECONDS_PER_MINUTE);
  const plan: NginxPlan = {
    environment: inputs.environment,
    azCount: az,
    instanceType: spec.instanceType,
    vcpusPerInstance: spec.vcpus,
    minSize: spread.total,
    desiredCapacity: spread.total,
    maxSize,
    perAz: spread.perAz,
    requestCountPerTargetPerMinute,
    workerConnections,
    workerProcesses: spec.vcpus,
    // The instance's full planned capacity: its load at target over the utilisation.
    globalRequestsPerSecondPerInstance: Math.ceil(requestCountPerTargetPerMinute / SECONDS_PER_MINUTE / u),
  };
  const carrying = survivesAzLoss ? az - 1 : az;
  const tier: TierReport = {
    name: 'nginx (EC2 Auto Scaling group)',
    inputs: [
      ['target / utilisation', `${fmt(rps)} / ${u} = ${fmt(rps / u)} req/s`, 'environment config'],
      ['instance type', `${spec.instanceType} (${spec.vcpus} vCPU, ${fmt(spec.memoryMiB / 1024)} GiB)`, spec.source],
      ['req/s per vCPU', fmt(inputs.nginx.rpsPerVcpu.value), inputs.nginx.rpsPerVcpu.source],
      ['AZs carrying the target', `${carrying} of ${az}`, survivesAzLoss ? 'survivesAzLoss: one AZ lost' : 'environment config'],
    ],
    formula:
      `per AZ = ceil(${fmt(rps / u)} / (${carrying} x ${spec.vcpus} x ${fmt(inputs.nginx.rpsPerVcpu.value)})) = ${spread.perAz}; ` +
      `total = ${spread.perAz} x ${az} = ${spread.total}; max = ceil(${spread.perAz} x ${factor}) x ${az} = ${maxSize}; ` +
      `ALBRequestCountPerTarget = ${fmt(rpsPerInstanceAtTarget)} x 60 = ${fmt(plan.requestCountPerTargetPerMinute)}/min; ` +
      `worker_connections = max(1,024, pow2(${fmt(rpsPerInstanceAtTarget)} x ${inputs.requestMix.averageLatencyMs} ms x 2 x 4 / ${spec.vcpus})) = ${workerConnections}`,
    result: `${spec.instanceType}: min ${plan.minSize} / desired ${plan.desiredCapacity} / max ${maxSize} (${spread.perAz} per AZ)`,
    capacityRps: floorClean(spread.total * rpsPerInstanceAtTarget),
    capacityRpsWithOneAzLost: floorClean(spread.survivingWithOneAzLost * rpsPerInstanceAtTarget),
  };
  return { plan, tier };
}
