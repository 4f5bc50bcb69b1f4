import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalid } from './errors';

/**
 * Constructor-time checks shared by every construct. Each one skips values that are
 * unresolved tokens (a reference to another resource cannot be checked at synth time)
 * and throws a ValidationError naming the construct, the prop, the value and the fix.
 */

type Scope = IConstruct | string;

/** IAM role names are at most 64 characters. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;

export function isUnresolved(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) && Token.isUnresolved(value);
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** What the limit is and where it comes from, e.g. "AWS allows at most 15 read replicas per PostgreSQL primary". */
  readonly limit?: string;
}

export function checkNumber(scope: Scope, prop: string, value: unknown, rule: NumberRule = {}): void {
  if (value === undefined || isUnresolved(value)) return;
  const range = describeRange(rule);
  if (typeof value !== 'number' || Number.isNaN(value) || !Number.isFinite(value)) {
    invalid(scope, prop, value, `is not a finite number`, `pass a number${range ? ` ${range}` : ''}`);
  }
  if (rule.integer && !Number.isInteger(value)) {
    invalid(scope, prop, value, `is not a whole number`, `pass a whole number${range ? ` ${range}` : ''}`);
  }
  if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    invalid(scope, prop, value, `is out of range${rule.limit ? ` (${rule.limit})` : ''}`, `pass a value ${range}`);
  }
}

export function checkInteger(scope: Scope, prop: string, value: unknown, rule: Omit<NumberRule, 'integer'> = {}): void {
  checkNumber(scope, prop, value, { ...rule, integer: true });
}

function describeRange(rule: NumberRule): string {
  if (rule.min !== undefined && rule.max !== undefined) return `from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return `of at least ${rule.min}`;
  if (rule.max !== undefined) return `of at most ${rule.max}`;
  return '';
}

export interface NameRule {
  readonly maxLength: number;
  readonly pattern?: RegExp;
  /** Human description of the pattern, e.g. "letters, digits and hyphens, starting with a letter". */
  readonly charset?: string;
  /** The AWS resource the limit belongs to, for the message ("ALB name"). */
  readonly what: string;
}

export function checkName(scope: Scope, prop: string, value: unknown, rule: NameRule): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'string' || value.length === 0) {
    invalid(scope, prop, value, `is not a non-empty string`, `pass a ${rule.what} of 1 to ${rule.maxLength} characters`);
  }
  if (value.length > rule.maxLength) {
    invalid(
      scope,
      prop,
      value,
      `is ${value.length} characters long; a ${rule.what} is limited to ${rule.maxLength}`,
      `shorten it to ${rule.maxLength} characters or fewer`,
    );
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    invalid(scope, prop, value, `is not a valid ${rule.what}`, `use ${rule.charset ?? `a value matching ${rule.pattern}`}`);
  }
}

export function checkOneOf<T>(scope: Scope, prop: string, value: unknown, allowed: readonly T[]): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!allowed.includes(value as T)) {
    invalid(scope, prop, value, `is not supported`, `use one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}

export function checkBoolean(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'boolean') invalid(scope, prop, value, `is not a boolean`, `pass true or false`);
}

export function checkString(scope: Scope, prop: string, value: unknown, required = false): void {
  if (value === undefined) {
    if (required) invalid(scope, prop, value, `is required`, `pass a non-empty string`);
    return;
  }
  if (isUnresolved(value)) return;
  if (typeof value !== 'string' || value.trim().length === 0) invalid(scope, prop, value, `is not a non-empty string`, `pass a non-empty string`);
}

export function checkArray(scope: Scope, prop: string, value: unknown, rule: { minLength?: number; maxLength?: number; what?: string } = {}): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Array.isArray(value)) invalid(scope, prop, value, `is not a list`, `pass a list${rule.what ? ` of ${rule.what}` : ''}`);
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    invalid(scope, prop, value, `has ${value.length} entries; at least ${rule.minLength} are required`, `pass at least ${rule.minLength}${rule.what ? ` ${rule.what}` : ' entries'}`);
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    invalid(scope, prop, value, `has ${value.length} entries; at most ${rule.maxLength} are allowed`, `pass at most ${rule.maxLength}${rule.what ? ` ${rule.what}` : ' entries'}`);
  }
}

export function checkMinMax(scope: Scope, minProp: string, min: number | undefined, maxProp: string, max: number | undefined): void {
  if (min === undefined || max === undefined || isUnresolved(min) || isUnresolved(max)) return;
  if (min > max) invalid(scope, minProp, min, `is greater than ${maxProp} (${max})`, `lower ${minProp} or raise ${maxProp} so that ${minProp} <= ${maxProp}`);
}

/** AWS tag limits: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html */
const TAG_KEY_MAX_LENGTH = 128;
const TAG_VALUE_MAX_LENGTH = 256;

/** A tag map: an object of string keys (1-128 characters, not `aws:`) to string values (up to 256). */
export function checkTags(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid(scope, prop, value, 'is not an object of tag key to value', 'pass e.g. { Team: "platform" }');
  }
  for (const [key, tagValue] of Object.entries(value as Record<string, unknown>)) {
    if (key.length === 0 || key.length > TAG_KEY_MAX_LENGTH) invalid(scope, prop, key, `is not a tag key of 1 to ${TAG_KEY_MAX_LENGTH} characters`, 'shorten the tag key');
    if (key.toLowerCase().startsWith('aws:')) invalid(scope, prop, key, 'uses the reserved "aws:" tag prefix', 'rename the tag key');
    if (typeof tagValue !== 'string' || tagValue.length > TAG_VALUE_MAX_LENGTH) {
      invalid(scope, `${prop}.${key}`, tagValue, `is not a string of at most ${TAG_VALUE_MAX_LENGTH} characters`, 'pass a string tag value');
    }
  }
}

/** The props argument itself: JavaScript callers can pass nothing or a non-object. */
export function checkProps(scope: Scope, props: unknown, example: string): void {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    invalid(scope, 'props', props, 'is not an object', `pass the construct's props, e.g. ${example}`);
  }
}

/** A required object prop (a network, a cluster): JavaScript callers can leave it out. */
export function checkRequiredObject(scope: Scope, prop: string, value: unknown, fix: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(scope, prop, value, 'is required', fix);
}

/** DNS names: labels of 1-63 letters, digits and hyphens, 253 characters in all (RFC 1035). */
const DNS_NAME = /^(?=.{1,253}\.?$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.?$/;

export function checkDnsName(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'string' || !DNS_NAME.test(value)) {
    invalid(scope, prop, value, 'is not a DNS name', 'use a domain such as "prod.example.com" (labels of letters, digits and hyphens, at most 63 characters each)');
  }
}

/** EC2 instance types: `<family>.<size>`, e.g. c7g.2xlarge, u-6tb1.metal. */
const EC2_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

export function checkInstanceType(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'string' || !EC2_INSTANCE_TYPE.test(value)) {
    invalid(scope, prop, value, 'is not an EC2 instance type', 'use a type such as "c7g.2xlarge" (<family>.<size>)');
  }
}
