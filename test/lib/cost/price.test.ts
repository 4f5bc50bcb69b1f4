import { catalogFor, priceEntry, tieredCost, US_EAST_1, validateCatalog, withOverrides } from '../../../lib/cost';
import { isCalendarDate } from '../../../lib/cost/price';
import type { PriceCatalog, PriceEntry } from '../../../lib/cost';

const ENTRY: PriceEntry = { usd: 0.0225, unit: 'LCU-hour', source: 'https://aws.amazon.com/elasticloadbalancing/pricing/', read: '2026-11-30' };
const CATALOG: PriceCatalog = {
  region: 'us-east-1',
  name: 'test prices',
  entries: {
    'elb.alb.hour': ENTRY,
    'elb.alb.lcu-hour': { ...ENTRY, usd: 0.008 },
    'ec2.c7g.xlarge.hour': { ...ENTRY, usd: 0.145, unit: 'instance-hour' },
    'ec2.free.hour': { ...ENTRY, usd: null, unit: 'instance-hour' },
    ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`s3.class${String(i).padStart(2, '0')}.gb`, { ...ENTRY, unit: 'GB' }])),
  },
};
const withEntry = (entry: unknown) => ({ ...CATALOG, entries: { 'x.y': entry as PriceEntry } });

describe('a price catalog', () => {
  test('GIVEN a valid catalog THEN it passes, null prices included', () => {
    expect(() => validateCatalog(CATALOG)).not.toThrow();
    expect(() => validateCatalog(withEntry({ ...ENTRY, usd: 0, tiers: [{ upTo: 10, usd: 1 }, { upTo: Infinity, usd: 0 }], freePerMonth: 0 }))).not.toThrow();
    expect(() => validateCatalog(withEntry({ ...ENTRY, source: 'https://aws.amazon.com/s3/pricing/ (the Requests tab)' }))).not.toThrow();
    expect(() => validateCatalog(withEntry({ ...ENTRY, source: 'https://aws.amazon.com/s3/pricing/\t(the Requests tab)' }))).not.toThrow();
    expect(() => validateCatalog(withEntry({ ...ENTRY, source: 'http://rates.internal.example/edp-2026' }))).not.toThrow();
  });

  test.each([
    ['not an object', null, /price catalog: catalog = null is not a price catalog/],
    ['a number', 7, /^price catalog: catalog = 7 is not a price catalog\. Fix: pass a PriceCatalog \(\{ region, name, entries \}\)$/],
    ['no Region', { ...CATALOG, region: '' }, /price catalog: region = "" is empty\. Fix: name the Region/],
    ['a Region that is not a string', { ...CATALOG, region: 1 }, /region = 1 is empty/],
    ['no entries', { ...CATALOG, entries: undefined }, /entries = undefined is not an object of price key to entry/],
    ['entries as a string', { ...CATALOG, entries: 'x' }, /entries = "x" is not an object of price key to entry\. Fix: pass entries such as \{ "elb\.alb\.hour": \{ usd, unit, source, read \} \}$/],
  ])('GIVEN %s THEN it is rejected', (_label, catalog, message) => {
    expect(() => validateCatalog(catalog as never)).toThrow(message);
  });

  test.each([
    ['an entry that is not an object', 7, /^price catalog \(us-east-1\): entries\["x\.y"\] = 7 is not a price entry\. Fix: pass \{ usd, unit, source, read \}$/],
    ['a price that is a string', { ...ENTRY, usd: '0.02' }, /entries\["x\.y"\]\.usd = "0\.02" is not a finite number\. Fix: pass the price in USD per unit as a number \(or null when no sourced figure exists\)$/],
    ['an infinite price', { ...ENTRY, usd: Infinity }, /\.usd = Infinity is not a finite number/],
    ['a NaN price', { ...ENTRY, usd: NaN }, /\.usd = NaN is not a finite number/],
    ['a negative price', { ...ENTRY, usd: -0.01 }, /\.usd = -0\.01 is negative\. Fix: pass a price of 0 or more/],
    ['no unit', { ...ENTRY, unit: undefined }, /\.unit = undefined is empty/],
    ['a blank unit', { ...ENTRY, unit: '  ' }, /\.unit = " {2}" is empty\. Fix: say what one unit is/],
    ['a source that is not a URL', { ...ENTRY, source: 'AWS pricing page' }, /\.source = "AWS pricing page" is not a URL: every price names the pricing page it comes from\. Fix: start the source with the AWS pricing page URL, e\.g\. "https:\/\/aws\.amazon\.com\/ec2\/pricing\/on-demand\/"/],
    ['a source with text before the URL', { ...ENTRY, source: 'see https://aws.amazon.com/' }, /\.source = .* is not a URL/],
    ['a source with a label glued to the URL', { ...ENTRY, source: 'page:https://aws.amazon.com/' }, /\.source = "page:https:.* is not a URL/],
    ['a source in another scheme', { ...ENTRY, source: 'ftp://aws.amazon.com/' }, /\.source = "ftp:.* is not a URL/],
    ['no source', { ...ENTRY, source: undefined }, /\.source = undefined is not a URL/],
    ['a date in another format', { ...ENTRY, read: '30/11/2026' }, /\.read = "30\/11\/2026" is not a date \(YYYY-MM-DD\): every price says when it was read\. Fix: pass the date the figure was read, e\.g\. "2026-12-01"/],
    ['a date that does not exist', { ...ENTRY, read: '2026-13-45' }, /\.read = "2026-13-45" is not a date/],
    ['a date with a time', { ...ENTRY, read: '2026-11-30T10:00' }, /\.read = "2026-11-30T10:00" is not a date/],
    ['a date in a list', { ...ENTRY, read: ['2026-11-30'] }, /\.read = \["2026-11-30"\] is not a date/],
    ['a negative free allowance', { ...ENTRY, freePerMonth: -1 }, /\.freePerMonth = -1 is not a non-negative number\. Fix: pass the free monthly allowance in the entry's unit$/],
    ['a free allowance as a string', { ...ENTRY, freePerMonth: '100' }, /\.freePerMonth = "100" is not a non-negative number/],
    ['a NaN free allowance', { ...ENTRY, freePerMonth: NaN }, /\.freePerMonth = NaN is not a non-negative number/],
    ['no tiers', { ...ENTRY, tiers: [] }, /\.tiers = \[\] is empty\. Fix: list the tiers in ascending order/],
    ['tiers that are not a list', { ...ENTRY, tiers: { upTo: Infinity, usd: 1 } }, /\.tiers = .* is empty/],
    ['a tier with a negative price', { ...ENTRY, tiers: [{ upTo: Infinity, usd: -1 }] }, /\.tiers\[0\]\.usd = -1 is not a non-negative price\. Fix: pass the tier price in USD per unit$/],
    ['a tier price as a string', { ...ENTRY, tiers: [{ upTo: 10, usd: 1 }, { upTo: Infinity, usd: '1' }] }, /\.tiers\[1\]\.usd = "1" is not a non-negative price/],
    ['a tier with an infinite price', { ...ENTRY, tiers: [{ upTo: Infinity, usd: Infinity }] }, /\.tiers\[0\]\.usd = Infinity is not a non-negative price/],
    ['tiers out of order', { ...ENTRY, tiers: [{ upTo: 10, usd: 1 }, { upTo: 10, usd: 0.5 }, { upTo: Infinity, usd: 0.1 }] }, /\.tiers\[1\]\.upTo = 10 is not above the previous tier's end \(10\)\. Fix: list tiers in ascending order$/],
    ['a first tier ending at 0', { ...ENTRY, tiers: [{ upTo: 0, usd: 1 }, { upTo: Infinity, usd: 0.5 }] }, /\.tiers\[0\]\.upTo = 0 is not above the previous tier's end \(0\)/],
    ['a tier end as a string', { ...ENTRY, tiers: [{ upTo: '10', usd: 1 }] }, /\.tiers\[0\]\.upTo = "10" is not above/],
    ['tiers that stop short of Infinity', { ...ENTRY, tiers: [{ upTo: 10, usd: 1 }, { upTo: 100, usd: 0.5 }] }, /\.tiers = 100 do not end at Infinity: some quantity would have no price\. Fix: make the last tier \{ upTo: Infinity, usd \}/],
  ])('GIVEN an entry with %s THEN it is rejected naming the entry', (_label, entry, message) => {
    expect(() => validateCatalog(withEntry(entry))).toThrow(message);
  });
});

describe('looking up a price', () => {
  test('GIVEN a priced key THEN its entry', () => {
    expect(priceEntry(CATALOG, 'elb.alb.lcu-hour').usd).toBe(0.008);
    expect(priceEntry(CATALOG, 'ec2.free.hour').usd).toBeNull();
  });

  test('GIVEN a key the catalog lacks THEN the error names the key, the catalog and the keys priced in its family', () => {
    expect(() => priceEntry(CATALOG, 'elb.alb.gb')).toThrow(
      'cost model: price = "elb.alb.gb" is not in the price catalog "test prices" (us-east-1). Fix: add the price with its source and date to the catalog (lib/cost/catalog-us-east-1.ts) or pass it as an override; priced elb.alb keys: elb.alb.hour, elb.alb.lcu-hour',
    );
  });

  test('GIVEN no key of the two-part family THEN the hint falls back to the service; none at all THEN no hint', () => {
    expect(() => priceEntry(CATALOG, 'ec2.m7i.large.hour', 'tier "EKS"')).toThrow(/^tier "EKS": price = "ec2\.m7i\.large\.hour" .*; priced ec2 keys: ec2\.c7g\.xlarge\.hour, ec2\.free\.hour$/);
    expect(() => priceEntry(CATALOG, 'rds.db.r7g.hour')).toThrow(/or pass it as an override$/);
  });

  test('GIVEN a catalog not in key order THEN the hint lists the family sorted', () => {
    const unordered: PriceCatalog = { ...CATALOG, entries: { 'elb.alb.lcu-hour': ENTRY, 'elb.alb.hour': ENTRY, 'ec2.free.hour': ENTRY, 'ec2.c7g.xlarge.hour': ENTRY } };
    expect(() => priceEntry(unordered, 'elb.alb.gb')).toThrow(/; priced elb\.alb keys: elb\.alb\.hour, elb\.alb\.lcu-hour$/);
    expect(() => priceEntry(unordered, 'ec2.m7i.large.hour')).toThrow(/; priced ec2 keys: ec2\.c7g\.xlarge\.hour, ec2\.free\.hour$/);
  });

  test('GIVEN exactly 12 keys in the family THEN all are listed, without an ellipsis', () => {
    const twelve: PriceCatalog = { ...CATALOG, entries: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s3.class${String(i).padStart(2, '0')}.gb`, ENTRY])) };
    expect(() => priceEntry(twelve, 's3.glacier.gb')).toThrow(/; priced s3 keys: s3\.class00\.gb, .*, s3\.class11\.gb$/);
  });

  test('GIVEN more than 12 keys in the family THEN the hint lists the first 12, sorted, and an ellipsis', () => {
    expect(() => priceEntry(CATALOG, 's3.glacier.gb')).toThrow(/; priced s3 keys: s3\.class00\.gb, s3\.class01\.gb, .*s3\.class11\.gb, \.\.\.$/);
    expect(() => priceEntry(CATALOG, 's3.glacier.gb')).not.toThrow(/class12/);
  });
});

describe('overriding prices', () => {
  test('GIVEN an override THEN the price, source and date are replaced and the unit kept, with a note of the list price; the rest is untouched', () => {
    const catalog = withOverrides(CATALOG, { 'elb.alb.lcu-hour': { usd: 0.006, source: 'https://example.com/edp', read: '2026-12-01' } });
    expect(catalog.entries['elb.alb.lcu-hour']).toEqual({ usd: 0.006, unit: 'LCU-hour', source: 'https://example.com/edp', read: '2026-12-01', tiers: undefined, freePerMonth: undefined, note: 'overrides the list price 0.008 USD/LCU-hour' });
    expect(catalog.entries['elb.alb.hour']).toBe(ENTRY);
    expect(catalog).toMatchObject({ region: 'us-east-1', name: 'test prices, with 1 override(s)' });
    expect(CATALOG.entries['elb.alb.lcu-hour'].usd).toBe(0.008);
  });

  test('GIVEN an override of an unsourced price, with its own note THEN the note says so, or is the given one', () => {
    expect(withOverrides(CATALOG, { 'ec2.free.hour': { usd: 0.1, source: 'https://example.com/q', read: '2026-12-01' } }).entries['ec2.free.hour'].note).toBe('overrides an unsourced price');
    expect(withOverrides(CATALOG, { 'ec2.free.hour': { usd: 0.1, source: 'https://example.com/q', read: '2026-12-01', note: 'quoted' } }).entries['ec2.free.hour'].note).toBe('quoted');
  });

  test.each([
    ['a price that is not a number', { usd: null }, /price overrides: \["elb\.alb\.hour"\]\.usd = null is not a number\. Fix: pass the price in USD per unit$/],
    ['a negative price', { usd: -1 }, /price overrides: entries\["elb\.alb\.hour"\]\.usd = -1 is negative/],
    ['no source URL', { usd: 1, source: 'EDP' }, /entries\["elb\.alb\.hour"\]\.source = "EDP" is not a URL/],
    ['no date', { usd: 1, read: 'yesterday' }, /\.read = "yesterday" is not a date/],
  ])('GIVEN an override with %s THEN it is rejected', (_label, change, message) => {
    expect(() => withOverrides(CATALOG, { 'elb.alb.hour': { source: 'https://example.com/edp', read: '2026-12-01', ...change } as never })).toThrow(message);
  });

  test('GIVEN an invalid base catalog THEN overriding fails on the base first', () => {
    expect(() => withOverrides(withEntry({ ...ENTRY, usd: -1 }), {})).toThrow(/price catalog \(us-east-1\): entries\["x\.y"\]\.usd = -1 is negative/);
  });
});

describe('tiered and free prices', () => {
  test('GIVEN a flat price with a free allowance THEN only units above it are paid; a null price costs 0 here (the line shows it as unpriced)', () => {
    expect(tieredCost({ ...ENTRY, usd: 2, freePerMonth: 100 }, 150)).toBe(100);
    expect(tieredCost({ ...ENTRY, usd: 2, freePerMonth: 100 }, 80)).toBe(0);
    expect(tieredCost({ ...ENTRY, usd: 2 }, 150)).toBe(300);
    expect(tieredCost({ ...ENTRY, usd: null }, 150)).toBe(0);
  });

  test('GIVEN tiers and a free allowance THEN the allowance comes off the first tier', () => {
    const entry: PriceEntry = { ...ENTRY, usd: 1, freePerMonth: 10, tiers: [{ upTo: 100, usd: 1 }, { upTo: 1_000, usd: 0.5 }, { upTo: Infinity, usd: 0.1 }] };
    expect(tieredCost(entry, 10)).toBe(0);
    expect(tieredCost(entry, 110)).toBe(100);
    expect(tieredCost(entry, 2_010)).toBe(100 + 900 * 0.5 + 1_000 * 0.1);
  });
});

describe('the catalog of a Region', () => {
  test('GIVEN us-east-1 without overrides THEN the shipped catalog itself; with one THEN a catalog carrying it', () => {
    expect(catalogFor('us-east-1')).toBe(US_EAST_1);
    const edp = catalogFor('us-east-1', { 'waf.requests.million': { usd: 0.3, source: 'https://example.com/edp', read: '2026-12-01' } });
    expect(edp.entries['waf.requests.million'].usd).toBe(0.3);
    expect(edp.name).toMatch(/, with 1 override\(s\)$/);
  });

  test('GIVEN a Region without prices THEN the error names it, the Regions that have prices and how to bring your own', () => {
    expect(() => catalogFor('eu-west-3')).toThrow('cost model: region = "eu-west-3" has no price catalog. Fix: use one of us-east-1, or pass your own PriceCatalog for eu-west-3 (priceEnvironment options.catalog)');
    expect(() => catalogFor('ap-south-2', {}, 'cost model (qa)')).toThrow(/^cost model \(qa\): region = "ap-south-2"/);
  });
});

describe('calendar dates', () => {
  test.each(['2026-12-01', '2028-02-29', '1999-12-31'])('GIVEN %s THEN a date', (d) => expect(isCalendarDate(d)).toBe(true));
  test.each([['2026-02-30'], ['2027-02-29'], ['2026-13-01'], ['2026-12-1'], ['2026-1-01'], ['+002026-12-01'], ['2026-12-01T00:00:00Z'], [Symbol('date')], [' 2026-12-01'], ['2026-12-01 '], [['2026-12-01']], [20261201], [undefined]])('GIVEN %j THEN not a date', (d) => expect(isCalendarDate(d)).toBe(false));
});
