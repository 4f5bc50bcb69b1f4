import { cacheCommandMix, median, mixedRate, parsePgbench, parseRedisBenchmarkCsv, quantile, readScript, requestBody, schemaSql, writeScript } from './workload';
import { prod } from '../../stacks/environments';

const prodCapacity = prod.capacity;

const mix = prodCapacity.requestMix;

describe('benchmark workloads from the request mix', () => {
  test('GIVEN the mix WHEN the cache commands are derived THEN reads GET, misses and writes SET, values are the response size', () => {
    const c = cacheCommandMix(mix);
    const gets = mix.readShare;
    const sets = mix.readShare * (1 - mix.cacheHitRatio) + mix.writeShare;
    expect(c.getShare).toBeCloseTo(gets / (gets + sets), 12);
    expect(c.getShare + c.setShare).toBeCloseTo(1, 12);
    expect(c.valueBytes).toBe(mix.averageResponseBytes);
    expect(cacheCommandMix({ ...mix, cacheHitRatio: 1, writeShare: 0, readShare: 1 }).setShare).toBe(0);
  });

  test('WHEN rates are mixed THEN the CPU cost per operation is the weighted sum (harmonic mean)', () => {
    expect(mixedRate([{ share: 0.5, perSecond: 100 }, { share: 0.5, perSecond: 300 }])).toBeCloseTo(150, 9);
    expect(mixedRate([{ share: 1, perSecond: 42 }])).toBe(42);
    expect(mixedRate([])).toBeNaN();
  });

  test('WHEN a write body is built THEN it is JSON of exactly the requested size', () => {
    for (const bytes of [64, 1_024, 4_096]) {
      const body = requestBody(bytes, { userId: 7 });
      expect(body).toHaveLength(bytes);
      expect(JSON.parse(body).userId).toBe(7);
    }
  });

  test('WHEN the scripts and schema are written THEN they read by primary key, write one request-sized body, and size the rows from the mix', () => {
    expect(readScript(500)).toContain('\\set id random(1, 500)');
    expect(readScript(500)).toContain('WHERE id = :id');
    const write = writeScript(mix, 500);
    expect(write).toContain('INSERT INTO transactions');
    expect(/'(\{.*\})'\);/.exec(write)![1]).toHaveLength(mix.averageRequestBytes);
    expect(schemaSql(mix, 123)).toContain('generate_series(1, 123)');
    expect(schemaSql(mix, 123)).toContain(`${mix.averageResponseBytes - 2}) || '"}'`);
  });
});

describe("parsing the tools' output", () => {
  const csv = [
    '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"',
    '"SET","8805.53","4.595","0.200","2.575","13.215","31.535","348.415"',
    '"GET","8503.04","5.037","0.176","2.959","15.023","31.231","200.831"',
  ].join('\n');

  test('GIVEN redis-benchmark --csv output WHEN parsed THEN every test row has its rate and latencies', () => {
    expect(parseRedisBenchmarkCsv(`noise\n${csv}\n`)).toEqual([
      { test: 'SET', requestsPerSecond: 8805.53, avgMs: 4.595, p50Ms: 2.575, p95Ms: 13.215, p99Ms: 31.535, maxMs: 348.415 },
      { test: 'GET', requestsPerSecond: 8503.04, avgMs: 5.037, p50Ms: 2.959, p95Ms: 15.023, p99Ms: 31.231, maxMs: 200.831 },
    ]);
  });

  test.each([
    ['no header', '"GET","1","2","3","4","5","6","7"'],
    ['a missing column', '"test","rps"\n"GET","1"'],
    ['a non-number', csv.replace('8503.04', 'fast')],
  ])('GIVEN redis-benchmark output with %s WHEN parsed THEN it fails naming the problem', (_what, text) => {
    expect(() => parseRedisBenchmarkCsv(text)).toThrow(/redis-benchmark/);
  });

  const pgbench = [
    'transaction type: /tmp/read.sql',
    'number of transactions actually processed: 19662',
    'number of failed transactions: 0 (0.000%)',
    'latency average = 6.180 ms',
    'initial connection time = 12.3 ms',
    'tps = 2664.796349 (without initial connection time)',
  ].join('\n');

  test('GIVEN pgbench output WHEN parsed THEN transactions, failures, latency and tps are read', () => {
    expect(parsePgbench(pgbench)).toEqual({ transactions: 19662, failed: 0, latencyAverageMs: 6.18, tps: 2664.796349 });
    expect(parsePgbench(pgbench.replace('failed transactions: 0', 'failed transactions: 3')).failed).toBe(3);
    // A run that completed nothing prints no latency or tps.
    const none = parsePgbench('number of transactions actually processed: 0\nnumber of failed transactions: 0 (NaN%)\n');
    expect(none.transactions).toBe(0);
    expect(none.tps).toBe(0);
    expect(none.latencyAverageMs).toBeNaN();
  });

  test.each([
    ['no processed count', pgbench.replace(/number of transactions actually processed: \d+/, '')],
    ['no tps', pgbench.replace(/tps = .*/, '')],
    ['no latency', pgbench.replace(/latency average = .*/, '')],
  ])('GIVEN pgbench output with %s WHEN parsed THEN it fails naming what is missing', (_what, text) => {
    expect(() => parsePgbench(text)).toThrow(/pgbench output lacks/);
  });

  test('WHEN statistics are taken THEN median and nearest-rank quantiles hold', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  });
});
