import { TerraformProvider, TerraformStack, Token } from 'cdktf';
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
    const what = rule.what ?? 'entries';
    const atLeast = rule.minLength === 1 ? `one or more ${what}` : `at least ${rule.minLength} ${what}`;
    invalid(scope, prop, value, `has ${value.length} ${value.length === 1 ? 'entry' : 'entries'}; at least ${rule.minLength} ${rule.minLength === 1 ? 'is' : 'are'} required`, `pass ${atLeast}`);
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

// ---------------------------------------------------------------- literals where the library decides counts

/**
 * A count or size the construct must know at synth time because it decides how many
 * resources to create, or it feeds a computation (a Terraform variable or another
 * resource's attribute is only known at apply time; cdktf would otherwise see a token and
 * create none or compute with a placeholder). Then the usual integer rule.
 */
export function checkLiteralInteger(scope: Scope, prop: string, value: unknown, rule: Omit<NumberRule, 'integer'> & { readonly decides: string }): void {
  if (value !== undefined && isUnresolved(value)) {
    invalid(
      scope,
      prop,
      '<unresolved token>',
      `is an unresolved token (a Terraform variable, local or another resource's attribute, known only at apply time), but it decides ${rule.decides} at synth time`,
      `pass a literal number${describeRange({ ...rule, integer: true }) ? ` ${describeRange({ ...rule, integer: true })}` : ''} (for example from the capacity plan); to vary it per environment, vary the config, not a Terraform variable`,
    );
  }
  checkInteger(scope, prop, value, rule);
}

/** A list whose length or entries the construct needs at synth time (one resource per entry). */
export function checkLiteralList(scope: Scope, prop: string, value: unknown, decides: string): void {
  if (value === undefined) return;
  const tokenList = Array.isArray(value) ? Token.isUnresolved(value) || value.some((v) => isUnresolved(v)) : isUnresolved(value);
  if (tokenList) {
    invalid(
      scope,
      prop,
      '<unresolved token>',
      `is or holds an unresolved token (known only at apply time), but it decides ${decides} at synth time`,
      'pass a literal list of literal values (for example from the environment config)',
    );
  }
}

// ---------------------------------------------------------------- Regions and AZs

/**
 * AWS Regions by code: commercial, GovCloud (US) and China partitions. Source: AWS docs,
 * AWS Region billing codes (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html),
 * read 2026-12-02. A Region AWS opens later: add it here.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
];

/** A Region code from {@link AWS_REGIONS}. */
export function checkRegion(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'string' || !AWS_REGIONS.includes(value)) {
    const near = typeof value === 'string' ? AWS_REGIONS.filter((r) => r.startsWith(value.replace(/-?\d*[a-z]?$/, ''))).slice(0, 6) : [];
    invalid(
      scope,
      prop,
      value,
      'is not an AWS Region code',
      `use one of ${AWS_REGIONS.join(', ')}${near.length > 0 ? ` (nearest: ${near.join(', ')})` : ''}; AZ names are the Region plus a letter ("eu-west-1a")`,
    );
  }
}

/** An AZ name: its Region plus one letter (`eu-west-1a`); zone ids (`euw1-az1`) and Local Zones are not AZ names. */
const AZ_NAME = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)([a-z])$/;

/**
 * Availability Zone names, each in a known Region, all in one Region, and in `region` when
 * one is given (the stack's AWS provider Region): an AZ of another Region plans, then fails
 * at apply.
 */
export function checkAvailabilityZones(scope: Scope, prop: string, value: unknown, region?: string): void {
  if (value === undefined) return;
  checkLiteralList(scope, prop, value, 'the subnets, NAT gateways and route tables (one set per AZ)');
  if (!Array.isArray(value)) invalid(scope, prop, value, 'is not a list', 'pass AZ names such as ["eu-west-1a", "eu-west-1b"]');
  value.forEach((az: unknown, i) => {
    const match = typeof az === 'string' ? AZ_NAME.exec(az) : null;
    if (!match) invalid(scope, `${prop}[${i}]`, az, 'is not an availability zone name', 'use names such as "us-east-1a": the Region plus a letter (not zone ids like "use1-az1", not Local Zones)');
    checkRegion(scope, `${prop}[${i}] (its Region)`, match[1]);
    if (region !== undefined && !isUnresolved(region) && match[1] !== region) {
      invalid(scope, `${prop}[${i}]`, az, `is in ${match[1]}, not in the stack's Region ${region} (its AWS provider's region)`, `use AZs of ${region} (such as "${region}a"), or deploy the stack to ${match[1]}`);
    }
  });
}

// ---------------------------------------------------------------- ElastiCache node types

/**
 * Node types ElastiCache offers for new Valkey and Redis OSS clusters (current generation;
 * previous-generation types cannot be used for new clusters). Source: AWS docs, Supported
 * node types (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)
 * and the CacheNode API reference (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html),
 * read 2026-12-02. Availability varies by Region.
 */
export const ELASTICACHE_NODE_TYPES: readonly string[] = [
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].flatMap((size) => ['m7g', 'm6g', 'r7g', 'r6g'].map((family) => `cache.${family}.${size}`)),
  ...['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'].flatMap((size) => ['m5', 'r5'].map((family) => `cache.${family}.${size}`)),
  ...['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((size) => `cache.r6gd.${size}`),
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((size) => `cache.c7gn.${size}`),
  ...['micro', 'small', 'medium'].flatMap((size) => ['t4g', 't3'].map((family) => `cache.${family}.${size}`)),
].sort();

/** An ElastiCache node type from {@link ELASTICACHE_NODE_TYPES}. */
export function checkCacheNodeType(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'string' || !ELASTICACHE_NODE_TYPES.includes(value)) {
    const hint = typeof value === 'string' && !value.startsWith('cache.') && ELASTICACHE_NODE_TYPES.includes(`cache.${value.replace(/^db\./, '')}`) ? ` (did you mean "cache.${value.replace(/^db\./, '')}"?)` : '';
    invalid(scope, prop, value, `is not an ElastiCache node type for new clusters${hint}`, `use one of ${ELASTICACHE_NODE_TYPES.join(', ')}`);
  }
}

// ---------------------------------------------------------------- ALB security policies

/**
 * The ALB security policies that negotiate TLS 1.2 or 1.3 only (what the guardrail
 * CKV_AWS_103 accepts). Source: AWS docs, Security policies for your Application Load
 * Balancer (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html),
 * read 2026-12-02.
 */
export const ALB_TLS12_SSL_POLICIES: readonly string[] = [
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10',
  'ELBSecurityPolicy-FS-1-2-Res-2019-08',
  'ELBSecurityPolicy-FS-1-2-2019-08',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
  'ELBSecurityPolicy-TLS-1-2-2017-01',
];

/** An HTTPS listener's policy from {@link ALB_TLS12_SSL_POLICIES}. */
export function checkAlbSslPolicy(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'string' || !ALB_TLS12_SSL_POLICIES.includes(value)) {
    const legacy = typeof value === 'string' && /^ELBSecurityPolicy-(2015|2016|TLS-1-0|TLS-1-1|FS-2018|FS-1-1|TLS13-1-[01]-)/.test(value);
    invalid(
      scope,
      prop,
      value,
      legacy ? 'is an ALB security policy that still allows TLS 1.0 or 1.1' : 'is not an ALB security policy name',
      `use one of ${ALB_TLS12_SSL_POLICIES.join(', ')} (TLS 1.2 and 1.3 only; the default ELBSecurityPolicy-TLS13-1-2-2021-06 suits most clients)`,
    );
  }
}

// ---------------------------------------------------------------- time zones

/**
 * An IANA time zone name as EC2 Auto Scaling schedules take it (`Europe/Berlin`,
 * `Etc/UTC`): checked against the time zone database Node.js carries, with the exact
 * spelling (AWS does not fold case) and no UTC offsets.
 */
export function checkTimeZone(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  const fix = 'use an IANA time zone name such as "Etc/UTC", "Europe/Berlin" or "America/New_York" (https://www.iana.org/time-zones)';
  if (typeof value !== 'string' || value.trim() === '') invalid(scope, prop, value, 'is not a time zone name', fix);
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    invalid(scope, prop, value, 'is not an IANA time zone', fix);
  }
  const canonicalSpelling = Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === value.toLowerCase());
  if ((canonicalSpelling !== undefined && canonicalSpelling !== value) || (value.toLowerCase() === resolved.toLowerCase() && value !== resolved)) {
    invalid(scope, prop, value, `is not spelled as the time zone database spells it ("${canonicalSpelling ?? resolved}")`, `use "${canonicalSpelling ?? resolved}"`);
  }
}

// ---------------------------------------------------------------- Kubernetes labels

/** Label names and values: at most 63 characters, alphanumerics at both ends, `-`, `_`, `.` inside. https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set */
const K8S_LABEL_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
/** The optional prefix: a DNS subdomain of at most 253 characters. */
const K8S_LABEL_PREFIX = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const K8S_LABEL_RULES = 'a key is an optional DNS-subdomain prefix and "/" (at most 253 characters) plus a name of at most 63 characters; names and values start and end with a letter or digit and hold only letters, digits, "-", "_" and "."; values may be empty';

/** A Kubernetes label (or taint) key. */
export function checkKubernetesLabelKey(scope: Scope, prop: string, key: unknown): void {
  if (isUnresolved(key)) return;
  const parts = typeof key === 'string' ? key.split('/') : [];
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const ok = typeof key === 'string' && parts.length <= 2 && name !== undefined && K8S_LABEL_NAME.test(name) && (prefix === undefined || K8S_LABEL_PREFIX.test(prefix));
  if (!ok) invalid(scope, prop, key, 'is not a valid Kubernetes label key', `rename it: ${K8S_LABEL_RULES} (e.g. "workload" or "example.com/tier")`);
  if (prefix !== undefined && /(^|\.)(kubernetes|k8s)\.io$/.test(prefix) && !/^(node-role|node-restriction)\.kubernetes\.io$/.test(prefix)) {
    invalid(scope, prop, key, `uses the reserved prefix ${prefix}/ (Kubernetes and its add-ons own it)`, 'use your own prefix, e.g. "example.com/tier", or none');
  }
}

/** A Kubernetes label (or taint) value: empty, or a label name. */
export function checkKubernetesLabelValue(scope: Scope, prop: string, value: unknown): void {
  if (isUnresolved(value)) return;
  if (typeof value !== 'string' || (value !== '' && !K8S_LABEL_NAME.test(value))) {
    invalid(scope, prop, value, 'is not a valid Kubernetes label value', `change it: ${K8S_LABEL_RULES} (e.g. "system")`);
  }
}

/** A map of Kubernetes labels. */
export function checkKubernetesLabels(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(scope, prop, value, 'is not an object of label key to value', 'pass e.g. { workload: "system" }');
  for (const [key, labelValue] of Object.entries(value as Record<string, unknown>)) {
    checkKubernetesLabelKey(scope, `${prop} key`, key);
    checkKubernetesLabelValue(scope, `${prop}.${key}`, labelValue);
  }
}

// ---------------------------------------------------------------- AMIs and CPU architecture

/** CPU architecture of an EC2 instance type or an AMI. */
export type CpuArchitecture = 'arm64' | 'x86_64';

/**
 * The CPU architecture of an EC2 instance type from its family name: AWS Graviton families
 * carry a `g` after the generation digit (c7g, m7gd, c6gn, r8g, im4gn, is4gen, x2gd, g5g);
 * `a1` is the first Graviton; everything else (Intel `i`, AMD `a`, GPU `g5`, `p5`, ...) is
 * x86_64. Source: AWS docs, Amazon EC2 instance type naming conventions
 * (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html).
 * Mac instances are left undefined.
 */
export function instanceArchitecture(instanceType: string): CpuArchitecture | undefined {
  const family = instanceType.split('.')[0];
  if (/^mac/.test(family)) return undefined;
  if (family === 'a1') return 'arm64';
  const match = /^[a-z]+(?:-[a-z0-9]+)?\d+([a-z-]*)$/.exec(family);
  if (!match) return undefined;
  return match[1].includes('g') ? 'arm64' : 'x86_64';
}

/** `ami-` and 8 or 17 hexadecimal digits, or an SSM parameter EC2 resolves at launch. https://docs.aws.amazon.com/autoscaling/ec2/userguide/using-systems-manager-parameters.html */
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SSM_IMAGE = /^resolve:ssm:[A-Za-z0-9_.\-/:]+$/;

/** An image id as a launch template takes it: `ami-<8 or 17 hex>` or `resolve:ssm:<parameter>`. */
export function checkAmiId(scope: Scope, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (typeof value !== 'string' || !(AMI_ID.test(value) || SSM_IMAGE.test(value))) {
    invalid(scope, prop, value, 'is not an AMI id', 'pass "ami-" and 8 or 17 lower-case hex digits (e.g. "ami-0123456789abcdef0"), or "resolve:ssm:<parameter>" such as "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"');
  }
}

/** The architecture an image id states, when it states one: AWS's public SSM parameters name it (`...-arm64`, `...-x86_64`). A raw `ami-` id does not. */
export function imageArchitecture(imageId: string): CpuArchitecture | undefined {
  if (isUnresolved(imageId) || !imageId.startsWith('resolve:ssm:')) return undefined;
  if (/(arm64|aarch64)/.test(imageId)) return 'arm64';
  if (/(x86_64|amd64)/.test(imageId)) return 'x86_64';
  return undefined;
}

/** Latest Amazon Linux 2023 AMI per architecture, resolved by EC2 at each launch. https://docs.aws.amazon.com/linux/al2023/ug/ec2.html */
export const AL2023_AMI: Readonly<Record<CpuArchitecture, string>> = {
  arm64: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
  x86_64: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
};

/**
 * The image and the instance types run on one architecture: an arm64 type with an x86_64
 * image (or the reverse) launches nothing, and EC2 says so only when the group scales.
 * Checked when both are known at synth time.
 */
export function checkImageArchitecture(scope: Scope, imageProp: string, imageId: string | undefined, typeProp: string, instanceTypes: readonly string[]): void {
  if (imageId === undefined) return;
  const image = imageArchitecture(imageId);
  if (image === undefined) return;
  instanceTypes.forEach((type, i) => {
    if (isUnresolved(type)) return;
    const arch = instanceArchitecture(type);
    if (arch !== undefined && arch !== image) {
      const prop = instanceTypes.length > 1 ? `${typeProp}[${i}]` : typeProp;
      invalid(
        scope,
        prop,
        type,
        `is an ${arch} instance type, but ${imageProp} (${imageId}) is an ${image} image`,
        `use an ${image} type${image === 'arm64' ? ' (a Graviton family such as c7g, m7g)' : ' (such as c7i, m7i)'}, or an ${arch} image (${AL2023_AMI[arch]}), or leave ${imageProp} out to get the Amazon Linux 2023 image of the type's architecture`,
      );
    }
  });
}

// ---------------------------------------------------------------- engine versions

/**
 * One of a class's static choices (an engine version): JavaScript callers can pass a string
 * or a look-alike object, which would otherwise fail deep inside as `undefined`.
 */
export function checkChoiceOf(scope: Scope, prop: string, value: unknown, type: { readonly prototype: object; readonly name: string }, choices: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || !type.prototype.isPrototypeOf(value)) {
    invalid(scope, prop, value, `is not a ${type.name}`, `pass one of ${choices}`);
  }
}

// ---------------------------------------------------------------- the stack's Region

/**
 * The Region of the stack's default AWS provider (the one without an alias), when the
 * provider exists already and its region is a literal; undefined otherwise.
 */
export function awsProviderRegion(scope: IConstruct): string | undefined {
  const stack = TerraformStack.of(scope);
  for (const child of stack.node.children) {
    const provider = child as unknown as { terraformResourceType?: string; alias?: string; region?: unknown };
    if (child instanceof TerraformProvider && provider.terraformResourceType === 'aws' && provider.alias === undefined) {
      return typeof provider.region === 'string' && !isUnresolved(provider.region) ? provider.region : undefined;
    }
  }
  return undefined;
}
