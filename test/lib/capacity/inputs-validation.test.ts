import { CapacityInputs, knownInstanceTypes, validateInputs } from '../../../lib/capacity';
import { AWS_QUOTAS } from '../../../lib/capacity/sourced';
import { ValidationError } from '../../../lib/errors';
import { handCheckedInputs, NO_PLATFORM_PODS } from './fixtures';

/**
 * validateInputs, check by check: each case breaks one field of the hand-checked inputs and
 * asserts the whole message (where, prop, value, problem with its limit, fix), so a changed
 * path, limit or fix fails here. Numeric props are probed just outside each bound, exactly at
 * each bound (accepted), with a non-number and, when required, left out.
 */

const W = 'capacity model (hand)';

type Inputs = CapacityInputs;
type Patch = (i: Inputs) => unknown;
/** where, prop, value, problem, fix: the ValidationError the case expects. */
type Expected = [string, string, unknown, string, string];

function rejection(inputs: unknown): unknown {
  try {
    validateInputs(inputs as Inputs);
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectRejected(inputs: unknown, [where, prop, value, problem, fix]: Expected): void {
  const error = rejection(inputs);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).message).toBe(new ValidationError(where, prop, value, problem, fix).message);
}

/** A copy of `obj` with `key` set to `value`, or left out when `value` is undefined. */
function put<T extends object>(obj: T, key: string, value: unknown): T {
  const copy = { ...obj } as Record<string, unknown>;
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy as T;
}

const top = (key: string) => (i: Inputs, v: unknown) => put(i, key, v);
const inMix = (key: string) => (i: Inputs, v: unknown) => ({ ...i, requestMix: put(i.requestMix, key, v) });
const inService = (index: number, key: string) => (i: Inputs, v: unknown) => ({ ...i, services: i.services.map((s, n) => (n === index ? put(s, key, v) : s)) });
const inNginx = (key: string) => (i: Inputs, v: unknown) => ({ ...i, nginx: put(i.nginx, key, v) });
const inNodes = (key: string) => (i: Inputs, v: unknown) => ({ ...i, nodes: put(i.nodes, key, v) });
const inCache = (key: string) => (i: Inputs, v: unknown) => ({ ...i, cache: put(i.cache, key, v) });
const inDatabase = (key: string) => (i: Inputs, v: unknown) => ({ ...i, database: put(i.database, key, v) });

/** One platform workload that validates: the base every workload case breaks. */
const WORKLOAD = { name: 'agent', replicas: 2, minReplicas: 1, cpuRequestMillicores: 100, memoryRequestMiB: 128, source: 'test (agent chart values)' };
const withWorkloads = (i: Inputs, workloads: unknown): Inputs => ({ ...i, platform: { ...NO_PLATFORM_PODS, workloads: workloads as [] } });
const inWorkload =
  (key: string, extra: Record<string, unknown> = {}) =>
  (i: Inputs, v: unknown) =>
    withWorkloads(i, [put({ ...WORKLOAD, ...extra }, key, v)]);

/** A numeric input: its bounds and limit as the model documents them. */
interface NumericInput {
  readonly where: string;
  readonly prop: string;
  readonly set: (i: Inputs, v: unknown) => Inputs;
  /** number: a finite number; integer: a whole number; share: 0..1; positiveShare: (0, 1]. */
  readonly kind: 'number' | 'integer' | 'share' | 'positiveShare';
  readonly min?: number;
  readonly max: number;
  /** Just below min and just above max. */
  readonly below: number;
  readonly above: number;
  readonly limit?: string;
  readonly required: boolean;
  /** Values accepted; @default [min, max] */
  readonly accept?: readonly number[];
}

const SHARE = { kind: 'share', min: 0, max: 1, below: -0.001, above: 1.001, limit: 'a share or ratio is between 0 and 1' } as const;
const POSITIVE_SHARE = { kind: 'positiveShare', max: 1, below: 0, above: 1.001, limit: 'a share or ratio is at most 1', accept: [0.001, 1] } as const;
const AZ_LIMIT =
  '2 to 6 AZs: an ALB needs subnets in at least two Availability Zones (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones); at most 6 are used per Region';

/** Sets a share and its complement, so the read + write sum stays 1 for values in [0, 1]. */
const readWrite = (key: 'readShare' | 'writeShare') => (i: Inputs, v: unknown) => {
  const other = key === 'readShare' ? 'writeShare' : 'readShare';
  const complement = typeof v === 'number' && v >= 0 && v <= 1 ? 1 - v : i.requestMix[other];
  return { ...i, requestMix: put({ ...i.requestMix, [other]: complement }, key, v) };
};

/** One backend carries trafficShare (the second one takes the rest, or is dropped at 1). */
const backendShare = (i: Inputs, v: unknown): Inputs => {
  const [gw, a, b] = i.services;
  const rest = typeof v === 'number' && v > 0 && v < 1 ? [{ ...b, trafficShare: 1 - v }] : typeof v === 'number' && v >= 1 ? [] : [b];
  return { ...i, services: [gw, put(a, 'trafficShare', v), ...rest] };
};

const M = `${W} requestMix`;
const NUMERIC: readonly NumericInput[] = [
  { where: W, prop: 'targetRps', set: top('targetRps'), kind: 'number', min: 1, max: 100_000_000, below: 0.5, above: 100_000_001, limit: 'the model sizes one region for at most 100,000,000 requests/s', required: true },
  { where: W, prop: 'targetUtilization', set: top('targetUtilization'), ...POSITIVE_SHARE, required: true },
  { where: W, prop: 'azCount', set: top('azCount'), kind: 'integer', min: 2, max: 6, below: 1, above: 7, limit: AZ_LIMIT, required: true },
  { where: M, prop: 'averageRequestBytes', set: inMix('averageRequestBytes'), kind: 'number', min: 1, max: 104_857_600, below: 0.5, above: 104_857_601, required: true },
  { where: M, prop: 'averageResponseBytes', set: inMix('averageResponseBytes'), kind: 'number', min: 1, max: 104_857_600, below: 0.5, above: 104_857_601, required: true },
  { where: M, prop: 'newConnectionShare', set: inMix('newConnectionShare'), ...POSITIVE_SHARE, required: true },
  { where: M, prop: 'averageConnectionSeconds', set: inMix('averageConnectionSeconds'), kind: 'number', min: 0.001, max: 86_400, below: 0.0009, above: 86_400.5, required: true },
  { where: M, prop: 'averageLatencyMs', set: inMix('averageLatencyMs'), kind: 'number', min: 0.1, max: 60_000, below: 0.09, above: 60_000.5, required: true },
  { where: M, prop: 'albRulesPerRequest', set: inMix('albRulesPerRequest'), kind: 'integer', min: 0, max: 100, below: -1, above: 101, limit: 'an ALB has at most 100 rules', required: true },
  { where: M, prop: 'readShare', set: readWrite('readShare'), ...SHARE, required: true },
  { where: M, prop: 'writeShare', set: readWrite('writeShare'), ...SHARE, required: true },
  { where: M, prop: 'cacheOpsPerRequest', set: inMix('cacheOpsPerRequest'), kind: 'number', min: 0, max: 1_000, below: -0.001, above: 1_000.001, required: true },
  { where: M, prop: 'cacheHitRatio', set: inMix('cacheHitRatio'), ...SHARE, required: true },
  { where: M, prop: 'dbQueriesPerCacheMiss', set: inMix('dbQueriesPerCacheMiss'), kind: 'number', min: 0, max: 1_000, below: -0.001, above: 1_000.001, required: true },
  { where: M, prop: 'dbQueriesPerWrite', set: inMix('dbQueriesPerWrite'), kind: 'number', min: 0, max: 1_000, below: -0.001, above: 1_000.001, required: false },
  { where: M, prop: 'averageQueryMs', set: inMix('averageQueryMs'), kind: 'number', min: 0.01, max: 60_000, below: 0.009, above: 60_000.5, required: false },
  { where: `${W} services[1]`, prop: 'dbPoolSizePerPod', set: inService(1, 'dbPoolSizePerPod'), kind: 'integer', min: 1, max: 1_000, below: 0, above: 1_001, required: false },
  { where: `${W} services[1]`, prop: 'trafficShare', set: backendShare, ...POSITIVE_SHARE, required: true },
  { where: `${W} services[0]`, prop: 'podRps.value', set: (i, v) => inService(0, 'podRps')(i, { value: v, source: 'test' }), kind: 'number', min: 1, max: 1_000_000, below: 0.5, above: 1_000_001, required: true },
  { where: `${W} services[0]`, prop: 'cpuRequestMillicores', set: inService(0, 'cpuRequestMillicores'), kind: 'integer', min: 10, max: 64_000, below: 9, above: 64_001, required: true },
  { where: `${W} services[2]`, prop: 'memoryRequestMiB', set: inService(2, 'memoryRequestMiB'), kind: 'integer', min: 16, max: 524_288, below: 15, above: 524_289, required: true },
  { where: `${W} services[1]`, prop: 'hpaMinShare', set: inService(1, 'hpaMinShare'), ...SHARE, required: false },
  { where: `${W} services[2]`, prop: 'cpuLimitFactor', set: inService(2, 'cpuLimitFactor'), kind: 'number', min: 1, max: 10, below: 0.99, above: 10.01, limit: 'a CPU limit from 1 to 10 times the request', required: false },
  {
    where: `${W} alb`,
    prop: 'minimumCount',
    set: (i, v) => ({ ...i, alb: put({}, 'minimumCount', v) }),
    kind: 'integer',
    min: 1,
    max: 50,
    below: 0,
    above: 51,
    limit: 'AWS docs, Quotas for your Application Load Balancers (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html): Application Load Balancers per Region',
    required: false,
  },
  { where: `${W} nginx`, prop: 'rpsPerVcpu.value', set: (i, v) => inNginx('rpsPerVcpu')(i, { value: v, source: 'test' }), kind: 'number', min: 1, max: 1_000_000, below: 0.5, above: 1_000_001, required: true },
  { where: `${W} nginx`, prop: 'maxScaleFactor', set: inNginx('maxScaleFactor'), kind: 'number', min: 1, max: 10, below: 0.99, above: 10.01, required: false },
  { where: `${W} nodes`, prop: 'daemonSetCpuMillicores', set: inNodes('daemonSetCpuMillicores'), kind: 'integer', min: 0, max: 8_000, below: -1, above: 8_001, required: false },
  { where: `${W} nodes`, prop: 'daemonSetMemoryMiB', set: inNodes('daemonSetMemoryMiB'), kind: 'integer', min: 0, max: 32_768, below: -1, above: 32_769, required: false },
  { where: `${W} nodes`, prop: 'daemonSetPods', set: inNodes('daemonSetPods'), kind: 'integer', min: 0, max: 50, below: -1, above: 51, required: false },
  { where: `${W} cache`, prop: 'minReplicasPerShard', set: inCache('minReplicasPerShard'), kind: 'integer', min: 0, max: 5, below: -1, above: 6, limit: 'ElastiCache allows 0 to 5 replicas per shard', required: false },
  { where: `${W} cache`, prop: 'datasetGiB', set: inCache('datasetGiB'), kind: 'number', min: 0, max: 100_000, below: -0.001, above: 100_000.001, required: false },
  { where: `${W} cache`, prop: 'maxMemoryShare', set: inCache('maxMemoryShare'), ...POSITIVE_SHARE, required: false },
  { where: `${W} database`, prop: 'proxyMaxConnectionsPercent', set: inDatabase('proxyMaxConnectionsPercent'), kind: 'integer', min: 1, max: 100, below: 0, above: 101, limit: 'RDS Proxy MaxConnectionsPercent is 1 to 100', required: false },
  { where: `${W} database`, prop: 'minReplicas', set: inDatabase('minReplicas'), kind: 'integer', min: 0, max: 15, below: -1, above: 16, limit: 'RDS PostgreSQL allows at most 15 read replicas', required: false },
  {
    where: `${W} platform workloads[0]`,
    prop: 'replicas',
    set: inWorkload('replicas', { minReplicas: 1 }),
    kind: 'integer',
    min: 1,
    max: 1_000,
    below: 0,
    above: 1_001,
    limit: 'a platform workload runs at most 1000 pods here',
    required: true,
  },
  { where: `${W} platform workloads[0]`, prop: 'minReplicas', set: inWorkload('minReplicas', { replicas: 1_000 }), kind: 'integer', min: 0, max: 1_000, below: -1, above: 1_001, required: false },
  { where: `${W} platform workloads[0]`, prop: 'cpuRequestMillicores', set: inWorkload('cpuRequestMillicores'), kind: 'integer', min: 0, max: 64_000, below: -1, above: 64_001, required: true },
  { where: `${W} platform workloads[0]`, prop: 'memoryRequestMiB', set: inWorkload('memoryRequestMiB'), kind: 'integer', min: 0, max: 524_288, below: -1, above: 524_289, required: true },
];

function rangeText(p: NumericInput): string {
  return p.kind === 'positiveShare' ? 'of at most 1' : `from ${p.min} to ${p.max}`;
}

function requiredFix(p: NumericInput): string {
  if (p.kind === 'share') return 'pass a number from 0 to 1';
  if (p.kind === 'positiveShare') return 'pass a number greater than 0 and at most 1';
  return p.kind === 'integer' ? 'pass a whole number' : 'pass a number';
}

/** The cases each numeric input gets: rejected values with their message, and accepted values. */
function rejectedCases(p: NumericInput): Array<[string, unknown, Expected]> {
  const outOfRange = `is out of range${p.limit ? ` (${p.limit})` : ''}`;
  const cases: Array<[string, unknown, Expected]> = [];
  if (p.kind === 'positiveShare') {
    cases.push(['0', 0, [p.where, p.prop, 0, 'must be greater than 0', 'pass a number greater than 0 and at most 1']]);
    cases.push(['a negative share', -0.5, [p.where, p.prop, -0.5, 'must be greater than 0', 'pass a number greater than 0 and at most 1']]);
  } else {
    cases.push(['just below its minimum', p.below, [p.where, p.prop, p.below, outOfRange, `pass a value ${rangeText(p)}`]]);
  }
  cases.push(['just above its maximum', p.above, [p.where, p.prop, p.above, outOfRange, `pass a value ${rangeText(p)}`]]);
  cases.push(['a string', '1', [p.where, p.prop, '1', 'is not a finite number', `pass a number ${rangeText(p)}`]]);
  cases.push(['NaN', NaN, [p.where, p.prop, NaN, 'is not a finite number', `pass a number ${rangeText(p)}`]]);
  if (p.kind === 'integer') {
    const fraction = (p.min ?? 0) + 0.5;
    cases.push(['a fraction', fraction, [p.where, p.prop, fraction, 'is not a whole number', `pass a whole number ${rangeText(p)}`]]);
  }
  if (p.required) cases.push(['left out', undefined, [p.where, p.prop, undefined, 'is required', requiredFix(p)]]);
  return cases;
}

function acceptedValues(p: NumericInput): unknown[] {
  const values: unknown[] = [...(p.accept ?? [p.min, p.max])];
  if (!p.required) values.push(undefined);
  return values;
}

const REJECTED = NUMERIC.flatMap((p) => rejectedCases(p).map(([what, value, expected]) => [`${p.where.slice(W.length) || ' (top level)'} ${p.prop} ${what}`, p, value, expected] as const));
const ACCEPTED = NUMERIC.flatMap((p) => acceptedValues(p).map((value) => [`${p.where.slice(W.length) || ' (top level)'} ${p.prop} = ${String(value)}`, p, value] as const));

describe('validateInputs: numeric inputs, at and beyond their bounds', () => {
  test.each(REJECTED)('GIVEN%s WHEN validating THEN the whole message names the bound and the fix', (_what, p, value, expected) => {
    const inputs = p.set(handCheckedInputs(), value);
    expectRejected(inputs, expected);
  });

  test.each(ACCEPTED)('GIVEN%s (at a bound, or an optional one left out) WHEN validating THEN it is accepted', (_what, p, value) => {
    const inputs = p.set(handCheckedInputs(), value);
    expect(rejection(inputs)).toBeUndefined();
  });
});

const INPUTS_FIX = 'pass the CapacityInputs (or start from a preset: CapacityPresets.webApi(targetRps))';
const MIX_FIX = 'pass the request mix (bytes, connection and read/write shares, cache and database figures)';
const SERVICE_FIX = 'pass { name, podRps, cpuRequestMillicores, memoryRequestMiB, ... } for every service';
const K8S_NAME: [string, string] = ['is not a Kubernetes name', 'use lower-case letters, digits and hyphens, at most 63 characters'];
const SOURCE_FIX = "name an AWS document, a published benchmark, or 'this repo: <measurement>'";

describe('validateInputs: the inputs object and its top-level fields', () => {
  test.each<[string, unknown, Expected]>([
    ['null inputs', null, ['capacity model', 'inputs', null, 'is required', INPUTS_FIX]],
    ['no inputs', undefined, ['capacity model', 'inputs', undefined, 'is required', INPUTS_FIX]],
    ['an array', [], ['capacity model', 'inputs', [], 'is not an object', INPUTS_FIX]],
    ['a string', 'prod', ['capacity model', 'inputs', 'prod', 'is not an object', INPUTS_FIX]],
  ])('GIVEN %s as the inputs WHEN validating THEN the message names the capacity model', (_what, inputs, expected) => {
    expectRejected(inputs, expected);
  });

  test.each<[string, Patch, Expected]>([
    ['a numeric environment (named "?" in the message)', (i) => ({ ...i, environment: 42 }), ['capacity model (?)', 'environment', 42, 'is not a non-empty string', 'pass a non-empty string']],
    ['no environment', (i) => put(i, 'environment', undefined), ['capacity model (?)', 'environment', undefined, 'is required', 'pass a non-empty string']],
    ['a blank environment', (i) => ({ ...i, environment: ' ' }), ['capacity model ( )', 'environment', ' ', 'is not a non-empty string', 'pass a non-empty string']],
    ['survivesAzLoss as a string', (i) => ({ ...i, survivesAzLoss: 'yes' }), [W, 'survivesAzLoss', 'yes', 'is not a boolean', 'pass true or false']],
    ['no survivesAzLoss', (i) => put(i, 'survivesAzLoss', undefined), [W, 'survivesAzLoss', undefined, 'is not a boolean', 'pass true or false']],
    ['azAffineRouting as a number', (i) => ({ ...i, azAffineRouting: 1 }), [W, 'azAffineRouting', 1, 'is not a boolean', 'pass true or false (default false)']],
    ['no requestMix', (i) => put(i, 'requestMix', undefined), [W, 'requestMix', undefined, 'is required', MIX_FIX]],
    ['a null requestMix', (i) => ({ ...i, requestMix: null }), [W, 'requestMix', null, 'is required', MIX_FIX]],
    ['a requestMix array', (i) => ({ ...i, requestMix: [] }), [W, 'requestMix', [], 'is not an object', MIX_FIX]],
    ['a requestMix string', (i) => ({ ...i, requestMix: 'web' }), [W, 'requestMix', 'web', 'is not an object', MIX_FIX]],
  ])('GIVEN %s WHEN validating THEN the whole message says what is wrong and the fix', (_what, patch, expected) => {
    expectRejected(patch(handCheckedInputs()), expected);
  });

  test('GIVEN a boolean azAffineRouting WHEN validating THEN it is accepted', () => {
    expect(rejection({ ...handCheckedInputs(), azAffineRouting: true })).toBeUndefined();
  });
});

describe('validateInputs: read and write shares sum to 1 within 1e-9', () => {
  const SUM = 'readShare + writeShare';
  const SUM_PROBLEM = 'does not sum to 1 (every request is a read or a write)';
  const SUM_FIX = 'adjust readShare and writeShare so they sum to 1';

  test.each<[string, number, number]>([
    ['0.8 + 0.2', 0.8, 0.2],
    ['a sum 1e-10 above 1', 0.8 + 1e-10, 0.2],
    ['a sum 1e-10 below 1', 0.8 - 1e-10, 0.2],
  ])('GIVEN %s WHEN validating THEN it is accepted', (_what, readShare, writeShare) => {
    const inputs = handCheckedInputs();
    expect(rejection({ ...inputs, requestMix: { ...inputs.requestMix, readShare, writeShare } })).toBeUndefined();
  });

  test.each<[string, number, number, number]>([
    ['0.7 + 0.2', 0.7, 0.2, 0.9],
    ['0.9 + 0.2', 0.9, 0.2, 1.1],
    // Just over the tolerance: the message shows the sum to 12 significant digits, so the
    // difference it rejects is visible.
    ['a sum 1e-8 above 1', 0.8 + 1e-8, 0.2, 1.00000001],
  ])('GIVEN %s WHEN validating THEN the sum is rejected', (_what, readShare, writeShare, shown) => {
    const inputs = handCheckedInputs();
    expectRejected({ ...inputs, requestMix: { ...inputs.requestMix, readShare, writeShare } }, [M, SUM, shown, SUM_PROBLEM, SUM_FIX]);
  });
});

describe('validateInputs: services', () => {
  const S = (n: number) => `${W} services[${n}]`;
  const name63 = `a${'-b'.repeat(31)}`;
  const gateway = (i: Inputs, name: unknown) => ({ ...i, services: i.services.map((s, n) => (n === 0 ? put(s, 'name', name) : s)) });

  test.each<[string, Patch, Expected]>([
    ['services as a string', (i) => ({ ...i, services: 'gw' }), [W, 'services', 'gw', 'is not a list', 'list at least one service']],
    ['no services', (i) => put(i, 'services', undefined), [W, 'services', undefined, 'is not a list', 'list at least one service']],
    ['an empty service list', (i) => ({ ...i, services: [] }), [W, 'services', [], 'is empty', 'list at least one service']],
    ['a null service', (i) => ({ ...i, services: [...i.services, null] }), [W, 'services[3]', null, 'is required', SERVICE_FIX]],
    ['a service that is a string', (i) => ({ ...i, services: ['gw'] }), [W, 'services[0]', 'gw', 'is not an object', SERVICE_FIX]],
    ['a service without a name', (i) => gateway(i, undefined), [S(0), 'name', undefined, 'is required', 'pass a non-empty string']],
    ['a numeric service name', (i) => gateway(i, 7), [S(0), 'name', 7, 'is not a non-empty string', 'pass a non-empty string']],
    ['a name that starts with a hyphen', (i) => gateway(i, '-gw'), [S(0), 'name', '-gw', ...K8S_NAME]],
    ['a name that starts with a digit', (i) => gateway(i, '1gw'), [S(0), 'name', '1gw', ...K8S_NAME]],
    ['a name that ends with a hyphen', (i) => gateway(i, 'gw-'), [S(0), 'name', 'gw-', ...K8S_NAME]],
    ['a name that ends with an upper-case letter', (i) => gateway(i, 'gW'), [S(0), 'name', 'gW', ...K8S_NAME]],
    ['a name with an underscore', (i) => gateway(i, 'api_gw'), [S(0), 'name', 'api_gw', ...K8S_NAME]],
    ['a 64-character name', (i) => gateway(i, `${name63}c`), [S(0), 'name', `${name63}c`, ...K8S_NAME]],
    ['a duplicate name', (i) => ({ ...i, services: [...i.services, { ...i.services[2], trafficShare: 0 }] }), [S(3), 'name', 'b', 'is listed twice', 'give each service a unique name']],
    ['an unknown role', (i) => ({ ...i, services: i.services.map((s, n) => (n === 0 ? { ...s, role: 'frontend' } : s)) }), [S(0), 'role', 'frontend', 'is not supported', 'use "gateway" or "backend"']],
    ['a podRps that is a number', (i) => inService(0, 'podRps')(i, 100), [S(0), 'podRps', 100, 'is not a sourced figure', 'pass { value, source }']],
    ['a null podRps', (i) => inService(0, 'podRps')(i, null), [S(0), 'podRps', null, 'is not a sourced figure', 'pass { value, source }']],
    ['no podRps', (i) => inService(0, 'podRps')(i, undefined), [S(0), 'podRps', undefined, 'is not a sourced figure', 'pass { value, source }']],
    ['a podRps without a source', (i) => inService(0, 'podRps')(i, { value: 100 }), [S(0), 'podRps.source', undefined, 'is empty: every per-unit figure names its source', SOURCE_FIX]],
    ['a podRps with a blank source', (i) => inService(0, 'podRps')(i, { value: 100, source: ' ' }), [S(0), 'podRps.source', ' ', 'is empty: every per-unit figure names its source', SOURCE_FIX]],
  ])('GIVEN %s WHEN validating THEN the whole message says what is wrong and the fix', (_what, patch, expected) => {
    expectRejected(patch(handCheckedInputs()), expected);
  });

  test.each<[string, Patch]>([
    ['a 63-character name', (i) => gateway(i, name63)],
    ['a one-letter name', (i) => gateway(i, 'g')],
    ['a name with digits and inner hyphens', (i) => gateway(i, 'api-gw-2')],
    ['a backend without a role', (i) => ({ ...i, services: i.services.map((s, n) => (n === 1 ? put(s, 'role', undefined) : s)) })],
  ])('GIVEN %s WHEN validating THEN it is accepted', (_what, patch) => {
    expect(rejection(patch(handCheckedInputs()))).toBeUndefined();
  });

  test('GIVEN a service without a role and without a trafficShare WHEN validating THEN it counts as a backend, whose share is required', () => {
    const inputs = handCheckedInputs();
    const services = [...inputs.services, { name: 'c', podRps: { value: 10, source: 'test' }, cpuRequestMillicores: 100, memoryRequestMiB: 128 }];
    expectRejected({ ...inputs, services }, [S(3), 'trafficShare', undefined, 'is required', 'pass a number greater than 0 and at most 1']);
  });

  test('GIVEN backend shares summing to 0.75 WHEN validating THEN the sum is rejected', () => {
    const inputs = handCheckedInputs();
    const services = inputs.services.map((s, n) => (n === 1 ? { ...s, trafficShare: 0.5 } : s));
    expectRejected({ ...inputs, services }, [
      W,
      'services[*].trafficShare (backend)',
      0.75,
      'does not sum to 1 (nginx routes each request to exactly one backend service)',
      "adjust the backend services' trafficShare so they sum to 1",
    ]);
  });
});

describe('validateInputs: alb, nginx, nodes, cache and database objects', () => {
  const objectCases = (key: string, fix: string): Array<[string, Patch, Expected]> => [
    [`no ${key}`, (i) => put(i, key, undefined), [W, key, undefined, 'is required', fix]],
    [`a null ${key}`, (i) => put(i, key, null), [W, key, null, 'is required', fix]],
    [`a ${key} array`, (i) => put(i, key, []), [W, key, [], 'is not an object', fix]],
    [`a ${key} string`, (i) => put(i, key, 'x'), [W, key, 'x', 'is not an object', fix]],
  ];
  const instanceTypeError = (type: string, where: string): Expected => [
    where,
    'instanceType',
    type,
    'is not in the instance catalog',
    `use one of ${knownInstanceTypes().join(', ')}, or add the type with its source to lib/capacity/catalog.ts`,
  ];
  test.each<[string, Patch, Expected]>([
    ['a null alb', (i) => ({ ...i, alb: null }), [W, 'alb', null, 'is required', 'pass { minimumCount } or omit alb']],
    ['an alb array', (i) => ({ ...i, alb: [] }), [W, 'alb', [], 'is not an object', 'pass { minimumCount } or omit alb']],
    ...objectCases('nginx', 'pass { instanceType, rpsPerVcpu }'),
    ...objectCases('nodes', 'pass { instanceTypes: ["c7i.2xlarge"] }'),
    ...objectCases('cache', 'pass { nodeType: "cache.r7g.large" }'),
    ...objectCases('database', 'pass { primaryClass: "db.r7g.large", replicaClass: "db.r7g.large" }'),
    ['an unsourced nginx figure', (i) => inNginx('rpsPerVcpu')(i, { value: 1_000, source: '' }), [`${W} nginx`, 'rpsPerVcpu.source', '', 'is empty: every per-unit figure names its source', SOURCE_FIX]],
    ['an nginx figure that is a number', (i) => inNginx('rpsPerVcpu')(i, 1_000), [`${W} nginx`, 'rpsPerVcpu', 1_000, 'is not a sourced figure', 'pass { value, source }']],
    ['no node instance types', (i) => inNodes('instanceTypes')(i, undefined), [`${W} nodes`, 'instanceTypes', undefined, 'is empty', 'list at least one EC2 instance type']],
    ['an empty node instance type list', (i) => inNodes('instanceTypes')(i, []), [`${W} nodes`, 'instanceTypes', [], 'is empty', 'list at least one EC2 instance type']],
    ['node instance types as a string', (i) => inNodes('instanceTypes')(i, 'm7g.xlarge'), [`${W} nodes`, 'instanceTypes', 'm7g.xlarge', 'is empty', 'list at least one EC2 instance type']],
    ['a null minimumCount', (i) => ({ ...i, alb: { minimumCount: null } }), [`${W} alb`, 'minimumCount', null, 'is not a finite number', 'pass a number from 1 to 50']],
  ])('GIVEN %s WHEN validating THEN the whole message says what is wrong and the fix', (_what, patch, expected) => {
    expectRejected(patch(handCheckedInputs()), expected);
  });

  test('GIVEN an unknown type second in the node instance types WHEN validating THEN the message names its index', () => {
    const inputs = inNodes('instanceTypes')(handCheckedInputs(), ['m7g.xlarge', 'x9.huge']);
    expectRejected(inputs, instanceTypeError('x9.huge', `${W} nodes instanceTypes[1]`));
  });

  test('GIVEN an unknown nginx instance type WHEN validating THEN the message names nginx', () => {
    expectRejected(inNginx('instanceType')(handCheckedInputs(), 'x9.huge'), instanceTypeError('x9.huge', `${W} nginx`));
  });

  test('GIVEN an unknown cache node type WHEN validating THEN the message names the cache', () => {
    const error = rejection(inCache('nodeType')(handCheckedInputs(), 'cache.t2.micro')) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message.startsWith(`${W} cache: nodeType = "cache.t2.micro" is not in the ElastiCache node catalog. Fix: use one of cache.`)).toBe(true);
  });

  test.each<[string, string]>([
    ['primaryClass', 'db.m1.small'],
    ['replicaClass', 'db.t2.micro'],
  ])('GIVEN an unknown database %s WHEN validating THEN the message names which class', (key, value) => {
    const error = rejection(inDatabase(key)(handCheckedInputs(), value)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message.startsWith(`${W} database ${key}: instanceClass = "${value}" is not in the RDS instance class catalog. Fix: use one of db.`)).toBe(true);
  });

  test('GIVEN the ALB quota the limit cites WHEN reading it THEN it is the 50 per Region the numeric table uses', () => {
    expect(AWS_QUOTAS.albPerRegion.value).toBe(50);
  });
});

describe('validateInputs: platform', () => {
  const P = `${W} platform`;
  const PLATFORM_FIX = 'pass e.g. { clusterMonitoring: "single", workloads: [...] } or omit platform for the defaults';
  const WL = `${P} workloads[0]`;
  const WORKLOAD_FIX = 'pass { name, replicas, cpuRequestMillicores, memoryRequestMiB, source }';
  const SOURCE_PROBLEM = 'is empty: every reserved figure names where it is set';
  const WORKLOAD_SOURCE_FIX = 'name the construct and constant that set the requests, e.g. "ClusterMonitoring (PROMETHEUS_RESOURCES)"';
  const platform = (p: unknown): Patch => (i) => ({ ...i, platform: p });

  test.each<[string, Patch, Expected]>([
    ['a null platform', platform(null), [P, 'platform', null, 'is not an object', PLATFORM_FIX]],
    ['a platform string', platform('single'), [P, 'platform', 'single', 'is not an object', PLATFORM_FIX]],
    ['a platform array', platform([]), [P, 'platform', [], 'is not an object', PLATFORM_FIX]],
    ['eksAddOns as a string', platform({ eksAddOns: 'yes' }), [P, 'eksAddOns', 'yes', 'is not a boolean', 'pass true or false']],
    ['containerInsights as a number', platform({ containerInsights: 1 }), [P, 'containerInsights', 1, 'is not a boolean', 'pass true or false']],
    ['clusterControllers as null', platform({ clusterControllers: null }), [P, 'clusterControllers', null, 'is not a boolean', 'pass true or false']],
    ['readPooler as a string', platform({ readPooler: 'on' }), [P, 'readPooler', 'on', 'is not a boolean', 'pass true or false']],
    ['an unknown monitoring mode', platform({ clusterMonitoring: 'double' }), [P, 'clusterMonitoring', 'double', 'is not supported', 'use "high-availability", "single" or false']],
    ['monitoring set to true', platform({ clusterMonitoring: true }), [P, 'clusterMonitoring', true, 'is not supported', 'use "high-availability", "single" or false']],
    ['an unknown mesh', platform({ mesh: 'sidecar' }), [P, 'mesh', 'sidecar', 'is not supported', 'use "ambient" (Istio ambient: ztunnel, waypoints, istiod) or "none"']],
    ['workloads as an object', platform({ workloads: {} }), [P, 'workloads', {}, 'is not a list', 'pass [{ name, replicas, cpuRequestMillicores, memoryRequestMiB, source }, ...] or omit it']],
    ['a null workload', (i) => withWorkloads(i, [null]), [WL, 'workload', null, 'is not an object', WORKLOAD_FIX]],
    ['a workload that is a string', (i) => withWorkloads(i, ['agent']), [WL, 'workload', 'agent', 'is not an object', WORKLOAD_FIX]],
    ['a workload without a name', inWorkloadPatch('name', undefined), [WL, 'name', undefined, 'is required', 'pass a non-empty string']],
    ['a workload with a blank name', inWorkloadPatch('name', ' '), [WL, 'name', ' ', 'is not a non-empty string', 'pass a non-empty string']],
    ['a workload listed twice', (i) => withWorkloads(i, [WORKLOAD, WORKLOAD]), [`${P} workloads[1]`, 'name', 'agent', 'is listed twice', 'give each platform workload a unique name']],
    ['minReplicas above replicas', (i) => withWorkloads(i, [{ ...WORKLOAD, replicas: 2, minReplicas: 3 }]), [WL, 'minReplicas', 3, 'is above replicas (2): replicas is the most pods the workload runs', 'use at most 2, or raise replicas']],
    [
      'a pod that requests nothing',
      (i) => withWorkloads(i, [{ ...WORKLOAD, cpuRequestMillicores: 0, memoryRequestMiB: 0 }]),
      [WL, 'cpuRequestMillicores and memoryRequestMiB', 0, 'are both 0: the pod requests nothing, so the scheduler reserves nothing for it', "set the requests the workload's pods declare (and declare them in the workload)"],
    ],
    ['a workload without a source', inWorkloadPatch('source', undefined), [WL, 'source', undefined, SOURCE_PROBLEM, WORKLOAD_SOURCE_FIX]],
    ['a workload with an empty source', inWorkloadPatch('source', ''), [WL, 'source', '', SOURCE_PROBLEM, WORKLOAD_SOURCE_FIX]],
    ['a workload with a blank source', inWorkloadPatch('source', '  '), [WL, 'source', '  ', SOURCE_PROBLEM, WORKLOAD_SOURCE_FIX]],
  ])('GIVEN %s WHEN validating THEN the whole message says what is wrong and the fix', (_what, patch, expected) => {
    expectRejected(patch(handCheckedInputs()), expected);
  });

  test.each<[string, Patch]>([
    ['every switch set', platform({ eksAddOns: true, containerInsights: false, clusterControllers: true, readPooler: false, clusterMonitoring: false, mesh: 'ambient' })],
    ['single monitoring and no mesh', platform({ clusterMonitoring: 'single', mesh: 'none' })],
    ['high-availability monitoring', platform({ clusterMonitoring: 'high-availability' })],
    ['a workload whose minReplicas equals replicas', (i) => withWorkloads(i, [{ ...WORKLOAD, replicas: 3, minReplicas: 3 }])],
    ['a workload without minReplicas', inWorkloadPatch('minReplicas', undefined)],
    ['a workload requesting memory only', (i) => withWorkloads(i, [{ ...WORKLOAD, cpuRequestMillicores: 0, memoryRequestMiB: 64 }])],
    ['a workload requesting CPU only', (i) => withWorkloads(i, [{ ...WORKLOAD, cpuRequestMillicores: 50, memoryRequestMiB: 0 }])],
    ['two workloads with different names', (i) => withWorkloads(i, [WORKLOAD, { ...WORKLOAD, name: 'agent-2' }])],
  ])('GIVEN a platform with %s WHEN validating THEN it is accepted', (_what, patch) => {
    expect(rejection(patch(handCheckedInputs()))).toBeUndefined();
  });
});

function inWorkloadPatch(key: string, value: unknown): Patch {
  return (i) => inWorkload(key)(i, value);
}
