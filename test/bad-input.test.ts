import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { EncryptionKey, EncryptionKeyProps } from '../constructs/encryption-key';
import { Network, NetworkProps } from '../constructs/network';
import { EnvironmentConfig, validateEnvironmentConfig } from '../lib/config/environment';
import { ValidationError } from '../lib/errors';
import { Policy } from '../lib/policy';
import { dev, prod } from '../stacks/environments';

/**
 * Every bad input a user can give (TypeScript or plain JavaScript, construct props or the
 * environment config) fails at synth time with a ValidationError that names where, the prop,
 * the value and the fix: never a stack trace from inside cdktf, never a plan Terraform rejects.
 */

/** Props as a JavaScript caller could pass them: any shape. */
type Loose<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

const NETWORK: NetworkProps = { name: 'prod', cidr: '10.30.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], minAvailabilityZones: 3 };
const KEY: EncryptionKeyProps = { alias: 'prod-rds', description: 'Encrypts the prod database' };

function inStack(build: (scope: Construct) => void): () => void {
  return () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    build(stack);
  };
}
const network = (change: Loose<NetworkProps> | null) => inStack((s) => new Network(s, 'network', (change === null ? undefined : { ...NETWORK, ...change }) as unknown as NetworkProps));
const key = (change: Loose<EncryptionKeyProps>) => inStack((s) => new EncryptionKey(s, 'key', { ...KEY, ...change } as unknown as EncryptionKeyProps));
const grant = (g: unknown) => inStack((s) => new EncryptionKey(s, 'key', KEY).grantToService(g as never));
const config = (base: EnvironmentConfig, change: Loose<EnvironmentConfig>) => () => validateEnvironmentConfig({ ...base, ...change } as unknown as EnvironmentConfig);
const suppression = (ruleId: unknown, reason: unknown) => inStack((s) => Policy.suppress(s, ruleId as string, reason as string));

const CASES: [string, () => void, RegExp][] = [
  // ---- environment config ----
  ['config: missing name', config(prod, { name: undefined }), /^config <unnamed>: name = undefined is required\. Fix: set name/],
  ['config: name too long', config(prod, { name: 'production-east-1' }), /config production-east-1: name = "production-east-1" is 17 characters long; a environment name is limited to 16/],
  ['config: name charset', config(prod, { name: 'Prod!' }), /name = "Prod!" is not a valid environment name\. Fix: use lower-case letters/],
  ['config: project upper case', config(prod, { project: 'MillionRPS' }), /project = "MillionRPS" is not a valid project name/],
  ['config: region misspelt', config(prod, { region: 'us-east' }), /region = "us-east" is not an AWS region name\. Fix: use a region such as "us-east-1"/],
  ['config: region a number (JS)', config(prod, { region: 1 }), /region = 1 is not a non-empty string/],
  ['config: AZs a string (JS)', config(prod, { availabilityZones: 'us-east-1a' }), /availabilityZones = "us-east-1a" is not a list\. Fix: pass a list of AZ names/],
  ['config: AZ as zone id', config(prod, { availabilityZones: ['use1-az1', 'us-east-1b', 'us-east-1c'] }), /availabilityZones\[0\] = "use1-az1" is not an availability zone name/],
  ['config: AZ in another region', config(prod, { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-west-2a'] }), /availabilityZones\[2\] = "us-west-2a" is not in region us-east-1/],
  ['config: production on two AZs', config(prod, { availabilityZones: ['us-east-1a', 'us-east-1b'] }), /availabilityZones = \["us-east-1a","us-east-1b"\] has 2 entries; at least 3 are required/],
  ['config: CIDR with host bits', config(prod, { vpcCidr: '10.30.0.1/16' }), /vpcCidr = "10.30.0.1\/16" is not an IPv4 network CIDR\. Fix: use a block such as "10.30.0.0\/16"/],
  ['config: CIDR missing', config(prod, { vpcCidr: undefined }), /vpcCidr = undefined is required/],
  ['config: shared NAT in production', config(prod, { natGatewayPerAz: false }), /natGatewayPerAz = false is false in a production environment.*Fix: set natGatewayPerAz: true/],
  ['config: NAT flag a string (JS)', config(dev, { natGatewayPerAz: 'yes' }), /natGatewayPerAz = "yes" is not a boolean\. Fix: pass true or false/],
  ['config: production flag a string (JS)', config(dev, { production: 'false' }), /production = "false" is not a boolean/],
  ['config: capacity missing', config(prod, { capacity: undefined }), /config prod: capacity = undefined is required\. Fix: set capacity/],
  ['config: capacity of another environment', config(prod, { capacity: dev.capacity }), /capacity.environment = "dev" does not match the environment name "prod"/],
  ['config: capacity for fewer AZs', config(prod, { capacity: { ...prod.capacity, azCount: 2 } }), /capacity.azCount = 2 differs from the 3 availabilityZones listed/],
  ['config: zero target', config(prod, { capacity: { ...prod.capacity, targetRps: 0 } }), /capacity model \(prod\): targetRps = 0 is out of range/],
  ['config: target a string (JS)', config(prod, { capacity: { ...prod.capacity, targetRps: '1000000' } }), /capacity model \(prod\): targetRps = "1000000" is not a finite number/],
  ['config: tags a list', config(prod, { tags: ['team'] }), /tags = \["team"\] is not an object of tag key to value/],
  ['config: reserved tag prefix', config(prod, { tags: { 'aws:owner': 'x' } }), /tags = "aws:owner" uses the reserved "aws:" prefix/],
  ['config: tag value too long', config(prod, { tags: { Team: 'x'.repeat(257) } }), /tags.Team = "x{10,}.*is not a string of at most 256 characters/],
  ['config: state bucket name', config(prod, { backend: { bucket: 'My_Bucket', region: 'us-east-1' } }), /backend.bucket = "My_Bucket" is not a valid S3 bucket name/],
  ['config: state bucket region', config(prod, { backend: { bucket: 'tf-state-1', region: 'east' } }), /backend.region = "east" is not an AWS region name/],
  ['config: policy downgrade in production', config(prod, { policyWarnings: { CKV_AWS_91: 'no access logs needed' } }), /policyWarnings = .* downgrades rules in a production environment, which is strict/],
  ['config: downgrade of an unknown rule', config(dev, { policyWarnings: { CKV_AWS_99999: 'typo in the rule id' } }), /policyWarnings = "CKV_AWS_99999" is not a rule of the policy/],
  ['config: downgrade without a reason', config(dev, { policyWarnings: { CKV_AWS_91: '' } }), /policyWarnings.CKV_AWS_91 = "" is not a written reason/],
  // ---- Network ----
  ['Network: no props (JS)', network(null), /^Network \(test\/network\): props = undefined is not an object/],
  ['Network: name over 32', network({ name: 'a'.repeat(33) }), /Network \(test\/network\): name = "a{33}" is 33 characters long; a network name is limited to 32\. Fix: shorten it/],
  ['Network: name upper case', network({ name: 'Prod' }), /name = "Prod" is not a valid network name/],
  ['Network: name a number (JS)', network({ name: 7 }), /name = 7 is not a non-empty string/],
  ['Network: CIDR a number (JS)', network({ cidr: 10 }), /cidr = 10 is not a CIDR string/],
  ['Network: CIDR host bits', network({ cidr: '10.30.0.1/16' }), /cidr = "10.30.0.1\/16" is not a valid IPv4 network CIDR\. Fix: clear the host bits/],
  ['Network: CIDR too large', network({ cidr: '10.0.0.0/8' }), /cidr = "10.0.0.0\/8" has prefix \/8; a VPC here must be \/16 to \/24/],
  ['Network: public CIDR', network({ cidr: '8.8.0.0/16' }), /cidr = "8.8.0.0\/16" is not inside an RFC 1918 private range/],
  ['Network: AZs missing', network({ availabilityZones: undefined }), /availabilityZones = undefined is required/],
  ['Network: duplicate AZ', network({ availabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1b'] }), /availabilityZones = .* names an AZ more than once/],
  ['Network: AZs in two regions', network({ availabilityZones: ['us-east-1a', 'us-east-1b', 'us-west-2a'] }), /spans several regions \(us-east-1, us-west-2\)/],
  ['Network: fewer AZs than required', network({ availabilityZones: ['us-east-1a', 'us-east-1b'] }), /availabilityZones = .* has 2 entries; at least 3 are required/],
  ['Network: unknown NAT strategy', network({ natGateways: 'both' }), /natGateways = "both" is not supported\. Fix: use one of "one-per-az", "single"/],
  ['Network: log retention CloudWatch rejects', network({ flowLogRetentionDays: 366 }), /flowLogRetentionDays = 366 is not supported\. Fix: use one of 1, 3, 5/],
  ['Network: flow log interval', network({ flowLogAggregationIntervalSeconds: 30 }), /flowLogAggregationIntervalSeconds = 30 is not supported\. Fix: use one of 60, 600/],
  ['Network: public subnets smaller than an ALB needs', network({ subnetPrefixLengths: { public: 28 } }), /subnetPrefixLengths.public = 28 is out of range \(ALBs need a \/27 or larger subnet per AZ\)/],
  ['Network: prefix a string (JS)', network({ subnetPrefixLengths: { app: '18' } }), /subnetPrefixLengths.app = "18" is not a finite number/],
  ['Network: app tier too small', network({ requiredAppAddressesPerAz: 20_000 }), /subnetPrefixLengths.app = 18 gives 16379 usable addresses per AZ but 20000 are required/],
  ['Network: endpoints a string (JS)', network({ interfaceEndpoints: 'sts' }), /interfaceEndpoints = "sts" is not a list/],
  ['Network: endpoint with a full service name', network({ interfaceEndpoints: ['com.amazonaws.us-east-1.sts!'] }), /interfaceEndpoints\[0\] = "com.amazonaws.us-east-1.sts!" is not a valid endpoint service name/],
  ['Network: subnet tags a string (JS)', network({ publicSubnetTags: 'public' }), /publicSubnetTags = "public" is not an object of tag key to value/],
  ['Network: reserved tag key', network({ appSubnetTags: { 'aws:cloudformation:stack-name': 'x' } }), /appSubnetTags = "aws:cloudformation:stack-name" uses the reserved "aws:" tag prefix/],
  ['Network: preventDestroy a string (JS)', network({ preventDestroy: 'yes' }), /preventDestroy = "yes" is not a boolean/],
  // ---- EncryptionKey ----
  ['EncryptionKey: alias with alias/ prefix', key({ alias: 'alias/prod-rds' }), /^EncryptionKey \(test\/key\): alias = "alias\/prod-rds" starts with "alias\/", which the construct adds\. Fix: pass "prod-rds"/],
  ['EncryptionKey: reserved aws/ alias', key({ alias: 'aws/rds' }), /alias = "aws\/rds" starts with "aws\/", which AWS reserves/],
  ['EncryptionKey: alias with spaces', key({ alias: 'prod rds' }), /alias = "prod rds" is not a valid KMS alias/],
  ['EncryptionKey: alias over 250', key({ alias: 'k'.repeat(251) }), /alias = .* is 251 characters long; a KMS alias is limited to 250/],
  ['EncryptionKey: deletion window below 7', key({ deletionWindowInDays: 6 }), /deletionWindowInDays = 6 is out of range \(KMS waits 7 to 30 days before deleting a key\)/],
  ['EncryptionKey: deletion window above 30', key({ deletionWindowInDays: 31 }), /deletionWindowInDays = 31 is out of range/],
  ['EncryptionKey: description missing (JS)', key({ description: undefined }), /description = undefined is required/],
  ['EncryptionKey: description over 8192', key({ description: 'd'.repeat(8193) }), /description = .* is 8193 characters long; KMS allows 8192/],
  ['EncryptionKey: grant to a non-service principal', grant({ servicePrincipal: 'arn:aws:iam::1:root', actions: ['kms:Decrypt'] }), /grant.servicePrincipal = "arn:aws:iam::1:root" is not an AWS service principal/],
  ['EncryptionKey: grant without actions', grant({ servicePrincipal: 'logs.us-east-1.amazonaws.com', actions: [] }), /grant.actions = \[\] has 0 entries; at least 1 are required/],
  ['EncryptionKey: grant of a non-KMS action', grant({ servicePrincipal: 'logs.us-east-1.amazonaws.com', actions: ['s3:GetObject'] }), /grant.actions\[0\] = "s3:GetObject" is not a KMS action/],
  // ---- Policy ----
  ['Policy.suppress: unknown rule', suppression('CKV_AWS_0', 'a reason that is long enough'), /Policy.suppress \(test\): ruleId = "CKV_AWS_0" is not a rule of this policy/],
  ['Policy.suppress: empty reason', suppression('CKV_AWS_16', ''), /reason = "" is not a written reason \(at least 10 characters\)/],
  ['Policy.suppress: token reason', suppression('CKV_AWS_16', 'n/a'), /reason = "n\/a" is not a written reason/],
];

describe('bad input', () => {
  test('the table covers at least 40 distinct bad inputs', () => {
    expect(new Set(CASES.map(([label]) => label)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES)('%s', (_label, act, message) => {
    let thrown: unknown;
    try {
      act();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as ValidationError;
    expect(error.message).toMatch(message);
    // Every message names where, the prop, the value and the fix.
    expect(error.message).toMatch(/^.+: .+ = .+\. Fix: .+/s);
  });
});
