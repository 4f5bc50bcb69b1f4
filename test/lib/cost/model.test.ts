import { leverSettingsOf, planEnvironment } from '../../../lib/config/environment';
import { ValidationError } from '../../../lib/errors';
import {
  catalogFor,
  costInputsFor,
  CostInputs,
  DEFAULT_COST_ASSUMPTIONS,
  activeHoursPerWeek,
  defaultLeverSettings,
  PriceCatalog,
  priceEnvironment,
  priceInputs,
  tieredCost,
  US_EAST_1,
  validateCatalog,
  withOverrides,
} from '../../../lib/cost';
import { dev, prod, staging } from '../../../stacks/environments';

// Priced in a beforeEach of each describe that reads them, so that a mutation run sees which tests read them.
let prodInputs: CostInputs;
let prodReport: ReturnType<typeof priceInputs>;
function priceProd(): void {
  prodInputs = costInputsFor(prod, planEnvironment(prod));
  prodReport = priceInputs(prodInputs);
}
const line = (tier: string, item: string) => {
  const t = prodReport.tiers.find((x) => x.name.startsWith(tier));
  const l = t?.lines.find((x) => x.item.startsWith(item));
  if (!l) throw new Error(`no line ${tier} / ${item}`);
  return l;
};

describe('cost arithmetic (hand-checked)', () => {
  beforeEach(priceProd);

  test('GIVEN prod with albCapacityReservation WHEN priced THEN the reserved LCUs are 4 ALBs x 11,520 LCU x 730 h x $0.008 = $269,107.20 at every scenario', () => {
    const reserved = { ...prod, albCapacityReservation: true };
    const l = priceInputs(costInputsFor(reserved, planEnvironment(reserved))).tiers.find((t) => t.name.startsWith('Edge'))!.lines.find((x) => x.item.startsWith('reserved LCU-hours'))!;
    expect(l.quantity.target).toBe(4 * 11_520 * 730);
    expect(l.monthly.min).toBeCloseTo(269_107.2, 2);
    expect(l.monthly.max).toBeCloseTo(269_107.2, 2);
  });

  test('GIVEN 1,000,000 req/s WHEN WAF requests are priced THEN 1e6 x 730 x 3,600 / 1e6 x $0.60 = $1,576,800', () => {
    expect(line('Edge', 'WAF requests').monthly.target).toBeCloseTo(1_576_800, 2);
  });

  test('GIVEN 5,120 B per request over 3 AZs WHEN cross-AZ nginx -> services is priced THEN GB x 2/3 x 2 directions x $0.01', () => {
    const gb = (1e6 * 5_120 * 730 * 3_600) / 1e9;
    expect(line('Cross-AZ', 'nginx -> services').monthly.target).toBeCloseTo(gb * (2 / 3) * 2 * 0.01, 2);
  });

  test('GIVEN prod\'s c7i.8xlarge nodes at target (3 node groups, the services plus the mesh) on Kubernetes 1.36 WHEN priced THEN nodes x 730 x $1.428, and the standard-support fee $0.10 x 730', () => {
    const nodes = planEnvironment(prod).eks.expectedNodesAtTarget;
    expect(line('EKS', 'c7i.8xlarge').quantity.target).toBe(nodes * 730);
    expect(line('EKS', 'c7i.8xlarge').monthly.target).toBeCloseTo(nodes * 730 * 1.428, 4);
    expect(line('EKS', 'cluster fee (standard support)').monthly.target).toBeCloseTo(73, 6);
    expect(line('EKS', 'cluster fee').basis).toContain('Kubernetes 1.36 (standard support until 2027-08-02)');
  });

  test('GIVEN prod on Kubernetes 1.33 (past standard support on 2026-07-29) WHEN priced THEN the extended-support fee $0.60 x 730; before that date, the standard fee', () => {
    const old = { ...prod, kubernetesVersion: '1.33' };
    const fee = (asOf: string) => priceInputs(costInputsFor(old, planEnvironment(old), { asOf })).tiers.find((t) => t.name.startsWith('EKS'))!.lines[0];
    expect(fee('2026-12-01').item).toBe('cluster fee (extended support)');
    expect(fee('2026-12-01').monthly.target).toBeCloseTo(438, 6);
    expect(fee('2026-07-28').monthly.target).toBeCloseTo(73, 6);
  });

  test('GIVEN the tiered data-transfer price WHEN 200 TB go out THEN 100 GB free, 10 TB at $0.09, 40 TB at $0.085, 100 TB at $0.07, the rest at $0.05', () => {
    const e = US_EAST_1.entries['transfer.internet-out.gb'];
    const gb = 200 * 1_024;
    const billable = gb - 100;
    const expected = 10_240 * 0.09 + 40_960 * 0.085 + 102_400 * 0.07 + (billable - 153_600) * 0.05;
    expect(tieredCost(e, gb)).toBeCloseTo(expected, 6);
    expect(tieredCost(e, 50)).toBe(0);
  });

  test('GIVEN the totals WHEN summed THEN they equal the tiers, and cost per million = total at target / million requests', () => {
    const sum = prodReport.tiers.reduce((s, t) => s + t.monthly.target, 0);
    expect(prodReport.total.target).toBeCloseTo(sum, 6);
    expect(prodReport.costPerMillionAtTarget).toBeCloseTo(prodReport.total.target / 2_628_000, 9);
  });

  test('GIVEN unpriced lines WHEN summed THEN they are listed, shown as null and left out of the totals (a lower bound)', () => {
    // Take away one price the plan needs (a catalog entry without a figure): its line is unpriced, shown as null, and the totals drop exactly its cost.
    const entries = { ...US_EAST_1.entries, 'eks.cluster.standard.hour': { ...US_EAST_1.entries['eks.cluster.standard.hour'], usd: null } };
    const without = priceInputs(prodInputs, { catalog: { ...US_EAST_1, entries } as PriceCatalog });
    expect(without.unpriced.map((l) => l.priceKey)).toContain('eks.cluster.standard.hour');
    for (const l of without.unpriced) expect(l.monthly.target).toBeNull();
    expect(prodReport.total.target - without.total.target).toBeCloseTo(line('EKS', 'cluster fee (standard support)').monthly.target!, 6);
  });

  test('GIVEN an enterprise discount override WHEN priced THEN the line uses it, with its own source', () => {
    const catalog = withOverrides(US_EAST_1, { 'waf.requests.million': { usd: 0.3, source: 'https://example.com/edp-rate-card', read: '2026-11-30' } });
    const r = priceInputs(prodInputs, { catalog });
    const waf = r.tiers[0].lines.find((l) => l.priceKey === 'waf.requests.million')!;
    expect(waf.monthly.target).toBeCloseTo(788_400, 2);
    expect(waf.source).toBe('https://example.com/edp-rate-card');
  });

  test('GIVEN prod without albCapacityReservation (the reference config) WHEN priced THEN no reserved LCU-hours are charged', () => {
    expect(prodInputs.alb.reservedLcuPerAlb).toBe(0);
  });

  test('GIVEN a non-production environment WHEN priced THEN no LCU reservation, standard EKS support, one NAT gateway in dev, and spot + schedule levers on', () => {
    const d = priceInputs(costInputsFor(dev, planEnvironment(dev)));
    expect(d.inputs.alb.reservedLcuPerAlb).toBe(0);
    expect(d.inputs.eks.inExtendedSupport).toBe(false);
    expect(d.inputs.nat.gateways).toBe(1);
    expect(d.levers.filter((l) => l.enabled).map((l) => l.lever)).toEqual(['Spot for node groups and the nginx fleet', 'Scheduled scale-down at low usage']);
    const spot = d.levers[0];
    const ec2 = d.tiers.flatMap((t) => t.lines).filter((l) => l.category === 'ec2-nodes' || l.category === 'ec2-nginx');
    expect(spot.savingAtTarget).toBeCloseTo(ec2.reduce((s, l) => s + (l.monthly.target ?? 0), 0) * 0.6, 6);
    expect(activeHoursPerWeek(defaultLeverSettings(false).schedule!)).toBe(60);
  });

  test('GIVEN prod (cross-zone on) WHEN the AZ-affine lever is priced THEN it saves the nginx -> services line: 1e6 req/s x 5,120 B x 2,628,000 s / 1e9 x 2/3 x 2 directions x $0.01 = $179,404.80', () => {
    const nginxLine = line('Cross-AZ', 'nginx');
    expect(nginxLine.item).toBe('nginx -> services through the internal NLB (cross-zone on)');
    expect(nginxLine.quantity.target).toBeCloseTo(17_940_480, 3);
    expect(nginxLine.monthly.target).toBeCloseTo(179_404.8, 2);
    const azLever = prodReport.levers.find((l) => l.lever.startsWith('AZ-affine'))!;
    expect(azLever.enabled).toBe(false);
    expect(azLever.savingAtTarget).toBeCloseTo(179_404.8, 2);
    // The gateway -> backends hop goes through the mesh, not the NLB: the lever leaves it alone.
    expect(line('Cross-AZ', 'api-gateway').monthly.target).toBeCloseTo(179_404.8, 2);
    expect(azLever.risk).toContain('zonal shift');
  });

  test('GIVEN prod priced with the AZ-affine lever on THEN the nginx -> services line is 0 GB at every scenario, the gateway line unchanged, and the saving the same $179,404.80', () => {
    const on = priceInputs(prodInputs, { levers: { ...defaultLeverSettings(true), azAffineRouting: true } });
    const cross = on.tiers.find((t) => t.name.startsWith('Cross-AZ'))!;
    const nginxLine = cross.lines.find((l) => l.category === 'cross-az-ingress')!;
    expect(nginxLine.item).toBe('nginx -> services through the internal NLB (AZ-affine: cross-zone off)');
    expect(nginxLine.quantity).toEqual({ min: 0, target: 0, max: 0 });
    expect(nginxLine.monthly).toEqual({ min: 0, target: 0, max: 0 });
    expect(cross.lines.find((l) => l.category === 'cross-az-gateway')!.monthly.target).toBeCloseTo(179_404.8, 2);
    expect(prodReport.total.target - on.total.target).toBeCloseTo(179_404.8, 2);
    const azLever = on.levers.find((l) => l.lever.startsWith('AZ-affine'))!;
    expect(azLever.enabled).toBe(true);
    expect(azLever.savingAtTarget).toBeCloseTo(179_404.8, 2);
  });

  test('GIVEN prod with the lever on in its config WHEN priced from its config THEN its NLB is planned cross-zone off and no nginx -> services byte crosses an AZ', () => {
    const config = { ...prod, levers: { ...defaultLeverSettings(true), azAffineRouting: true } };
    const inputs = costInputsFor(config, planEnvironment(config));
    expect(inputs.internalNlb.crossZone).toBe(false);
    const report = priceInputs(inputs, { levers: leverSettingsOf(config) });
    const nginxLine = report.tiers.flatMap((t) => t.lines).find((l) => l.category === 'cross-az-ingress')!;
    expect(nginxLine.monthly.target).toBe(0);
    // 1,000,000 req/s x 5,120 B x 2,628,000 s / 1e9 x 2/3 x 2 x $0.01 = $179,404.80 saved.
    expect(report.levers.find((l) => l.lever.startsWith('AZ-affine'))!.savingAtTarget).toBeCloseTo((inputs.rps.target * 5_120 * 2_628_000) / 1e9 * (2 / 3) * 2 * 0.01, 6);
  });
});

describe('the options of priceInputs and priceEnvironment reach the model', () => {
  beforeEach(priceProd);

  test('GIVEN overrides to priceInputs THEN the shipped catalog with them; GIVEN a catalog of its own THEN it is checked, naming the environment', () => {
    const overrides = { 'waf.requests.million': { usd: 0.3, source: 'https://example.com/edp', read: '2026-12-01' } };
    expect(priceInputs(prodInputs, { overrides }).catalog.entries['waf.requests.million'].usd).toBe(0.3);
    const own = { ...US_EAST_1, entries: { ...US_EAST_1.entries, 'waf.requests.million': { ...US_EAST_1.entries['waf.requests.million'], usd: -1 } } };
    expect(() => priceInputs(prodInputs, { catalog: own })).toThrow(/^cost model \(prod\) \(us-east-1\): entries\["waf\.requests\.million"\]\.usd = -1 is negative/);
    expect(priceInputs(prodInputs, { catalog: US_EAST_1 }).catalog).toBe(US_EAST_1);
  });

  test('GIVEN bad assumptions or levers THEN the error says they are the environment\'s', () => {
    expect(() => priceInputs(prodInputs, { assumptions: { ...DEFAULT_COST_ASSUMPTIONS, cacheBytesPerOp: { value: -5, source: 'x' } } })).toThrow(/^cost model \(prod\) assumptions: cacheBytesPerOp\.value = -5/);
    expect(() => priceInputs(prodInputs, { levers: { spot: { nodeGroups: 1 }, azAffineRouting: false } as never })).toThrow(/^cost model \(prod\) levers: spot\.nodeGroups = 1/);
  });

  test('GIVEN priceEnvironment with a date, overrides or levers THEN each is used; without levers THEN the config\'s own', () => {
    const later = priceEnvironment(prod, { asOf: '2027-09-01' });
    expect(later.inputs.asOf).toBe('2027-09-01');
    expect(later.tiers.find((t) => t.name.startsWith('EKS'))!.lines[0].item).toBe('cluster fee (extended support)');
    expect(priceEnvironment(prod, { overrides: { 'waf.requests.million': { usd: 0.3, source: 'https://example.com/edp', read: '2026-12-01' } } }).catalog.entries['waf.requests.million'].usd).toBe(0.3);
    const affine = { ...defaultLeverSettings(true), azAffineRouting: true };
    expect(priceEnvironment(prod, { levers: affine }).leverSettings).toEqual(affine);
    const configured = { ...prod, levers: affine };
    expect(priceEnvironment(configured).leverSettings).toEqual(leverSettingsOf(configured));
    expect(priceEnvironment(configured).leverSettings.azAffineRouting).toBe(true);
  });
});

describe('prices added in the az-affine round (hand-checked)', () => {
  beforeEach(priceProd);

  test('GIVEN Route 53 standard queries WHEN priced THEN the first billion a month cost $0.40 per million and the rest $0.20: 10M = $4.00, 1,500M = $500.00', () => {
    const entry = US_EAST_1.entries['route53.queries.million'];
    expect(tieredCost(entry, 10)).toBeCloseTo(4, 10);
    expect(tieredCost(entry, 1_000)).toBeCloseTo(400, 10);
    expect(tieredCost(entry, 1_500)).toBeCloseTo(1_000 * 0.4 + 500 * 0.2, 10);
    expect(entry.via).toContain('https://aws.amazon.com/route53/pricing/');
    const l = line('KMS', 'Route 53 queries');
    expect(l.monthly.target).toBeCloseTo(l.quantity.target * 0.4, 10);
  });

  test('GIVEN the S3 GETs of CloudFront misses WHEN priced THEN quantity (in 1,000s) x $0.0004: 13,140,000 x $0.0004 = $5,256 for 5,000 misses/s over 2,628,000 s', () => {
    expect(US_EAST_1.entries['s3.requests.get.1k'].usd).toBe(0.0004);
    const l = line('CDN', 'S3 GETs');
    for (const s of ['min', 'target', 'max'] as const) expect(l.monthly[s]).toBeCloseTo(l.quantity[s] * 0.0004, 8);
    expect((5_000 * 2_628_000) / 1_000 * 0.0004).toBeCloseTo(5_256, 8);
    expect(l.unitUsd).toBe(0.0004);
  });
});

describe('database, cache and log prices (hand-checked)', () => {
  beforeEach(priceProd);

  test('GIVEN prod (db.r7g.16xlarge Multi-AZ + 6 x db.r7g.4xlarge) WHEN priced THEN 2 x 730 x $7.648 = $11,166.08 and 6 x 730 x $1.912 = $8,374.56, at every scenario', () => {
    expect(line('RDS', 'primary db.r7g.16xlarge').monthly).toEqual({ min: expect.closeTo(11_166.08, 6), target: expect.closeTo(11_166.08, 6), max: expect.closeTo(11_166.08, 6) });
    expect(line('RDS', 'read replicas db.r7g.4xlarge').monthly.target).toBeCloseTo(6 * 730 * 1.912, 6);
    // RDS Graviton prices are linear in size: every r7g class is the quoted large price x its size in larges.
    const larges: Record<string, number> = { large: 1, xlarge: 2, '2xlarge': 4, '4xlarge': 8, '8xlarge': 16, '12xlarge': 24, '16xlarge': 32 };
    for (const [size, n] of Object.entries(larges)) expect(US_EAST_1.entries[`rds.postgres.db.r7g.${size}.hour`].usd).toBeCloseTo(0.239 * n, 10);
  });

  test('GIVEN prod (16 shards x 3 cache.r7g.4xlarge) WHEN priced THEN 48 x 730 x $1.396 = $48,915.84; RDS Proxy 64 vCPUs x 730 x $0.015 = $700.80', () => {
    expect(line('ElastiCache', 'cache.r7g.4xlarge nodes').monthly.target).toBeCloseTo(48_915.84, 6);
    expect(line('RDS', 'RDS Proxy').monthly.target).toBeCloseTo(700.8, 6);
  });

  test('GIVEN every RDS class and cache node type of the capacity catalog WHEN looked up THEN each has a sourced price (none unpriced)', () => {
    const unpriced = Object.entries(US_EAST_1.entries).filter(([k, e]) => /^(rds\.postgres|elasticache\.valkey)\./.test(k) && e.usd === null);
    expect(unpriced).toEqual([]);
    expect(prodReport.unpriced.map((l) => l.priceKey).sort()).toEqual(['msk.express.data-in.gb', 'msk.express.storage.gb-month']);
  });

  test('GIVEN vended logs WHEN 43,000 GB are ingested THEN 10 TB at $0.50, 20 TB at $0.25, the remaining 12,280 GB at $0.10 = $11,520', () => {
    const entry = US_EAST_1.entries['cloudwatch.vended-logs.ingest.gb'];
    expect(tieredCost(entry, 1_000)).toBeCloseTo(500, 10);
    expect(tieredCost(entry, 43_000)).toBeCloseTo(10_240 * 0.5 + 20_480 * 0.25 + (43_000 - 30_720) * 0.1, 10);
    expect(tieredCost(entry, 60_000)).toBeCloseTo(10_240 * 0.5 + 20_480 * 0.25 + 20_480 * 0.1 + (60_000 - 51_200) * 0.05, 10);
  });
});

describe('price catalog', () => {
  test('GIVEN the us-east-1 catalog WHEN checked THEN every entry has a unit, a source URL and a read date, and every price is null or a finite non-negative number', () => {
    expect(() => validateCatalog(US_EAST_1)).not.toThrow();
    for (const [key, e] of Object.entries(US_EAST_1.entries)) {
      expect(e.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(e.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (e.usd === null) expect(e.note).toContain('no stored copy');
      else expect(e.via ?? '').not.toBe('');
      expect(key).toMatch(/^[a-z0-9]+(\.[a-z0-9.-]+)+$/);
    }
  });

  test('GIVEN every instance type of every environment WHEN looked up THEN the catalog has it', () => {
    for (const env of [dev, staging, prod]) {
      const i = costInputsFor(env, planEnvironment(env));
      for (const key of [`ec2.${i.nginx.instanceType}.hour`, `ec2.${i.nodes.instanceType}.hour`, `rds.postgres.${i.database.primaryClass}.hour`, `elasticache.valkey.${i.cache.nodeType}.hour`]) {
        expect(US_EAST_1.entries[key]).toBeDefined();
      }
    }
  });
});

describe('bad inputs are ValidationErrors', () => {
  const bad = (entries: PriceCatalog['entries']): PriceCatalog => ({ ...US_EAST_1, entries: { ...US_EAST_1.entries, ...entries } });
  const base = US_EAST_1.entries['waf.requests.million'];
  beforeEach(priceProd);

  test.each([
    ['a negative price', bad({ 'waf.requests.million': { ...base, usd: -0.6 } }), /usd = -0.6 is negative/],
    ['a non-numeric price', bad({ 'waf.requests.million': { ...base, usd: '0.60' as unknown as number } }), /is not a finite number/],
    ['a NaN price', bad({ 'waf.requests.million': { ...base, usd: Number.NaN } }), /is not a finite number/],
    ['a price without a source URL', bad({ 'waf.requests.million': { ...base, source: 'the internet' } }), /every price names the pricing page/],
    ['a price without a read date', bad({ 'waf.requests.million': { ...base, read: 'last week' } }), /every price says when it was read/],
    ['tiers that do not end at Infinity', bad({ 'transfer.internet-out.gb': { ...US_EAST_1.entries['transfer.internet-out.gb'], tiers: [{ upTo: 10, usd: 0.09 }] } }), /do not end at Infinity/],
  ])('GIVEN %s WHEN priced THEN a ValidationError names it', (_what, catalog, message) => {
    expect(() => priceInputs(prodInputs, { catalog })).toThrow(ValidationError);
    expect(() => priceInputs(prodInputs, { catalog })).toThrow(message);
  });

  test('GIVEN a catalog missing a price WHEN priced THEN the error names the key, the catalog and the fix', () => {
    const entries = { ...US_EAST_1.entries };
    delete (entries as Record<string, unknown>)['elb.nlb.hour'];
    expect(() => priceInputs(prodInputs, { catalog: { ...US_EAST_1, entries } })).toThrow(/price = "elb.nlb.hour" is not in the price catalog .* Fix: add the price with its source and date/);
  });

  test('GIVEN an instance type the catalog does not price WHEN priced THEN the error lists the priced ec2 keys', () => {
    const inputs: CostInputs = { ...prodInputs, nginx: { ...prodInputs.nginx, instanceType: 'c9z.2xlarge' } };
    expect(() => priceInputs(inputs)).toThrow(/price = "ec2.c9z.2xlarge.hour" is not in the price catalog.*priced ec2 keys: ec2\.c7g/);
  });

  test('GIVEN a Region with no prices WHEN priced THEN the error names the Region and how to pass a catalog', () => {
    expect(() => catalogFor('eu-west-3')).toThrow(/region = "eu-west-3" has no price catalog\. Fix: use one of us-east-1, or pass your own PriceCatalog/);
    expect(() => priceInputs({ ...prodInputs, region: 'ap-south-2' })).toThrow(ValidationError);
  });

  test('GIVEN an override with a bad price or an unknown key WHEN applied THEN a ValidationError', () => {
    expect(() => withOverrides(US_EAST_1, { 'waf.requests.million': { usd: -1, source: 'https://example.com/x', read: '2026-11-30' } })).toThrow(/is negative/);
    expect(() => withOverrides(US_EAST_1, { 'waf.requests.billion': { usd: 1, source: 'https://example.com/x', read: '2026-11-30' } })).toThrow(/is not in the price catalog/);
  });

  test('GIVEN bad assumptions or lever settings WHEN priced THEN a ValidationError names them', () => {
    expect(() => priceInputs(prodInputs, { assumptions: { ...DEFAULT_COST_ASSUMPTIONS, cacheBytesPerOp: { value: -5, source: 'x' } } })).toThrow(/cacheBytesPerOp.value = -5 is out of range/);
    expect(() => priceInputs(prodInputs, { assumptions: { ...DEFAULT_COST_ASSUMPTIONS, wafBlockedShare: { value: 0.1, source: '' } } })).toThrow(/every figure names its source/);
    expect(() => priceInputs(prodInputs, { levers: { spot: { nodeGroups: true, nginx: true }, schedule: { from: 20, until: 8 }, azAffineRouting: false } })).toThrow(/schedule.until = 8 is out of range \(after schedule.from \(20\) on the same day, at most 23\)/);
  });

  test('GIVEN a plan of another environment WHEN adapted THEN a ValidationError', () => {
    expect(() => costInputsFor(prod, planEnvironment(dev))).toThrow(/is not the plan of environment "prod"/);
  });
});
