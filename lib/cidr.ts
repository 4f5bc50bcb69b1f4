/**
 * IPv4 CIDR arithmetic, done at synth time so subnet layouts are plain strings in the
 * plan (stable, reviewable, and usable offline) rather than `cidrsubnet()` expressions.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "10.0.0.0/16"; returns undefined for anything malformed (bad octet, prefix > 32, host bits set). */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((address & hostMask(prefix)) !== 0) return undefined;
  return { network: address, prefix };
}

/** True when the text is a syntactically valid CIDR but has host bits set ("10.0.0.1/16"). */
export function hasHostBits(text: string): boolean {
  const match = CIDR_PATTERN.exec(text);
  if (!match || parseCidr(text)) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  return octets.every((o) => o <= 255) && prefix <= 32;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.network)}/${cidr.prefix}`;
}

export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}

export function addressCount(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The `index`-th block of size /`newPrefix` inside `parent` (like Terraform's cidrsubnet). */
export function subnetAt(parent: Cidr, newPrefix: number, index: number): Cidr {
  if (newPrefix < parent.prefix || newPrefix > 32) throw new RangeError(`prefix /${newPrefix} does not fit in /${parent.prefix}`);
  const size = 2 ** (32 - newPrefix);
  const count = 2 ** (newPrefix - parent.prefix);
  if (index < 0 || index >= count) throw new RangeError(`index ${index} out of ${count} /${newPrefix} blocks`);
  return { network: (parent.network + index * size) >>> 0, prefix: newPrefix };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network && inner.network + addressCount(inner) <= outer.network + addressCount(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.network + addressCount(a);
  const bEnd = b.network + addressCount(b);
  return a.network < bEnd && b.network < aEnd;
}

/** The n-th host address in a block (0 is the network address). */
export function hostAddress(cidr: Cidr, offset: number): string {
  if (offset < 0 || offset >= addressCount(cidr)) throw new RangeError(`offset ${offset} outside ${formatCidr(cidr)}`);
  return formatAddress((cidr.network + offset) >>> 0);
}

/**
 * Usable addresses in a VPC subnet: AWS reserves the first four and the last one.
 * Source: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 */
export const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;

export function usableAddresses(cidr: Cidr): number {
  return addressCount(cidr) - AWS_RESERVED_ADDRESSES_PER_SUBNET;
}

/** RFC 1918 private ranges; the only ones a VPC in this library may use. */
export const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c) as Cidr);
