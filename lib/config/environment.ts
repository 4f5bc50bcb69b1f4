import { AVAILABILITY_ZONE_PATTERN, regionOfAvailabilityZone } from '../aws-arn';
import { CapacityInputs, EnvironmentCapacity, MAX_AZ_COUNT, MIN_AZ_COUNT, validateInputs } from '../capacity/inputs';
import { planCapacity } from '../capacity/model';
import { CapacityPlan } from '../capacity/plan';
import { parseCidr } from '../cidr';
import { CostLeverSettings, defaultLeverSettings, validateLeverSettings } from '../cost/levers';
import { invalid } from '../errors';
import { RULE_IDS } from '../policy/rules';
import { MIN_REASON_LENGTH } from '../policy/suppression';
import { checkArray, checkBoolean, checkName, checkOneOf, checkRegion, checkString } from '../validation';
import { ServiceConfig, validateServiceConfigs } from './services';

/**
 * Where an environment keeps its Terraform state. Without it, state is local
 * (`terraform.<stack>.tfstate`), which is what `npm run synth` and the tests use.
 */
export interface S3BackendSettings {
  /** State bucket (see the README's bootstrap section). */
  readonly bucket: string;
  /** Region of the bucket. */
  readonly region: string;
  /**
   * Prefix of the state object keys; each stack writes `<prefix>/<stack>.tfstate`.
   * @default - the project name
   */
  readonly keyPrefix?: string;
  /**
   * KMS key (ARN or alias ARN) for server-side encryption of the state objects.
   * @default - the bucket's default encryption (SSE-S3)
   */
  readonly kmsKeyId?: string;
}

/**
 * The environment's public DNS name. The AWS stack creates a public hosted zone for
 * `zoneName` (unless `hostedZoneId` names an existing one), the ALB alias records and a
 * DNS-validated ACM certificate in it. Delegate the zone from its parent domain (the
 * stack outputs its name servers) or the certificate never validates.
 */
export interface DomainSettings {
  /** e.g. `prod.million-rps.example.com`; the reference configs use example.com (RFC 2606), so set your own. */
  readonly zoneName: string;
  /** @default - a new public hosted zone */
  readonly hostedZoneId?: string;
}

export type { EnvironmentCapacity } from '../capacity/inputs';

/** Account-independent settings of one environment. */
export interface EnvironmentConfig {
  /** Environment name; every stack name starts with it (`prod`, `prod-platform`). */
  readonly name: string;
  /** Project name, in the `Project` tag and resource names. */
  readonly project: string;
  readonly region: string;
  /** AZs by name, all in `region`. Staging and production use three. */
  readonly availabilityZones: string[];
  /** The VPC's CIDR (RFC 1918). Give each environment its own so they can be peered later. */
  readonly vpcCidr: string;
  /** One NAT gateway per AZ (`true`, production) or one shared (`false`, dev). */
  readonly natGatewayPerAz: boolean;
  /**
   * Production: strict guardrails, deletion protection and `prevent_destroy` on every
   * stateful resource, longer retention.
   */
  readonly production: boolean;
  /**
   * Targets and assumptions the capacity model sizes every tier from: target RPS (prod
   * 1,000,000), utilisation, AZ-loss tolerance, request mix, per-unit figures with sources.
   * The environment's name, AZ count and services come from the fields above, and the
   * platform's monitoring runs with high availability when `production` (unless
   * `capacity.platform.clusterMonitoring` says otherwise): see {@link capacityInputsOf}.
   */
  readonly capacity: EnvironmentCapacity;
  readonly domain: DomainSettings;
  /** Extra tags on every resource, beside Environment, Project, ManagedBy and Stack. */
  readonly tags?: Record<string, string>;
  /** @default - local state */
  readonly backend?: S3BackendSettings;
  /**
   * Policy rules (lib/policy) reported as warnings instead of errors here, by rule id, each
   * with the reason. Not allowed in production, which is strict.
   * @default {} - every rule is an error
   */
  readonly policyWarnings?: Record<string, string>;
  /**
   * The services on EKS that take traffic (nginx -> internal NLB -> pods): what they are,
   * where they listen, and the figures the capacity model sizes them from. A `gateway`
   * service sees every request; `backend` services' `trafficShare` values sum to 1.
   */
  readonly services: ServiceConfig[];
  /**
   * IAM role ARNs given cluster-admin on the EKS cluster through access entries. ARNs are
   * account-specific, so the reference configs list none: add your operators' role (for
   * example an SSO permission-set role) here. The identity that runs `cdktf deploy` is
   * not made admin implicitly.
   * @default - no admin access entries
   */
  readonly eksAdminRoleArns?: string[];
  /**
   * Addresses subscribed to the environment's CloudWatch alarm topic (each confirms by
   * e-mail once).
   * @default - none: alarms still change state and show on the dashboard
   */
  readonly alarmEmails?: string[];
  /**
   * The cost levers, built in the stacks and priced by `npm run cost` from this one value:
   * Spot node groups and nginx fleet (capacity-optimized over several instance types of the
   * planned size, with capacity rebalancing), and the fleets held at their planned minimum
   * outside `schedule`'s hours. `computeCommitment` and `databaseCommitment` are purchases,
   * priced only; `azAffineRouting` is priced only and must stay false (not built yet).
   * @default defaultLeverSettings(production): Spot and business hours (weekdays 07-19 UTC) outside production; on demand, around the clock in production
   */
  readonly levers?: CostLeverSettings;
}

/** The environment's cost levers: its own, else the defaults for its production flag. */
export function leverSettingsOf(config: EnvironmentConfig): CostLeverSettings {
  return config.levers ?? defaultLeverSettings(config.production);
}

/** IAM role ARN (commercial, China and GovCloud partitions; paths allowed). */
export const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;
/** AWS tag keys and values: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html */
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;
/** S3 bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION_NAME = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** Environments that must survive the loss of an AZ need at least three. */
export const MIN_PRODUCTION_AZS = 3;

/**
 * Checks an environment config when the app starts, before any construct exists.
 * Errors read `config prod: availabilityZones = [...] ... Fix: ...`.
 */
export function validateEnvironmentConfig(config: EnvironmentConfig): void {
  const where = `config ${typeof config?.name === 'string' ? config.name : '<unnamed>'}`;
  if (typeof config !== 'object' || config === null) invalid('config', 'environment', config, 'is not an object', 'pass an EnvironmentConfig');
  requireFields(where, config);
  checkBoolean(where, 'production', config.production);
  checkName(where, 'name', config.name, { maxLength: 16, pattern: ENV_NAME, charset: 'lower-case letters, digits and hyphens, starting with a letter', what: 'environment name' });
  checkName(where, 'project', config.project, { maxLength: 24, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'project name' });
  checkString(where, 'region', config.region, true);
  if (!REGION_NAME.test(config.region)) invalid(where, 'region', config.region, 'is not an AWS region name', 'use a region such as "us-east-1"');
  checkRegion(where, 'region', config.region);
  checkArray(where, 'availabilityZones', config.availabilityZones, { minLength: config.production ? MIN_PRODUCTION_AZS : MIN_AZ_COUNT, maxLength: MAX_AZ_COUNT, what: 'AZ names (an ALB needs subnets in at least two AZs)' });
  const seen = config.availabilityZones.find((az, i) => config.availabilityZones.indexOf(az) !== i);
  if (seen !== undefined) invalid(where, 'availabilityZones', seen, 'is listed twice', 'list each AZ once');
  config.availabilityZones.forEach((az, i) => {
    if (!AVAILABILITY_ZONE_PATTERN.test(az)) invalid(where, `availabilityZones[${i}]`, az, 'is not an availability zone name', `use names such as "${config.region}a"`);
    if (regionOfAvailabilityZone(az) !== config.region) invalid(where, `availabilityZones[${i}]`, az, `is not in region ${config.region}`, `use AZs of ${config.region}, or change region`);
  });
  checkString(where, 'vpcCidr', config.vpcCidr, true);
  if (!parseCidr(config.vpcCidr)) invalid(where, 'vpcCidr', config.vpcCidr, 'is not an IPv4 network CIDR', 'use a block such as "10.30.0.0/16" with the host bits clear');
  checkBoolean(where, 'natGatewayPerAz', config.natGatewayPerAz);
  checkBoolean(where, 'production', config.production);
  if (config.production && !config.natGatewayPerAz) {
    invalid(where, 'natGatewayPerAz', config.natGatewayPerAz, 'is false in a production environment: one AZ outage would cut every AZ off the internet', 'set natGatewayPerAz: true');
  }
  if (typeof config.capacity !== 'object' || config.capacity === null || Array.isArray(config.capacity)) {
    invalid(where, 'capacity', config.capacity, 'is not an object', 'pass the targets and assumptions of this environment (start from CapacityPresets.webApi(targetRps))');
  }
  for (const stated of ['environment', 'azCount', 'services'] as const) {
    if (stated in config.capacity) {
      invalid(where, `capacity.${stated}`, (config.capacity as Record<string, unknown>)[stated], `restates what the environment config states (${stated === 'environment' ? 'name' : stated === 'azCount' ? 'availabilityZones' : 'services'})`, `remove capacity.${stated}: it is derived from the config`);
    }
  }
  validateServiceConfigs(where, config.services);
  validateInputs(capacityInputsOf(config));
  if (config.levers !== undefined) {
    validateLeverSettings(config.levers, where, 'levers.');
    if (config.levers.azAffineRouting) {
      invalid(where, 'levers.azAffineRouting', true, 'asks for AZ-affine routing, which the cost report prices but the Environment does not build yet', 'set azAffineRouting: false; the report still shows what it would save');
    }
  }
  if (config.production && !config.capacity.survivesAzLoss) {
    invalid(where, 'capacity.survivesAzLoss', config.capacity.survivesAzLoss, 'is false in a production environment', 'set survivesAzLoss: true so every tier carries the target with one AZ lost');
  }
  if (config.tags !== undefined && (typeof config.tags !== 'object' || config.tags === null || Array.isArray(config.tags))) {
    invalid(where, 'tags', config.tags, 'is not an object of tag key to value', 'pass e.g. { CostCenter: "platform" }');
  }
  for (const [key, value] of Object.entries(config.tags ?? {})) {
    checkName(where, `tags`, key, { maxLength: TAG_KEY_MAX, what: 'tag key' });
    if (typeof value !== 'string' || value.length > TAG_VALUE_MAX) invalid(where, `tags.${key}`, value, `is not a string of at most ${TAG_VALUE_MAX} characters`, 'shorten the tag value');
    if (key.toLowerCase().startsWith('aws:')) invalid(where, 'tags', key, 'uses the reserved "aws:" prefix', 'rename the tag key');
  }
  checkName(where, 'domain.zoneName', config.domain?.zoneName, {
    maxLength: 253,
    pattern: /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    charset: 'a lower-case DNS name such as "prod.example.com"',
    what: 'DNS zone name',
  });
  if (config.domain?.hostedZoneId !== undefined && !/^Z[A-Z0-9]{1,31}$/.test(config.domain.hostedZoneId)) {
    invalid(where, 'domain.hostedZoneId', config.domain.hostedZoneId, 'is not a Route 53 hosted zone id', 'pass an id such as "Z0123456789ABCDEFGHIJ", or leave it out to create the zone');
  }
  if (config.backend) {
    checkName(where, 'backend.bucket', config.backend.bucket, { maxLength: 63, pattern: BUCKET_NAME, charset: 'lower-case letters, digits, dots and hyphens (S3 bucket naming rules)', what: 'S3 bucket name' });
    if (typeof config.backend.region !== 'string' || !REGION_NAME.test(config.backend.region)) invalid(where, 'backend.region', config.backend.region, 'is not an AWS region name', 'use the region of the state bucket, such as "us-east-1"');
  }
  (config.alarmEmails ?? []).forEach((email, i) => {
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) invalid(where, `alarmEmails[${i}]`, email, 'is not an e-mail address', 'use an address such as "oncall@example.com"');
  });
  checkOneOf(where, 'production', config.production, [true, false]);
  checkArray(where, 'eksAdminRoleArns', config.eksAdminRoleArns, { what: 'IAM role ARNs' });
  (config.eksAdminRoleArns ?? []).forEach((arn, i) => {
    if (typeof arn !== 'string' || !IAM_ROLE_ARN.test(arn)) {
      invalid(where, `eksAdminRoleArns[${i}]`, arn, 'is not an IAM role ARN', 'use an ARN such as "arn:aws:iam::123456789012:role/platform-admin"');
    }
  });
  validatePolicyWarnings(where, config);
}

/** Fields without a default: a JavaScript caller (or a config read from JSON) may omit them. */
const REQUIRED_FIELDS: { readonly field: keyof EnvironmentConfig; readonly example: string }[] = [
  { field: 'name', example: '"prod"' },
  { field: 'project', example: '"million-rps"' },
  { field: 'region', example: '"us-east-1"' },
  { field: 'availabilityZones', example: '["us-east-1a", "us-east-1b", "us-east-1c"]' },
  { field: 'vpcCidr', example: '"10.30.0.0/16"' },
  { field: 'natGatewayPerAz', example: 'true' },
  { field: 'production', example: 'true or false' },
  { field: 'capacity', example: 'the targets and assumptions of the environment (stacks/environments/capacity.ts, or CapacityPresets.webApi(targetRps))' },
  { field: 'services', example: 'the services on EKS with their capacity figures (stacks/environments/services.ts)' },
];

function requireFields(where: string, config: EnvironmentConfig): void {
  for (const { field, example } of REQUIRED_FIELDS) {
    if (config[field] === undefined || config[field] === null) invalid(where, field, config[field], 'is required', `set ${field}, e.g. ${example}`);
  }
}

function validatePolicyWarnings(where: string, config: EnvironmentConfig): void {
  const warnings = config.policyWarnings;
  if (warnings === undefined) return;
  if (typeof warnings !== 'object' || warnings === null || Array.isArray(warnings)) {
    invalid(where, 'policyWarnings', warnings, 'is not an object of rule id to reason', 'pass e.g. { CKV_AWS_91: "dev keeps no access logs" }');
  }
  const ids = Object.keys(warnings);
  if (config.production && ids.length > 0) {
    invalid(where, 'policyWarnings', warnings, 'downgrades rules in a production environment, which is strict', 'fix the resources, or suppress a rule on the one construct it does not apply to with Policy.suppress(construct, id, reason)');
  }
  for (const id of ids) {
    if (!RULE_IDS.includes(id)) invalid(where, 'policyWarnings', id, 'is not a rule of the policy', 'use a rule id listed in the README (e.g. "CKV_AWS_91")');
    const reason = warnings[id];
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
      invalid(where, `policyWarnings.${id}`, reason, `is not a written reason (at least ${MIN_REASON_LENGTH} characters)`, `say why ${id} is only a warning in ${config.name}`);
    }
  }
}

/**
 * The capacity model's inputs for an environment: its `capacity` plus the facts the config
 * states once — the name, the AZ count, the services (with their capacity fields) and, from
 * `production`, high-availability monitoring (unless `capacity.platform.clusterMonitoring`
 * sets it).
 */
export function capacityInputsOf(config: EnvironmentConfig): CapacityInputs {
  const platform = config.capacity.platform ?? {};
  return {
    ...config.capacity,
    environment: config.name,
    azCount: config.availabilityZones.length,
    services: config.services,
    platform: { ...platform, clusterMonitoring: platform.clusterMonitoring ?? (config.production ? 'high-availability' : 'single') },
  };
}

/** Validates the config and plans its capacity: every size the environment's stacks deploy. */
export function planEnvironment(config: EnvironmentConfig): CapacityPlan {
  validateEnvironmentConfig(config);
  return planCapacity(capacityInputsOf(config));
}
