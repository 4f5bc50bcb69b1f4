import { planEnvironment } from '../../../lib/config/environment';
import { costInputsFor, CostInputs, DEFAULT_COST_ASSUMPTIONS, priceInputs } from '../../../lib/cost';
import { prod } from '../../../stacks/environments';

// The branches of each tier that prod's reference config does not take (a reservation below
// use, the API front, extended support, a single-AZ database, Standard MSK brokers, backups and
// the AZ-loss experiment off), each priced from prod's inputs with one change and read back
// line by line: the quantity and the basis a reader checks it by.

let base: CostInputs;
beforeEach(() => {
  base = costInputsFor(prod, planEnvironment(prod));
});

type Change = { [K in keyof CostInputs]?: Partial<CostInputs[K]> };
/** prod's inputs with some fields of some records replaced. */
type Report = ReturnType<typeof priceInputs>;
function priced(change: Change, assumptions = DEFAULT_COST_ASSUMPTIONS): Report {
  const inputs = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(change)) inputs[k] = typeof v === 'object' && !Array.isArray(v) ? { ...(base as unknown as Record<string, object>)[k], ...v } : v;
  return priceInputs(inputs as unknown as CostInputs, { assumptions });
}
const tierOf = (r: Report, name: string) => r.tiers.find((t) => t.name.startsWith(name))!;
const lineOf = (r: Report, tier: string, item: string) => {
  const l = tierOf(r, tier).lines.find((x) => x.item === item);
  if (!l) throw new Error(`no line "${item}" in ${tier}: ${tierOf(r, tier).lines.map((x) => x.item).join(', ')}`);
  return l;
};

describe('edge: an LCU reservation below what the ALBs use', () => {
  test('GIVEN 4 ALBs reserving half their LCUs at target THEN the reservation is billed at every scenario and the rest only where use exceeds it', () => {
    const used = base.alb.lcuAtTarget / base.alb.count;
    const reserved = Math.round(used / 2);
    const r = priced({ alb: { reservedLcuPerAlb: reserved } });
    const h = 730;
    const res = lineOf(r, 'Edge', 'reserved LCU-hours');
    expect(res.quantity).toEqual({ min: base.alb.count * reserved * h, target: base.alb.count * reserved * h, max: base.alb.count * reserved * h });
    expect(res.basis).toBe(`${base.alb.count} x ${reserved.toLocaleString('en-US')} LCU reserved x 730 h (billed used or not)`);
    const beyond = lineOf(r, 'Edge', 'LCU-hours used beyond the reservation');
    for (const s of ['min', 'target', 'max'] as const) {
      const usedAt = (used * base.rps[s]) / base.rps.target;
      expect(beyond.quantity[s]).toBeCloseTo(base.alb.count * Math.max(0, usedAt - reserved) * h, 6);
    }
    expect(beyond.quantity.target).toBeCloseTo(base.alb.count * (used - reserved) * h, 6);
    const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
    expect(beyond.basis).toBe(`max(0, used ${n(used)} - reserved ${n(reserved)}) per ALB at target`);
  });

  test('GIVEN a reservation above use at every scenario THEN nothing is billed beyond it (never a negative quantity)', () => {
    const r = priced({ alb: { reservedLcuPerAlb: Math.ceil((base.alb.lcuAtTarget / base.alb.count) * 10) } });
    expect(lineOf(r, 'Edge', 'LCU-hours used beyond the reservation').quantity).toEqual({ min: 0, target: 0, max: 0 });
  });
});

describe('the API front (CloudFront in front of the ALBs)', () => {
  test('GIVEN the API front THEN the ALBs\' WAF and internet transfer are 0 and say why; CloudFront carries static and API requests and bytes', () => {
    const r = priced({ cdn: { apiFront: true } });
    const waf = lineOf(r, 'Edge', 'WAF requests inspected');
    expect(waf.quantity.target).toBe(0);
    expect(waf.basis).toBe('none: with the API front the requests are inspected at CloudFront (CDN tier)');
    const out = lineOf(r, 'Network', 'data transfer out to the internet');
    expect(out.quantity.target).toBe(0);
    expect(out.basis).toBe('none from the ALBs: API responses leave through CloudFront (CDN tier); origin fetches from the ALBs are free');
    const staticRps = base.rps.target * base.cdn.staticRequestsPerApiRequest;
    const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
    expect(lineOf(r, 'CDN', 'CloudFront HTTPS requests').basis).toBe(`${n(staticRps)} static + ${n(base.rps.target)} API req/s x 2,628,000 s / 10,000 (10M requests a month free)`);
    expect(lineOf(r, 'CDN', 'CloudFront data transfer out').basis).toBe(
      `${n(staticRps)} x ${n(base.cdn.staticResponseBytes)} B + ${n(base.rps.target)} x ${n(base.responseBytes)} B x 2,628,000 s (tiered: 1 TB free, $0.085 to $0.020/GB)`,
    );
    expect(tierOf(r, 'CDN').notes).toContain("API front on: the ALB tier's LCUs come from CloudFront's pooled origin connections (capacity plan), and the ALBs send nothing to the internet.");
  });

  test('GIVEN no API front THEN CloudFront carries the static requests only and the note is absent', () => {
    const r = priced({ cdn: { apiFront: false } });
    expect(lineOf(r, 'CDN', 'CloudFront HTTPS requests').basis).toMatch(/^[\d,]+ static req\/s x 2,628,000 s/);
    expect(lineOf(r, 'CDN', 'CloudFront data transfer out').basis).toMatch(/^[\d,]+ x [\d,]+ B x 2,628,000 s/);
    expect(tierOf(r, 'CDN').notes.some((n) => n.startsWith('API front on'))).toBe(false);
  });
});

describe('EKS in extended support', () => {
  test('GIVEN a cluster past standard support THEN the fee\'s basis says since when it is in extended support', () => {
    const r = priced({ eks: { inExtendedSupport: true, version: '1.33', endOfStandardSupport: '2026-07-29', supportType: 'EXTENDED' } });
    const fee = lineOf(r, 'EKS', 'cluster fee (extended support)');
    expect(fee.basis).toBe('Kubernetes 1.33 (standard support until 2026-07-29), upgrade policy EXTENDED, in extended support on 2026-12-01');
    expect(fee.priceKey).toBe('eks.cluster.extended.hour');
  });
});

describe('a single-AZ database without replicas', () => {
  test('GIVEN 7 days of backups of a 1,000 GiB single-AZ primary THEN backup storage beyond the free copy is 1,000 x (1 + 7 x 5%) - 1,000 = 350 GB-month', () => {
    const r = priced({ database: { multiAz: false, replicas: 0, allocatedGiB: 1_000, maxAllocatedGiB: 2_000, backupRetentionDays: 7 } });
    expect(lineOf(r, 'RDS', `primary ${base.database.primaryClass}`).quantity.target).toBe(730);
    const backup = lineOf(r, 'RDS', 'backup storage beyond the free allowance');
    expect(backup.quantity.target).toBeCloseTo(350, 9);
    expect(backup.quantity.max).toBeCloseTo(700, 9);
    expect(backup.basis).toBe('7 days retained: one full copy + 5%/day changed (DB_DAILY_CHANGE_SHARE, a PLACEHOLDER) vs 1 x storage free');
    expect(lineOf(r, 'RDS', 'gp3 storage').basis).toBe('1000 GiB allocated (max 2000 with storage autoscaling, priced at max) x 1 copies (primary, 0 replica(s))');
  });
});

describe('Kafka on Standard brokers and traffic by scenario', () => {
  test('GIVEN Standard brokers THEN their EBS volumes are priced, at the auto scaling ceiling for max', () => {
    const r = priced({ kafka: { brokerType: 'standard', instanceType: 'kafka.m7g.large', brokers: 6, volumeGiBPerBroker: 500, maxVolumeGiBPerBroker: 1_500 } });
    const storage = lineOf(r, 'Kafka', 'Standard broker storage (EBS)');
    expect(storage.quantity).toEqual({ min: 3_000, target: 3_000, max: 9_000 });
    expect(storage.basis).toBe('6 brokers x 500 GiB (max 1500 with storage auto scaling, priced at max)');
  });

  test('GIVEN Express brokers THEN data written scales with the scenario\'s requests/s', () => {
    const r = priced({ kafka: { brokerType: 'express', ingressMBps: 100 } });
    const written = lineOf(r, 'Kafka', 'data written to Express brokers');
    for (const s of ['min', 'target', 'max'] as const) expect(written.quantity[s]).toBeCloseTo((100 * 1e6 * 2_628_000 * (base.rps[s] / base.rps.target)) / 1e9, 6);
    expect(base.rps.min).toBeLessThan(base.rps.target);
  });
});

describe('network: NAT processed bytes and AZ-affine routing', () => {
  test('GIVEN a measured NAT figure THEN the basis names its source; a PLACEHOLDER THEN says PLACEHOLDER', () => {
    const measured = { ...DEFAULT_COST_ASSUMPTIONS, natGBPerInstanceMonth: { value: 20, source: 'VPC flow logs, 2026-11' } };
    expect(lineOf(priced({}, measured), 'Network', 'NAT processed GB').basis).toMatch(/ instances at target x 20 GB \(VPC flow logs, 2026-11\)$/);
    expect(lineOf(priced({}), 'Network', 'NAT processed GB').basis).toMatch(/ GB \(PLACEHOLDER\)$/);
  });

  test('GIVEN AZ-affine routing THEN the nginx -> services line names the bytes that stay in their AZ', () => {
    const r = priceInputs(base, { levers: { spot: { nodeGroups: false, nginx: false }, azAffineRouting: true } });
    const l = r.tiers.flatMap((t) => t.lines).find((x) => x.category === 'cross-az-ingress')!;
    expect(l.basis).toBe(
      `${base.rps.target.toLocaleString('en-US')} req/s x ${(base.requestBytes + base.responseBytes).toLocaleString('en-US')} B stay in their AZ: nginx sends to its own AZ's NLB address; only requests failed over to the backup AZs cross (none in steady state; an AZ's share while its path is down)`,
    );
  });
});

describe('resilience switched off', () => {
  test('GIVEN backups off THEN the recovery points, copies and transfer are 0 and a note says so; on THEN no such note', () => {
    const r = priced({ resilience: { ...base.resilience, backup: { ...base.resilience.backup, enabled: false } } });
    for (const l of tierOf(r, 'Resilience').lines.filter((x) => x.priceKey.startsWith('backup.'))) expect(l.quantity).toEqual({ min: 0, target: 0, max: 0 });
    expect(tierOf(r, 'Resilience').notes).toContain('Backups are off in this environment.');
    expect(tierOf(priced({}), 'Resilience').notes).not.toContain('Backups are off in this environment.');
  });

  test('GIVEN the AZ-loss experiment off THEN its action-minutes are 0; on THEN 1 run x actions x minutes', () => {
    const { azLossExperiment } = base.resilience;
    const off = priced({ resilience: { ...base.resilience, azLossExperiment: { ...azLossExperiment, enabled: false } } });
    expect(lineOf(off, 'Resilience', 'FIS AZ-loss experiment').quantity.target).toBe(0);
    const on = priced({ resilience: { ...base.resilience, azLossExperiment: { ...azLossExperiment, enabled: true, actions: 4, minutes: 30 } } });
    expect(lineOf(on, 'Resilience', 'FIS AZ-loss experiment').quantity.target).toBe(120);
  });
});
