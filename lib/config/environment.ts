import { AVAILABILITY_ZONE_PATTERN, regionOfAvailabilityZone } from '../aws-arn';
import { CapacityInputs, EnvironmentCapacity, MAX_AZ_COUNT, MIN_AZ_COUNT, validateInputs } from '../capacity/inputs';
import { planCapacity } from '../capacity/model';
import { CapacityPlan } from '../capacity/plan';
import { parseCidr } from '../cidr';
import { DEFAULT_KUBERNETES_VERSION, EKS_VERSIONS } from '../eks-versions';
import { CostLeverSettings, defaultLeverSettings, validateLeverSettings } from '../cost/levers';
import { invalid } from '../errors';
import { RULE_IDS } from '../policy/rules';
import { MIN_REASON_LENGTH } from '../policy/suppression';
import { checkArray, checkBoolean, checkInteger, checkName, checkOneOf, checkRegion, checkString } from '../validation';
import { ServiceConfig, validateServiceConfigs } from './services';
import { MeshSetting } from '../mesh/config';
import { BackupSettings, FaultInjectionSettings, ResolvedResilience, resolveResilience, ZonalShiftSettings } from './resilience';

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

/**
 * How the deploying principal reaches the EKS cluster. Exactly one of `deployerRoleArn` and
 * `clusterCreatorAdmin`, and at least one network (`deployerCidrs` or
 * `deployerSecurityGroupIds`): the API endpoint is private and admits nodes only otherwise.
 */
export interface ClusterAccessSettings {
  /**
   * IAM role the platform deploy runs as (a CI role, an SSO permission-set role): gets an
   * access entry and AmazonEKSClusterAdminPolicy on the cluster.
   * @default - none; then `clusterCreatorAdmin` must be true
   */
  readonly deployerRoleArn?: string;
  /**
   * Make the identity that creates the cluster (whoever runs `cdktf deploy <env>`) its admin
   * (`bootstrap_cluster_creator_admin_permissions`). That identity is not visible as an access
   * entry in the config, and changing this later replaces the cluster: prefer `deployerRoleArn`.
   * @default false
   */
  readonly clusterCreatorAdmin?: boolean;
  /**
   * Networks the deployer reaches the private API endpoint (443) from: a VPN's client range,
   * the subnets of a CI runner.
   * @default []
   */
  readonly deployerCidrs?: string[];
  /**
   * Security groups of deployers inside the VPC (a CI runner's group), admitted to the API
   * endpoint (443).
   * @default []
   */
  readonly deployerSecurityGroupIds?: string[];
}

/**
 * The environment's CDN (constructs/static-assets): static assets through CloudFront from a
 * private S3 bucket at `<staticSubdomain>.<domain.zoneName>`, and optionally CloudFront in
 * front of the API. The planning figures (static share, hit ratio) are `capacity.cdn`.
 */
export interface CdnSettings {
  /** Label of the static-assets name under the zone. @default 'static' (static.<zoneName>) */
  readonly staticSubdomain?: string;
  /**
   * CloudFront in front of the API, the ALBs its origin. Off by default: at every reference
   * environment's load the cost model prices it above the direct ALBs (README, CDN).
   * @default false
   */
  readonly apiFront?: boolean;
  /**
   * With `apiFront`: the id (`pl-...`) of the AWS-managed prefix list
   * `com.amazonaws.global.cloudfront.origin-facing` in the environment's Region, the only source
   * the ALBs then admit. Stated here, not read by a data source, so the stack plans offline:
   * `aws ec2 describe-managed-prefix-lists --region <region> --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`.
   * Not needed to plan or price the front (npm run capacity / cost); the AWS stack requires it.
   * @default - required to build the stack when apiFront is true
   */
  readonly originFacingPrefixListId?: string;
  /**
   * With `apiFront`: the rotation counter of the secret origin header (OriginVerifySecret).
   * Raise it by one to rotate; rotations at least 5 minutes apart.
   * @default 1
   */
  readonly originVerifyGeneration?: number;
}

/** The static-assets label when the config names none. */
export const DEFAULT_STATIC_SUBDOMAIN = 'static';
/** With the API front, the ALBs' own name (CloudFront's origin) is `<ORIGIN_SUBDOMAIN>.<zone>`; the apex points at CloudFront. */
export const ORIGIN_SUBDOMAIN = 'origin';

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
   * How the principal that runs `cdktf deploy <env>-platform` reaches the cluster: its access
   * (an access entry with cluster admin for `deployerRoleArn`, or the cluster creator made
   * admin) and the networks it reaches the private API endpoint from. Required when the
   * environment has a platform stack: without it the first platform deploy cannot reach the
   * cluster, so synth fails naming what to set.
   * @default - none: synth of an `Environment` fails
   */
  readonly clusterAccess?: ClusterAccessSettings;
  /**
   * Kubernetes minor version of the cluster ("1.36"), one of the versions the EksCluster
   * construct pins add-ons for. `npm run capacity` prints its end of standard support; the
   * cost model charges the extended-support fee when production runs it past that date.
   * @default DEFAULT_KUBERNETES_VERSION - the newest version on EKS (lib/eks-versions.ts)
   */
  readonly kubernetesVersion?: string;
  /**
   * Reserve the capacity model's LCUs on every ALB (`minimum_load_balancer_capacity`). The
   * Region's quota "Reserved Application Load Balancer Capacity Units" starts at 0, and an ALB
   * created with a reservation over the quota fails, blocking its listeners, WAF association
   * and records: turn this on once the increase `npm run capacity` lists is granted.
   * @default false
   */
  readonly albCapacityReservation?: boolean;
  /**
   * Addresses subscribed to the environment's CloudWatch alarm topic (each confirms by
   * e-mail once).
   * @default - none: alarms still change state and show on the dashboard
   */
  readonly alarmEmails?: string[];
  /**
   * The service mesh between the services (Istio ambient, `<env>-platform`): per service a
   * DestinationRule (least-request balancing, connection pool, retry budget, outlier
   * detection), a VirtualService (timeouts, bounded retries, premium/standard subsets on the
   * `user-type` header), STRICT mTLS and AuthorizationPolicies admitting only each service's
   * callers and the NLB. `'none'` keeps plain Kubernetes Services (no mesh pods reserved).
   * @default {} - Istio ambient with the design notes' defaults for every service
   */
  readonly mesh?: MeshSetting;
  /**
   * ARC zonal shift on the ALBs, the internal NLB and the EKS cluster, and zonal autoshift
   * with practice runs when asked (docs/runbooks.md, "Zonal shift").
   * @default { enabled: true } - zonal shift on, autoshift off
   */
  readonly zonalShift?: ZonalShiftSettings;
  /**
   * AWS FIS experiment templates that reproduce the loss of one AZ, and smaller faults
   * (README, Reliability).
   * @default { enabled: true, durationMinutes: 30, stopConditions: ['degraded', 'slo'] }
   */
  readonly faultInjection?: FaultInjectionSettings;
  /**
   * AWS Backup of the database with a copy in a second Region (README, Reliability).
   * @default - on: every 4 h kept 35 days with a compliance vault lock in production, daily kept 7 days otherwise; copied to DEFAULT_COPY_REGIONS[region]
   */
  readonly backup?: BackupSettings;
  /**
   * The cost levers, built in the stacks and priced by `npm run cost` from this one value:
   * Spot node groups and nginx fleet (capacity-optimized over several instance types of the
   * planned size, with capacity rebalancing), and the fleets held at their planned minimum
   * outside `schedule`'s hours. `computeCommitment` and `databaseCommitment` are purchases,
   * priced only. `azAffineRouting` turns cross-zone load balancing off on the internal NLB and
   * makes every nginx instance prefer the NLB's address in its own AZ (the others `backup`);
   * it needs `capacity.survivesAzLoss` (lib/capacity/az-affinity.ts sizes the pods for it).
   * @default defaultLeverSettings(production): Spot and business hours (weekdays 07-19 UTC) outside production; on demand, around the clock in production
   */
  readonly levers?: CostLeverSettings;
  /**
   * Static assets through CloudFront (every environment has them) and the API-front choice.
   * @default - static.<zoneName>, API reached at the ALBs directly
   */
  readonly cdn?: CdnSettings;
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
  validateCdnSettings(where, config);
  validateInputs(capacityInputsOf(config));
  if (config.levers !== undefined) {
    validateLeverSettings(config.levers, where, 'levers.');
    if (config.levers.azAffineRouting && config.capacity.survivesAzLoss !== true) {
      invalid(
        where,
        'levers.azAffineRouting',
        true,
        `is on while capacity.survivesAzLoss is ${JSON.stringify(config.capacity.survivesAzLoss)}: each AZ's pods would be sized for their own AZ's share only, with no headroom to take another AZ's requests when its path fails over to the backups`,
        'set capacity.survivesAzLoss: true (the model then sizes every AZ for the busiest surviving share), or azAffineRouting: false',
      );
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
  validateClusterAccess(where, config.clusterAccess);
  if (config.kubernetesVersion !== undefined) {
    checkOneOf(where, 'kubernetesVersion', config.kubernetesVersion, EKS_VERSIONS.map((v) => v.version));
  }
  checkBoolean(where, 'albCapacityReservation', config.albCapacityReservation);
  validatePolicyWarnings(where, config);
  validateMeshSetting(where, config);
  resilienceOf(config);
}

/** The mesh setting's shape and the services it names (values are checked with the plan, in the platform stack). */
function validateMeshSetting(where: string, config: EnvironmentConfig): void {
  const mesh = config.mesh;
  const reserved = config.capacity.platform?.mesh;
  if (reserved !== undefined && reserved !== meshModeOf(config)) {
    invalid(where, 'capacity.platform.mesh', reserved, `contradicts mesh (${meshModeOf(config)}): the nodes would reserve room for a mesh that is ${reserved === 'none' ? '' : 'not '}deployed`, 'remove capacity.platform.mesh: it is derived from mesh');
  }
  if (mesh === undefined || mesh === 'none') return;
  if (typeof mesh !== 'object' || mesh === null || Array.isArray(mesh)) {
    invalid(where, 'mesh', mesh, 'is not "none" or a mesh config object', 'pass "none" for no mesh, { services: { ... } } for Istio ambient, or leave it out for the defaults');
  }
  const names = config.services.map((s) => s.name);
  for (const key of Object.keys(mesh.services ?? {})) {
    if (!names.includes(key)) invalid(where, 'mesh.services', key, `names no service (services: ${names.join(', ')})`, 'key mesh.services by the names in services');
  }
}

/** The mesh mode an environment runs: `'none'` or Istio `'ambient'` (the default). */
export function meshModeOf(config: Pick<EnvironmentConfig, 'mesh'>): 'ambient' | 'none' {
  return config.mesh === 'none' ? 'none' : 'ambient';
}

const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** Checks the shape of `clusterAccess`; whether it must be present is the Environment's call ({@link requireClusterAccess}). */
function validateClusterAccess(where: string, access: ClusterAccessSettings | undefined): void {
  if (access === undefined) return;
  if (typeof access !== 'object' || access === null || Array.isArray(access)) {
    invalid(where, 'clusterAccess', access, 'is not an object', 'pass e.g. { deployerRoleArn: "arn:aws:iam::123456789012:role/deployer", deployerCidrs: ["10.8.0.0/16"] }');
  }
  const at = 'clusterAccess';
  if (access.deployerRoleArn !== undefined && (typeof access.deployerRoleArn !== 'string' || !IAM_ROLE_ARN.test(access.deployerRoleArn))) {
    invalid(where, `${at}.deployerRoleArn`, access.deployerRoleArn, 'is not an IAM role ARN', 'use the ARN of the role the deploy runs as, such as "arn:aws:iam::123456789012:role/deployer" (for an SSO user, its permission-set role)');
  }
  checkBoolean(where, `${at}.clusterCreatorAdmin`, access.clusterCreatorAdmin);
  if (access.deployerRoleArn !== undefined && access.clusterCreatorAdmin === true) {
    invalid(where, at, access, 'sets both deployerRoleArn and clusterCreatorAdmin', 'choose one: an access entry for deployerRoleArn (recommended), or clusterCreatorAdmin: true');
  }
  if (access.deployerRoleArn === undefined && access.clusterCreatorAdmin !== true) {
    invalid(where, at, access, 'gives the deployer no access to the cluster (neither deployerRoleArn nor clusterCreatorAdmin: true)', 'set deployerRoleArn to the role the deploy runs as, or clusterCreatorAdmin: true');
  }
  checkArray(where, `${at}.deployerCidrs`, access.deployerCidrs, { what: 'IPv4 CIDRs' });
  checkArray(where, `${at}.deployerSecurityGroupIds`, access.deployerSecurityGroupIds, { what: 'security group ids' });
  (access.deployerCidrs ?? []).forEach((cidr, i) => {
    const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
    if (!parsed) invalid(where, `${at}.deployerCidrs[${i}]`, cidr, 'is not an IPv4 network CIDR', 'use a block such as "10.8.0.0/16" with the host bits clear');
    if (parsed.prefix === 0) invalid(where, `${at}.deployerCidrs[${i}]`, cidr, 'admits every address to the Kubernetes API', 'list the VPN or CI runner networks the deploy runs from');
  });
  (access.deployerSecurityGroupIds ?? []).forEach((id, i) => {
    if (typeof id !== 'string' || !SECURITY_GROUP_ID.test(id)) invalid(where, `${at}.deployerSecurityGroupIds[${i}]`, id, 'is not a security group id', 'use an id such as "sg-0123456789abcdef0"');
  });
  if ((access.deployerCidrs ?? []).length + (access.deployerSecurityGroupIds ?? []).length === 0) {
    invalid(where, at, access, 'names no network the deployer reaches the private API endpoint from, so the control plane admits only the nodes', 'list the deployer\'s networks in deployerCidrs (VPN, CI runner subnets) or its security group in deployerSecurityGroupIds');
  }
}

/**
 * Fails unless the config says how the deployer reaches the cluster: called by the
 * Environment, whose platform stack is applied through the cluster's API.
 */
export function requireClusterAccess(config: EnvironmentConfig): ClusterAccessSettings {
  if (config.clusterAccess === undefined) {
    invalid(
      `config ${config.name}`,
      'clusterAccess',
      undefined,
      `is not set, but the environment has a platform stack (${config.name}-platform) that is applied through the cluster's private API: the deployer would have neither an access entry nor a network path`,
      'set clusterAccess: { deployerRoleArn: "<the role cdktf deploy runs as>", deployerCidrs: ["<your VPN or CI runner network>"] } (or clusterCreatorAdmin: true instead of deployerRoleArn)',
    );
  }
  return config.clusterAccess;
}

/** The environment's Kubernetes version (`kubernetesVersion`, else the newest on EKS). */
export function kubernetesVersionOf(config: EnvironmentConfig): string {
  return config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
}

/** The environment's zonal shift, FIS and backup settings, checked, with their defaults. */
export function resilienceOf(config: EnvironmentConfig): ResolvedResilience {
  const where = `config ${typeof config?.name === 'string' ? config.name : '<unnamed>'}`;
  return resolveResilience({ where, region: config.region, production: config.production, zonalShift: config.zonalShift, faultInjection: config.faultInjection, backup: config.backup });
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function validateCdnSettings(where: string, config: EnvironmentConfig): void {
  const cdn = config.cdn;
  if (cdn !== undefined && (typeof cdn !== 'object' || cdn === null || Array.isArray(cdn))) {
    invalid(where, 'cdn', cdn, 'is not an object', 'pass { staticSubdomain?, apiFront? } or leave it out');
  }
  if (cdn?.staticSubdomain !== undefined) {
    checkName(where, 'cdn.staticSubdomain', cdn.staticSubdomain, { maxLength: 63, pattern: DNS_LABEL, charset: 'one lower-case DNS label (letters, digits, inner hyphens), such as "static" or "assets"', what: 'DNS label' });
  }
  checkBoolean(where, 'cdn.apiFront', cdn?.apiFront);
  if (cdn?.originFacingPrefixListId !== undefined) {
    if (typeof cdn.originFacingPrefixListId !== 'string' || !/^pl-[0-9a-f]{8,17}$/.test(cdn.originFacingPrefixListId)) {
      invalid(where, 'cdn.originFacingPrefixListId', cdn.originFacingPrefixListId, 'is not a managed prefix list id (pl- and 8 to 17 hex digits)', 'pass the id describe-managed-prefix-lists prints for com.amazonaws.global.cloudfront.origin-facing');
    }
  }
  checkInteger(where, 'cdn.originVerifyGeneration', cdn?.originVerifyGeneration, { min: 1 });
  const planning = config.capacity?.cdn;
  if (planning !== undefined && (typeof planning !== 'object' || planning === null || Array.isArray(planning))) {
    invalid(where, 'capacity.cdn', planning, 'is not an object', 'pass { staticRequestsPerApiRequest?, staticCacheHitRatio?, staticResponseBytes?, ... } or leave it out');
  }
  if (config.capacity?.cdn?.apiFront !== undefined) {
    invalid(where, 'capacity.cdn.apiFront', config.capacity.cdn.apiFront, 'restates what the environment config states (cdn.apiFront)', 'set cdn.apiFront on the config and remove capacity.cdn.apiFront');
  }
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
    platform: { ...platform, clusterMonitoring: platform.clusterMonitoring ?? (config.production ? 'high-availability' : 'single'), mesh: platform.mesh ?? meshModeOf(config) },
    cdn: { ...config.capacity.cdn, apiFront: config.cdn?.apiFront ?? false },
    azAffineRouting: config.levers?.azAffineRouting === true,
  };
}

/** Validates the config and plans its capacity: every size the environment's stacks deploy. */
export function planEnvironment(config: EnvironmentConfig): CapacityPlan {
  validateEnvironmentConfig(config);
  return planCapacity(capacityInputsOf(config));
}
