import { contains, formatCidr, hasHostBits, hostAddress, overlaps, parseCidr, subnetAt, usableAddresses } from '../../lib/cidr';

describe('cidr', () => {
  test('parses network CIDRs and rejects malformed ones', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ network: 0x0a000000, prefix: 16 });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.256.0/24')).toBeUndefined();
    expect(parseCidr('10.0.0.1/16')).toBeUndefined();
    expect(parseCidr('not-a-cidr')).toBeUndefined();
    expect(hasHostBits('10.0.0.1/16')).toBe(true);
    expect(hasHostBits('10.0.0.0/16')).toBe(false);
  });

  test('subnetAt matches Terraform cidrsubnet', () => {
    const vpc = parseCidr('10.30.0.0/16')!;
    expect(formatCidr(subnetAt(vpc, 18, 0))).toBe('10.30.0.0/18');
    expect(formatCidr(subnetAt(vpc, 18, 3))).toBe('10.30.192.0/18');
    expect(formatCidr(subnetAt(vpc, 22, 1))).toBe('10.30.4.0/22');
    expect(() => subnetAt(vpc, 18, 4)).toThrow(RangeError);
  });

  test('overlap, containment and usable addresses', () => {
    const a = parseCidr('10.0.0.0/16')!;
    expect(overlaps(a, parseCidr('10.0.255.0/24')!)).toBe(true);
    expect(overlaps(a, parseCidr('10.1.0.0/24')!)).toBe(false);
    expect(contains(a, parseCidr('10.0.4.0/22')!)).toBe(true);
    expect(contains(parseCidr('10.0.4.0/22')!, a)).toBe(false);
    expect(usableAddresses(parseCidr('10.0.0.0/24')!)).toBe(251);
    expect(hostAddress(parseCidr('10.0.1.0/24')!, 10)).toBe('10.0.1.10');
  });
});
