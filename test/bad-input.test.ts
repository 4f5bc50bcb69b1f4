import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlbNginxTier, AlbNginxTierProps } from '../constructs/alb-nginx-tier';
import { AutoScalingGroup, AutoScalingGroupProps } from '../constructs/auto-scaling-group';
import { ContainerRepository } from '../constructs/container-repository';
import { EksCluster, EksClusterProps, KubernetesVersion, NodeGroupSpec, SupportType } from '../constructs/eks-cluster';
import { EncryptionKey, EncryptionKeyProps } from '../constructs/encryption-key';
import { MonitoringStack, MonitoringStackProps } from '../constructs/monitoring-stack';
import { NamespaceBaseline, NamespaceBaselineProps } from '../constructs/namespace-baseline';
import { INetwork, Network, NetworkProps } from '../constructs/network';
import { MasterPassword, RdsWithReplicas, RdsWithReplicasProps } from '../constructs/rds-with-replicas';
import { RedisCluster, RedisClusterProps } from '../constructs/redis-cluster';
import { ServiceIngress, ServiceIngressProps } from '../constructs/service-ingress';
import { ServiceWorkload, ServiceWorkloadProps } from '../constructs/service-workload';
import { EnvironmentConfig, validateEnvironmentConfig } from '../lib/config/environment';
import { ValidationError } from '../lib/errors';
import { Policy } from '../lib/policy';
import { Protection } from '../lib/protection';
import { dev, prod } from '../stacks/environments';
import { testApp } from './support/temp';
import { Connections, Port } from '../constructs/connections';

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
    const stack = new TerraformStack(testApp(), 'test');
    build(stack);
  };
}
const network = (change: Loose<NetworkProps> | null) => inStack((s) => new Network(s, 'network', (change === null ? undefined : { ...NETWORK, ...change }) as unknown as NetworkProps));
const key = (change: Loose<EncryptionKeyProps>) => inStack((s) => new EncryptionKey(s, 'key', { ...KEY, ...change } as unknown as EncryptionKeyProps));
const grant = (g: unknown) => inStack((s) => new EncryptionKey(s, 'key', KEY).grantToService(g as never));
const config = (base: EnvironmentConfig, change: Loose<EnvironmentConfig>) => () => validateEnvironmentConfig({ ...base, ...change } as unknown as EnvironmentConfig);

/** The EKS nodes' group as a group made elsewhere (no construct of the test stack owns it). */
const nodes = (scope: Construct) => Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes');
const NET: INetwork = Network.fromAttributes({
  vpcId: 'vpc-1',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: [],
  appSubnets: ['a', 'b', 'c'].map((az, i) => ({ id: `subnet-app-${az}`, availabilityZone: `us-east-1${az}`, cidr: `10.30.${i * 64}.0/18` })),
  dataSubnets: ['a', 'b', 'c'].map((az, i) => ({ id: `subnet-data-${az}`, availabilityZone: `us-east-1${az}`, cidr: `10.30.${204 + i * 4}.0/22` })),
});
const database = (change: Loose<RdsWithReplicasProps> | null) =>
  inStack((s) =>
    new RdsWithReplicas(s, 'db', (change === null ? undefined : { identifier: 'prod-main', network: NET, instanceClass: 'db.r7g.8xlarge', replicaInstanceClass: 'db.r7g.4xlarge', replicaCount: 3, maxConnections: 5000, protection: Protection.PRODUCTION, clients: [nodes(s)], masterPassword: MasterPassword.fromEphemeralVariable(s as TerraformStack, 'db_master_password'), ...change }) as unknown as RdsWithReplicasProps),
  );
const cache = (change: Loose<RedisClusterProps>) =>
  inStack((s) => new RedisCluster(s, 'cache', { replicationGroupId: 'prod-cache', network: NET, nodeType: 'cache.r7g.4xlarge', shards: 4, replicasPerShard: 2, protection: Protection.PRODUCTION, clients: [nodes(s)], ...change } as unknown as RedisClusterProps));
const GROUP: NodeGroupSpec = { name: 'services-az1', instanceTypes: ['c7i.8xlarge'], availabilityZone: 'us-east-1a', minSize: 11, desiredSize: 11, maxSize: 62, maxPodsPerNode: 250 };
const cluster = (change: Loose<EksClusterProps>) =>
  inStack((s) => new EksCluster(s, 'eks', { name: 'prod', network: NET, kubernetesVersion: KubernetesVersion.V1_36, supportType: SupportType.EXTENDED, adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'], nodeGroups: [GROUP], protection: Protection.PRODUCTION, ...change } as unknown as EksClusterProps));
const ingress = (change: Loose<ServiceIngressProps>) =>
  inStack((s) => new ServiceIngress(s, 'ingress', { name: 'prod', network: NET, services: [{ name: 'api-gateway', pathPrefix: '/', listenerPort: 8080, targetPort: 8080, healthCheckPath: '/health/ready', maxTargets: 100 }], targets: nodes(s), ...change } as unknown as ServiceIngressProps));
const namespace = (change: Loose<NamespaceBaselineProps>) =>
  inStack((s) => new NamespaceBaseline(s, 'ns', { name: 'services', quota: { cpuRequestMillicores: 100_000, memoryRequestMiB: 200_000, cpuLimitMillicores: 200_000, memoryLimitMiB: 200_000, pods: 120 }, ingressCidrs: ['10.30.0.0/18'], ingressPorts: [8080], ...change } as unknown as NamespaceBaselineProps));
const workload = (change: Loose<ServiceWorkloadProps>) =>
  inStack((s) => new ServiceWorkload(s, 'wl', { name: 'user-service', namespace: 'services', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/million-rps/user-service:1.0.0', containerPort: 8080, livenessPath: '/health/live', readinessPath: '/health/ready', minReplicas: 2, maxReplicas: 10, cpuRequestMillicores: 1000, memoryRequestMiB: 1024, targetCpuUtilizationPercent: 60, targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-user/0123456789abcdef', ...change } as unknown as ServiceWorkloadProps));
const EDGE: AlbNginxTierProps = {
  name: 'prod',
  network: Network.fromAttributes({ ...NET, publicSubnets: ['a', 'b', 'c'].map((az, i) => ({ id: `subnet-pub-${az}`, availabilityZone: `us-east-1${az}`, cidr: `10.30.${192 + i * 4}.0/22` })) }),
  protection: Protection.PRODUCTION,
  albCount: 4,
  lcuReservationPerAlb: 11_520,
  tls: { hostedZone: { zoneId: 'Z0123456789ABC', zoneName: 'prod.example.com' } },
  upstreams: [{ name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] }],
  fleet: { instanceType: 'c7g.2xlarge', minSize: 21, desiredCapacity: 21, maxSize: 33, requestsPerInstancePerMinute: 4_896_000, workerConnections: 4096, globalRequestsPerSecond: 136_000 },
};
const edge = (change: Loose<AlbNginxTierProps>) => inStack((s) => new AlbNginxTier(s, 'edge', { ...EDGE, ...change } as unknown as AlbNginxTierProps));
const fleet = (change: Loose<AutoScalingGroupProps>) =>
  inStack((s) => new AutoScalingGroup(s, 'asg', { name: 'prod-nginx', subnets: NET.appSubnets, instanceType: 'c7g.2xlarge', userData: '#cloud-config\n', connections: Connections.fromSecurityGroupId(s, 'nginx', 'sg-1'), minSize: 6, desiredCapacity: 6, maxSize: 9, targetGroupArns: ['arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/tg/1'], requestCountTargets: [], ...change } as unknown as AutoScalingGroupProps));
const monitoring = (change: Loose<MonitoringStackProps> | null) =>
  inStack((s) => new MonitoringStack(s, 'monitoring', (change === null ? undefined : { name: 'prod', region: 'us-east-1', eksClusters: [{ name: 'prod', expectedNodesMin: 6, expectedNodesMax: 12 }], ...change }) as unknown as MonitoringStackProps));
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
  ['config: capacity restating another environment', config(prod, { capacity: { ...dev.capacity, environment: 'dev' } }), /capacity.environment = "dev" restates what the environment config states \(name\)/],
  ['config: capacity restating fewer AZs', config(prod, { capacity: { ...prod.capacity, azCount: 2 } }), /capacity.azCount = 2 restates what the environment config states \(availabilityZones\)/],
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
  ['Network: protection a string (JS)', network({ protection: 'yes' }), /protection = "yes" is not a Protection\. Fix: pass Protection\.PRODUCTION, Protection\.NON_PRODUCTION or Protection\.forEnvironment/],
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
  ['EncryptionKey: grant without actions', grant({ servicePrincipal: 'logs.us-east-1.amazonaws.com', actions: [] }), /grant.actions = \[\] has 0 entries; at least 1 is required/],
  ['EncryptionKey: grant of a non-KMS action', grant({ servicePrincipal: 'logs.us-east-1.amazonaws.com', actions: ['s3:GetObject'] }), /grant.actions\[0\] = "s3:GetObject" is not a KMS action/],
  ['config: services missing (JS)', config(prod, { services: undefined }), /config prod: services = undefined is required/],
  ['config: a service twice', config(prod, { services: [prod.services[0], prod.services[0]] }), /services = "api-gateway" names a service twice/],
  ['config: privileged container port', config(prod, { services: [{ ...prod.services[0], containerPort: 80 }] }), /services\[0\].containerPort = 80 is out of range \(containers run as non-root, so only unprivileged ports\)/],
  ['config: admin that is not a role ARN', config(prod, { eksAdminRoleArns: ['admin'] }), /eksAdminRoleArns\[0\] = "admin" is not an IAM role ARN/],
  // ---- RdsWithReplicas ----
  ['RdsWithReplicas: no props (JS)', database(null), /^RdsWithReplicas \(test\/db\): props = undefined is not an object/],
  ['RdsWithReplicas: network missing (JS)', database({ network: undefined }), /network = undefined is required\. Fix: pass the Network construct/],
  ['RdsWithReplicas: identifier over 63', database({ identifier: `a${'b'.repeat(63)}` }), /identifier = "ab+" is 64 characters long; a DB instance identifier is limited to 63/],
  ['RdsWithReplicas: 16 replicas', database({ replicaCount: 16 }), /replicaCount = 16 is out of range \(AWS allows at most 15 read replicas/],
  ['RdsWithReplicas: replica count a string (JS)', database({ replicaCount: '3' }), /replicaCount = "3" is not a finite number/],
  ['RdsWithReplicas: literal password', database({ masterPassword: MasterPassword.writeOnly('hunter2hunter2') }), /masterPassword = "<literal string>" is a literal password, which would be written in plaintext/],
  ['RdsWithReplicas: production without Multi-AZ', database({ multiAz: false }), /multiAz = false is false in production/],
  ['RdsWithReplicas: clients a string (JS)', database({ clients: 'sg-nodes' }), /clients = "sg-nodes" is not a list/],
  ['RdsWithReplicas: the old client group ids (JS)', database({ clientSecurityGroupIds: ['sg-nodes'] }), /clientSecurityGroupIds = \["sg-nodes"\] is no longer a prop: clients \(object references\) replaced it\. Fix: pass clients: \[eksCluster\]/],
  // ---- RedisCluster ----
  ['RedisCluster: network missing (JS)', cache({ network: undefined }), /^RedisCluster \(test\/cache\): network = undefined is required/],
  ['RedisCluster: replication group id over 40', cache({ replicationGroupId: 'c'.repeat(41) }), /replicationGroupId = "c+" is 41 characters long; a replication group id is limited to 40/],
  ['RedisCluster: zero shards', cache({ shards: 0 }), /shards = 0 is out of range \(ElastiCache allows at most 500 shards per cluster\)/],
  ['RedisCluster: six replicas per shard', cache({ replicasPerShard: 6 }), /replicasPerShard = 6 is out of range .*ElastiCache allows at most 5/],
  ['RedisCluster: node type without cache. prefix', cache({ nodeType: 'r7g.large' }), /nodeType = "r7g.large" is not an ElastiCache node type for new clusters \(did you mean "cache.r7g.large"\?\)\. Fix: use one of .*"?cache\.r7g\.large/],
  // ---- EksCluster ----
  ['EksCluster: network missing (JS)', cluster({ network: undefined }), /^EksCluster \(test\/eks\): network = undefined is required/],
  ['EksCluster: name with underscore', cluster({ name: 'Prod_1' }), /name = "Prod_1" is not a valid EKS cluster name/],
  ['EksCluster: no node groups', cluster({ nodeGroups: [] }), /nodeGroups = \[\] has 0 entries; at least 1 is required/],
  ['EksCluster: node group min above max', cluster({ nodeGroups: [{ ...GROUP, minSize: 70 }] }), /nodeGroups\[0\].minSize = 70 is greater than nodeGroups\[0\].maxSize \(62\)/],
  ['EksCluster: node group in a foreign AZ', cluster({ nodeGroups: [{ ...GROUP, availabilityZone: 'us-west-2a' }] }), /nodeGroups\[0\].availabilityZone = "us-west-2a" is not one of the network's AZs/],
  ['EksCluster: API open to the world', cluster({ publicAccessCidrs: ['0.0.0.0/0'] }), /publicAccessCidrs\[0\] = "0.0.0.0\/0" opens the Kubernetes API to the whole internet/],
  ['EksCluster: version as a string (JS)', cluster({ kubernetesVersion: '1.33' }), /kubernetesVersion = "1.33" is not a Kubernetes version this construct has pinned add-on versions for/],
  // ---- ServiceIngress, ContainerRepository, NamespaceBaseline, ServiceWorkload ----
  ['ServiceIngress: name over the 23-character NLB prefix', ingress({ name: 'i'.repeat(24) }), /name = "i+" is 24 characters long; a load balancer name prefix is limited to 23/],
  ['ServiceIngress: target group name over 32', ingress({ services: [{ name: 'a-very-long-service-name-here', pathPrefix: '/', listenerPort: 8080, targetPort: 8080, healthCheckPath: '/h', maxTargets: 10 }] }), /services\[0\].name = "prod-a-very-long-service-name-here" is 34 characters long; a target group name \(<name>-<service>\) is limited to 32/],
  ['ServiceIngress: two services on one listener port', ingress({ services: ['a', 'b'].map((name) => ({ name, pathPrefix: `/${name}`, listenerPort: 8080, targetPort: 8080, healthCheckPath: '/h', maxTargets: 10 })) }), /services\[1\].listenerPort = 8080 is used by two services/],
  ['ContainerRepository: upper-case name', inStack((s) => new ContainerRepository(s, 'repo', { name: 'Api' } as never)), /^ContainerRepository \(test\/repo\): name = "Api" is not a valid ECR repository name/],
  ['NamespaceBaseline: quota missing (JS)', namespace({ quota: undefined }), /^NamespaceBaseline \(test\/ns\): quota = undefined is required/],
  ['NamespaceBaseline: port above 65535', namespace({ ingressPorts: [70000] }), /ingressPorts\[0\] = 70000 is out of range/],
  ['ServiceWorkload: min replicas above max', workload({ minReplicas: 20, maxReplicas: 10 }), /^ServiceWorkload \(test\/wl\): minReplicas = 20 is greater than maxReplicas \(10\)/],
  ['ServiceWorkload: CPU target above 100%', workload({ targetCpuUtilizationPercent: 150 }), /targetCpuUtilizationPercent = 150 is out of range/],
  ['ServiceWorkload: relative probe path', workload({ livenessPath: 'health' }), /livenessPath = "health" is not an absolute HTTP path/],
  // ---- AlbNginxTier, AutoScalingGroup ----
  ['AlbNginxTier: network missing (JS)', edge({ network: undefined }), /^AlbNginxTier \(test\/edge\): network = undefined is required/],
  ['AlbNginxTier: fleet missing (JS)', edge({ fleet: undefined }), /fleet = undefined is required/],
  ['AlbNginxTier: name making ALB names over 32', edge({ name: 'a'.repeat(24) }), /name = "a+" is 24 characters long; a name prefix \(ALB and target group names "<name>-nginx-<i>" are limited to 32 characters\) is limited to 23/],
  ['AlbNginxTier: more ALBs than a Region allows', edge({ albCount: 51 }), /albCount = 51 is out of range \(Application Load Balancers per Region: 50 by default\)/],
  ['AlbNginxTier: LCU reservation over 15,000', edge({ lcuReservationPerAlb: 20_000 }), /lcuReservationPerAlb = 20000 is out of range \(an ALB reserves at most 15,000 LCUs\)/],
  ['AlbNginxTier: production without TLS', edge({ tls: undefined }), /tls = undefined is missing in production \(Protection.PRODUCTION\): the HTTPS listener has no certificate.*or pass protection: Protection.NON_PRODUCTION/],
  ['AlbNginxTier: hosted zone that is not a DNS name', edge({ tls: { hostedZone: { zoneId: 'Z0123456789ABC', zoneName: 'prod example com' } } }), /tls.hostedZone.zoneName = "prod example com" is not a DNS name/],
  ['AlbNginxTier: upstream given by host name', edge({ upstreams: [{ name: 'api', pathPrefix: '/', port: 8080, addresses: ['api.internal'] }] }), /nginx.upstreams\[0\].addresses\[0\] = "api.internal" is not an IPv4 address/],
  ['AutoScalingGroup: not an instance type', fleet({ instanceType: 'huge' }), /^AutoScalingGroup \(test\/asg\): instanceType = "huge" is not an EC2 instance type/],
  ['AutoScalingGroup: desired outside min..max', fleet({ desiredCapacity: 20 }), /desiredCapacity = 20 is outside minSize..maxSize \(6..9\)/],
  ['AutoScalingGroup: user data over 16 KiB', fleet({ userData: 'x'.repeat(20_000) }), /userData = "20000 bytes" is over EC2's user data limit of 16384 bytes/],
  // ---- MonitoringStack ----
  ['MonitoringStack: no props (JS)', monitoring(null), /^MonitoringStack \(test\/monitoring\): props = undefined is not an object/],
  ['MonitoringStack: e-mail without a domain', monitoring({ alarmEmails: ['oncall'] }), /alarmEmails\[0\] = "oncall" is not an e-mail address/],
  ['MonitoringStack: plain-HTTP webhook', monitoring({ subscriptions: [{ protocol: 'https', endpoint: 'http://hooks.example.com' }] }), /subscriptions\[0\].endpoint = "http:\/\/hooks.example.com" is not an https:\/\/ URL/],
  ['MonitoringStack: node bounds inverted', monitoring({ eksClusters: [{ name: 'c', expectedNodesMin: 10, expectedNodesMax: 5 }] }), /eksClusters\[0\].expectedNodesMin = 10 is greater than expectedNodesMax \(5\)/],
  // ---- Protection: one setting replaced production / preventDestroy / deletionProtection ----
  ['Protection: RdsWithReplicas still given production (JS)', database({ protection: undefined, production: true }), /^RdsWithReplicas \(test\/db\): production = true is no longer a prop: one protection setting replaced it\. Fix: pass protection: Protection\.forEnvironment\(true\)/],
  ['Protection: EncryptionKey still given preventDestroy (JS)', key({ preventDestroy: true }), /^EncryptionKey \(test\/key\): preventDestroy = true is no longer a prop.*Fix: pass protection: Protection\.PRODUCTION/],
  ['Protection: ServiceIngress still given deletionProtection (JS)', ingress({ deletionProtection: false }), /^ServiceIngress \(test\/ingress\): deletionProtection = false is no longer a prop.*Fix: pass protection: Protection\.NON_PRODUCTION/],
  ['Protection: MonitoringStack given a boolean (JS)', monitoring({ protection: true }), /^MonitoringStack \(test\/monitoring\): protection = true is not a Protection\. Fix: pass Protection\.PRODUCTION, Protection\.NON_PRODUCTION or Protection\.forEnvironment/],
  ['Protection: RedisCluster given the preset name (JS)', cache({ protection: 'NON_PRODUCTION' }), /^RedisCluster \(test\/cache\): protection = "NON_PRODUCTION" is not a Protection/],
  ['Protection: AlbNginxTier given a settings object (JS)', edge({ protection: { retainOnDestroy: false } }), /^AlbNginxTier \(test\/edge\): protection = \{"retainOnDestroy":false\} is not a Protection/],
  ['Protection: a preset changed to a retention CloudWatch lacks', () => Protection.NON_PRODUCTION.with({ logRetentionDays: 10 }), /^Protection\.NON_PRODUCTION\.with: logRetentionDays = 10 is not supported\. Fix: use one of 1, 3, 5/],
  // ---- Connections and grants: object references, one stack, real grantees ----
  ['Connections: a data store wired to a cluster in another stack', () => {
    const app = testApp();
    const compute = new TerraformStack(app, 'compute');
    const eks = Connections.fromSecurityGroupId(compute, 'nodes', 'sg-nodes');
    new RedisCluster(new TerraformStack(app, 'data'), 'cache', { replicationGroupId: 'prod-cache', network: NET, nodeType: 'cache.r7g.4xlarge', shards: 4, replicasPerShard: 2, clients: [eks] });
  }, /^RedisCluster \(data\/cache\): connections = "ImportedSecurityGroup \(compute\/nodes\)" is in another TerraformStack.*Fix: create both constructs in one stack/],
  ['Connections: a client given as a security group id (JS)', cache({ clients: ['sg-nodes'] }), /^RedisCluster \(test\/cache\): clients\[0\] = "sg-nodes" is not connectable.*Fix: pass the construct, or Connections\.fromSecurityGroupId/],
  ['Connections: a port out of range', () => Port.tcp(0), /^Port\.tcp: port = 0 is not a TCP port \(1 to 65535\)/],
  ['Connections: the old instance group ids (JS)', fleet({ securityGroupIds: ['sg-1'] }), /^AutoScalingGroup \(test\/asg\): securityGroupIds = \["sg-1"\] is no longer a prop: connections \(an object reference\) replaced it/],
  ['Grant: a role ARN instead of a grantee', inStack((s) => new RedisCluster(s, 'cache', { replicationGroupId: 'prod-cache', network: NET, nodeType: 'cache.r7g.4xlarge', shards: 4, replicasPerShard: 2 }).grantConnect('arn:aws:iam::123456789012:role/orders' as never, undefined as never)), /grantConnect\.grantee = "arn:aws:iam::123456789012:role\/orders" is not a grantee/],
  ['Grant: a cache user name with upper case', inStack((s) => new RedisCluster(s, 'cache', { replicationGroupId: 'prod-cache', network: NET, nodeType: 'cache.r7g.4xlarge', shards: 4, replicasPerShard: 2 }).addUser('Orders', 'on ~orders:* +@all')), /addUser\.name = "Orders" is not a valid cache user name/],
  ['Grant: a database user RDS Proxy cannot log in as', inStack((s) => {
    const db = new RdsWithReplicas(s, 'db', { identifier: 'prod-main', network: NET, instanceClass: 'db.r7g.8xlarge', replicaInstanceClass: 'db.r7g.4xlarge', replicaCount: 3, maxConnections: 5000, masterPassword: MasterPassword.fromEphemeralVariable(s as TerraformStack, 'db_master_password') });
    db.grantConnect({ addToPrincipalPolicy: () => undefined }, 'orders');
  }), /grantConnect\.dbUser = "orders" is not a user RDS Proxy can log in as/],
  // ---- Policy ----
  ['Policy.suppress: unknown rule', suppression('CKV_AWS_0', 'a reason that is long enough'), /Policy.suppress \(test\): ruleId = "CKV_AWS_0" is not a rule of this policy/],
  ['Policy.suppress: empty reason', suppression('CKV_AWS_16', ''), /reason = "" is not a written reason \(at least 10 characters\)/],
  ['Policy.suppress: token reason', suppression('CKV_AWS_16', 'n/a'), /reason = "n\/a" is not a written reason/],
];

describe('bad input', () => {
  test('the table covers at least 40 distinct bad inputs, across the constructs and the config', () => {
    const subjects = new Set(CASES.map(([label]) => label.split(':')[0]));
    expect([...subjects]).toEqual(expect.arrayContaining(['config', 'Network', 'EncryptionKey', 'RdsWithReplicas', 'RedisCluster', 'EksCluster', 'AlbNginxTier', 'AutoScalingGroup', 'MonitoringStack', 'Policy.suppress', 'Protection', 'Connections', 'Grant']));
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
