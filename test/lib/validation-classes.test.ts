import { testApp } from '../support/temp';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AlbNginxTier, AlbNginxTierProps } from '../../constructs/alb-nginx-tier';
import { AutoScalingGroup, AutoScalingGroupProps } from '../../constructs/auto-scaling-group';
import { Connections } from '../../constructs/connections';
import { EksCluster, EksClusterProps, KubernetesVersion, NodeGroupSpec, SupportType, TaintEffect } from '../../constructs/eks-cluster';
import { Network, NetworkProps } from '../../constructs/network';
import { MasterPassword, RdsWithReplicas, RdsWithReplicasProps } from '../../constructs/rds-with-replicas';
import { RedisCluster, RedisClusterProps } from '../../constructs/redis-cluster';
import { validateEnvironmentConfig } from '../../lib/config/environment';
import { ValidationError } from '../../lib/errors';
import { Protection } from '../../lib/protection';
import { ALB_TLS12_SSL_POLICIES, AL2023_AMI, ELASTICACHE_NODE_TYPES, imageArchitecture, instanceArchitecture } from '../../lib/validation';
import { shop } from '../../examples/quickstart/shop';
import { allOf, onlyOf, synthConstructs } from '../support/synth';

/**
 * Issue 21, "inputs that must not slip through": each class of bad input is a
 * ValidationError at synth naming the construct path, the prop, the value, the allowed
 * values or limit, and the fix. Several cases per class, through the public constructs.
 */

/** What a rejection must say. */
interface Expected {
  readonly where: string;
  readonly prop: string;
  /** The value as the message renders it. */
  readonly value: string;
  /** Text of the problem: the limit or the allowed values. */
  readonly problem: RegExp;
  /** Text of the fix. */
  readonly fix: RegExp;
}

function rejection(build: (scope: Construct) => void): ValidationError {
  const app = testApp();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  try {
    build(stack);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('no ValidationError: the bad input slipped through');
}

function expectRejected(build: (scope: Construct) => void, expected: Expected): void {
  const error = rejection(build);
  const [problemAndValue, fix] = error.message.split('. Fix: ');
  expect(error.where).toBe(expected.where);
  expect(error.prop).toBe(expected.prop);
  expect(problemAndValue).toContain(`${expected.where}: ${expected.prop} = ${expected.value} `);
  expect(problemAndValue).toMatch(expected.problem);
  expect(fix).toMatch(expected.fix);
}

const DATA_NETWORK = Network.fromAttributes({
  vpcId: 'vpc-123',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-pub-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${192 + i * 4}.0/22` })),
  appSubnets: ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-app-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${i * 64}.0/18` })),
  dataSubnets: ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-data-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${204 + i * 4}.0/22` })),
});

const cache = (scope: Construct, props: Partial<RedisClusterProps>) =>
  new RedisCluster(scope, 'cache', { replicationGroupId: 'prod-cache', network: DATA_NETWORK, nodeType: 'cache.r7g.large', shards: 2, replicasPerShard: 1, protection: Protection.PRODUCTION, ...props });

const database = (scope: Construct, props: Partial<RdsWithReplicasProps>) =>
  new RdsWithReplicas(scope, 'db', {
    identifier: 'prod-main',
    network: DATA_NETWORK,
    instanceClass: 'db.r7g.2xlarge',
    replicaCount: 2,
    protection: Protection.PRODUCTION,
    masterPassword: MasterPassword.fromEphemeralVariable(scope as TerraformStack, 'db_master_password'),
    ...props,
  });

const EDGE: AlbNginxTierProps = {
  name: 'prod',
  network: DATA_NETWORK,
  protection: Protection.NON_PRODUCTION,
  albCount: 2,
  upstreams: [{ name: 'gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240'] }],
  fleet: { instanceType: 'c7g.xlarge', minSize: 2, desiredCapacity: 2, maxSize: 3, requestsPerInstancePerMinute: 600_000, workerConnections: 4096 },
};
const edge = (scope: Construct, props: Partial<AlbNginxTierProps>) => new AlbNginxTier(scope, 'edge', { ...EDGE, ...props });

const ASG: Omit<AutoScalingGroupProps, 'connections'> = {
  name: 'prod-nginx',
  subnets: [{ id: 'subnet-a', availabilityZone: 'us-east-1a', cidr: '10.30.0.0/18' }],
  instanceType: 'c7g.xlarge',
  userData: '#cloud-config\n',
  minSize: 1,
  maxSize: 2,
};
const asg = (scope: Construct, props: Partial<AutoScalingGroupProps>) =>
  new AutoScalingGroup(scope, 'asg', { ...ASG, connections: Connections.fromSecurityGroupId(scope, 'sg', 'sg-123'), ...props });

const GROUP: NodeGroupSpec = { name: 'services-az1', instanceTypes: ['c7g.4xlarge'], availabilityZone: 'us-east-1a', minSize: 1, desiredSize: 1, maxSize: 3, maxPodsPerNode: 110 };
const cluster = (scope: Construct, group: Partial<NodeGroupSpec>) =>
  new EksCluster(scope, 'eks', {
    name: 'prod',
    network: DATA_NETWORK,
    kubernetesVersion: KubernetesVersion.V1_33,
    supportType: SupportType.EXTENDED,
    adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'],
    nodeGroups: [{ ...GROUP, ...group }],
    protection: Protection.NON_PRODUCTION,
  } as EksClusterProps);

const NETWORK_PROPS: NetworkProps = { name: 'prod', cidr: '10.30.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'] };
const network = (scope: Construct, props: Partial<NetworkProps>) => new Network(scope, 'network', { ...NETWORK_PROPS, ...props });

/** A Terraform variable's value: a token, known only at apply time. */
const variable = (scope: Construct, name: string) => new TerraformVariable(scope, name, { type: 'number' }).numberValue;

describe('tokens where a count or a size is needed are rejected with "a literal is required"', () => {
  const literal = /is an unresolved token \(a Terraform variable, local or another resource's attribute, known only at apply time\), but it decides .+ at synth time/;
  test.each<[string, (scope: Construct) => void, string, string, RegExp]>([
    ['RedisCluster shards', (s) => cache(s, { shards: variable(s, 'shards') }), 'RedisCluster (test/cache)', 'shards', /the node groups/],
    ['RedisCluster replicasPerShard', (s) => cache(s, { replicasPerShard: variable(s, 'replicas') }), 'RedisCluster (test/cache)', 'replicasPerShard', /the replicas per node group/],
    ['RdsWithReplicas replicaCount', (s) => database(s, { replicaCount: variable(s, 'replicas') }), 'RdsWithReplicas (test/db)', 'replicaCount', /how many replica instances/],
    ['AlbNginxTier albCount', (s) => edge(s, { albCount: variable(s, 'albs') }), 'AlbNginxTier (test/edge)', 'albCount', /how many ALBs, target groups/],
    ['AlbNginxTier fleet.workerConnections', (s) => edge(s, { fleet: { ...EDGE.fleet!, workerConnections: variable(s, 'wc') } }), 'AlbNginxTier (test/edge)', 'fleet.workerConnections', /worker_connections, written into nginx.conf/],
    ['EksCluster maxPodsPerNode', (s) => cluster(s, { maxPodsPerNode: variable(s, 'pods') }), 'EksCluster (test/eks)', 'nodeGroups[0].maxPodsPerNode', /the kubelet's max pods/],
  ])('%s', (_name, build, where, prop, decides) => {
    expectRejected(build, { where, prop, value: '"<unresolved token>"', problem: literal, fix: /pass a literal number/ });
    expect(rejection(build).message).toMatch(decides);
  });

  test('a token list of AZs is rejected; a literal count or list still synthesizes', () => {
    expectRejected((s) => network(s, { availabilityZones: new TerraformVariable(s, 'azs', { type: 'list(string)' }).listValue }), {
      where: 'Network (test/network)',
      prop: 'availabilityZones',
      value: '"<unresolved token>"',
      problem: /decides the subnets, NAT gateways and route tables/,
      fix: /pass a literal list of literal values/,
    });
    const stack = synthConstructs((s) => cache(s, { shards: 3 }));
    expect(onlyOf(stack, 'aws_elasticache_replication_group')).toMatchObject({ num_node_groups: 3 });
  });
});

describe('values from closed sets are checked, naming the allowed values', () => {
  test.each([['cache.r7g.3xlarge'], ['r7g.large'], ['db.r7g.large'], ['cache.t2.micro'], ['cache.m3.medium']])('ElastiCache node type %s', (nodeType) => {
    expectRejected((s) => cache(s, { nodeType, protection: Protection.NON_PRODUCTION }), {
      where: 'RedisCluster (test/cache)',
      prop: 'nodeType',
      value: JSON.stringify(nodeType),
      problem: /is not an ElastiCache node type for new clusters/,
      fix: /use one of .*cache\.m7g\.large.*cache\.r7g\.4xlarge.*cache\.t4g\.micro/,
    });
  });

  test.each([['ELBSecurityPolicy-2016-08', /still allows TLS 1.0 or 1.1/], ['ELBSecurityPolicy-TLS13-1-1-2021-06', /still allows TLS 1.0 or 1.1/], ['ELBSecurityPolicy-TLS13-1-2-2099-01', /is not an ALB security policy name/], ['TLSv1.2_2021', /is not an ALB security policy name/]])(
    'ALB SSL policy %s',
    (sslPolicy, problem) => {
      expectRejected((s) => edge(s, { tls: { hostedZone: { zoneId: 'Z0123456789ABC', zoneName: 'prod.example.com' }, sslPolicy } }), {
        where: 'AlbNginxTier (test/edge)',
        prop: 'tls.sslPolicy',
        value: JSON.stringify(sslPolicy),
        problem,
        fix: /use one of ELBSecurityPolicy-TLS13-1-3-2021-06, .*ELBSecurityPolicy-TLS-1-2-2017-01 \(TLS 1.2 and 1.3 only/,
      });
    },
  );

  test.each([['Europe/Berlim', /is not an IANA time zone/], ['utc', /is not spelled as the time zone database spells it \("UTC"\)/], ['europe/berlin', /spells it \("Europe\/Berlin"\)/], ['+01:00', /is not an IANA time zone/]])(
    'schedule time zone %s',
    (timeZone, problem) => {
      expectRejected((s) => asg(s, { scheduledScaling: [{ name: 'weekday-morning', recurrence: '0 7 * * MON-FRI', timeZone, minSize: 2 }] }), {
        where: 'AutoScalingGroup (test/asg)',
        prop: 'scheduledScaling[0].timeZone',
        value: JSON.stringify(timeZone),
        problem,
        fix: /IANA time zone name such as "Etc\/UTC"|use "(UTC|Europe\/Berlin)"/,
      });
    },
  );

  test.each<[string, Partial<NodeGroupSpec>, string, string, RegExp]>([
    ['a label key with a space', { labels: { 'work load': 'system' } }, 'nodeGroups[0].labels key', '"work load"', /is not a valid Kubernetes label key/],
    ['a label name over 63 characters', { labels: { ['x'.repeat(64)]: 'system' } }, 'nodeGroups[0].labels key', JSON.stringify('x'.repeat(64)), /is not a valid Kubernetes label key/],
    ['a reserved prefix', { labels: { 'kubernetes.io/role': 'system' } }, 'nodeGroups[0].labels key', '"kubernetes.io/role"', /reserved prefix kubernetes.io\//],
    ['a label value ending in a dash', { labels: { workload: 'system-' } }, 'nodeGroups[0].labels.workload', '"system-"', /is not a valid Kubernetes label value/],
    ['a taint key with two slashes', { taints: [{ key: 'a/b/c', value: 'x', effect: TaintEffect.NO_SCHEDULE }] }, 'nodeGroups[0].taints[0].key', '"a/b/c"', /is not a valid Kubernetes label key/],
  ])('Kubernetes labels: %s', (_name, group, prop, value, problem) => {
    expectRejected((s) => cluster(s, group), { where: 'EksCluster (test/eks)', prop, value, problem, fix: /names and values start and end with a letter or digit|use your own prefix/ });
  });

  test.each<[string, string[], string, string, RegExp, RegExp]>([
    ['an AZ of another Region than the provider', ['eu-west-1a', 'eu-west-1b'], 'availabilityZones[0]', '"eu-west-1a"', /is in eu-west-1, not in the stack's Region us-east-1/, /use AZs of us-east-1 \(such as "us-east-1a"\), or deploy the stack to eu-west-1/],
    ['a zone id', ['use1-az1', 'use1-az2'], 'availabilityZones[0]', '"use1-az1"', /is not an availability zone name/, /not zone ids like "use1-az1"/],
    ['a Region that does not exist', ['us-east-9a', 'us-east-9b'], 'availabilityZones[0] (its Region)', '"us-east-9"', /is not an AWS Region code/, /nearest: us-east-1, us-east-2/],
    ['a Local Zone', ['us-east-1-bos-1a', 'us-east-1a'], 'availabilityZones[0]', '"us-east-1-bos-1a"', /is not an availability zone name/, /not Local Zones/],
  ])('Network AZs: %s', (_name, availabilityZones, prop, value, problem, fix) => {
    expectRejected((s) => network(s, { availabilityZones }), { where: 'Network (test/network)', prop, value, problem, fix });
  });

  test.each([['eu-west-9'], ['us-gov-central-1'], ['eu-west-1a']])('environment config Region %s', (region) => {
    expect(() => validateEnvironmentConfig({ ...shop, region, availabilityZones: [`${region}a`, `${region}b`] })).toThrow(ValidationError);
    expect(() => validateEnvironmentConfig({ ...shop, region, availabilityZones: [`${region}a`, `${region}b`] })).toThrow(/region = .* (is not an AWS Region code|is not an AWS region name)/);
  });

  test.each([['ami-123'], ['ami-0123456789ABCDEF0'], ['0123456789abcdef0'], ['resolve:ssm:'], ['ami-0123456789abcdef01']])('AMI id %s', (imageId) => {
    expectRejected((s) => asg(s, { imageId }), {
      where: 'AutoScalingGroup (test/asg)',
      prop: 'imageId',
      value: JSON.stringify(imageId),
      problem: /is not an AMI id/,
      fix: /"ami-" and 8 or 17 lower-case hex digits .* or "resolve:ssm:<parameter>"/,
    });
    expectRejected((s) => edge(s, { imageId }), { where: 'AlbNginxTier (test/edge)', prop: 'imageId', value: JSON.stringify(imageId), problem: /is not an AMI id/, fix: /"ami-" and 8 or 17/ });
  });

  test.each<[string, (scope: Construct) => void, string, RegExp]>([
    ['RedisCluster engine as a string', (s) => cache(s, { engineVersion: '8.0' as never }), 'RedisCluster (test/cache)', /CacheEngineVersion.VALKEY_8_0, CacheEngineVersion.VALKEY_7_2, CacheEngineVersion.REDIS_7_1/],
    ['RedisCluster engine as a look-alike object', (s) => cache(s, { engineVersion: { engine: 'valkey', version: '9.0', parameterGroupFamily: 'valkey9' } as never }), 'RedisCluster (test/cache)', /CacheEngineVersion.VALKEY_8_0/],
    ['RdsWithReplicas engine as a string', (s) => database(s, { engineVersion: '16' as never }), 'RdsWithReplicas (test/db)', /PostgresEngineVersion.VER_16, .*PostgresEngineVersion.of\("<major>"\)/],
  ])('engine versions: %s', (_name, build, where, fix) => {
    const error = rejection(build);
    expect(error.where).toBe(where);
    expect(error.prop).toBe('engineVersion');
    expect(error.message).toMatch(/engineVersion = .* is not a (CacheEngineVersion|PostgresEngineVersion)\. Fix: pass one of /);
    expect(error.message).toMatch(fix);
  });

  test('the lists hold what the library uses and nothing older than TLS 1.2', () => {
    expect(ELASTICACHE_NODE_TYPES).toEqual(expect.arrayContaining(['cache.r7g.large', 'cache.r7g.4xlarge', 'cache.m7g.4xlarge', 'cache.t4g.micro']));
    expect(ELASTICACHE_NODE_TYPES.filter((t) => /^cache\.(t2|m3|r3|m1|c1|t1)\./.test(t))).toEqual([]);
    expect(ALB_TLS12_SSL_POLICIES).toContain('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(ALB_TLS12_SSL_POLICIES.filter((p) => /2016-08|TLS-1-[01]-|TLS13-1-[01]-/.test(p))).toEqual([]);
  });
});

describe('architecture mismatches between the instance type and the image are errors', () => {
  test.each<[string, (scope: Construct) => void, string, string, string, RegExp]>([
    ['AlbNginxTier: arm64 type, pinned x86_64 image', (s) => edge(s, { imageId: AL2023_AMI.x86_64 }), 'AlbNginxTier (test/edge)', 'fleet.instanceType', '"c7g.xlarge"', /is an arm64 instance type, but imageId .* is an x86_64 image/],
    ['AlbNginxTier: x86_64 type, pinned arm64 image', (s) => edge(s, { fleet: { ...EDGE.fleet!, instanceType: 'c7i.xlarge' }, imageId: AL2023_AMI.arm64 }), 'AlbNginxTier (test/edge)', 'fleet.instanceType', '"c7i.xlarge"', /is an x86_64 instance type, but imageId .* is an arm64 image/],
    ['AutoScalingGroup: x86_64 type, arm64 image', (s) => asg(s, { instanceType: 'm7i.large', imageId: AL2023_AMI.arm64 }), 'AutoScalingGroup (test/asg)', 'instanceType', '"m7i.large"', /is an x86_64 instance type, but imageId/],
    ['AutoScalingGroup: Spot types of the other architecture', (s) => asg(s, { spot: { instanceTypes: ['c7g.xlarge', 'c6i.xlarge'] } }), 'AutoScalingGroup (test/asg)', 'spot.instanceTypes[1]', '"c6i.xlarge"', /is an x86_64 instance type, but imageId \(default, from instanceType\)/],
  ])('%s', (_name, build, where, prop, value, problem) => {
    expectRejected(build, { where, prop, value, problem, fix: /use an? (arm64|x86_64) type.* or leave imageId/ });
  });

  test('without imageId the fleet gets the Amazon Linux 2023 image of its type\'s architecture; a raw AMI id is taken as given', () => {
    const arm = synthConstructs((s) => edge(s, {}));
    expect(onlyOf(arm, 'aws_launch_template')).toMatchObject({ image_id: AL2023_AMI.arm64, instance_type: 'c7g.xlarge' });
    const x86 = synthConstructs((s) => edge(s, { fleet: { ...EDGE.fleet!, instanceType: 'c7i.xlarge' } }));
    expect(onlyOf(x86, 'aws_launch_template')).toMatchObject({ image_id: AL2023_AMI.x86_64, instance_type: 'c7i.xlarge' });
    const pinned = synthConstructs((s) => edge(s, { imageId: 'ami-0123456789abcdef0' }));
    expect(allOf(pinned, 'aws_launch_template').map((t) => t.image_id)).toEqual(['ami-0123456789abcdef0']);
  });

  test.each([
    ['c7g.2xlarge', 'arm64'],
    ['m7gd.large', 'arm64'],
    ['c6gn.xlarge', 'arm64'],
    ['im4gn.large', 'arm64'],
    ['is4gen.medium', 'arm64'],
    ['a1.large', 'arm64'],
    ['g5g.xlarge', 'arm64'],
    ['c7i.2xlarge', 'x86_64'],
    ['m7i-flex.large', 'x86_64'],
    ['c7a.large', 'x86_64'],
    ['g5.xlarge', 'x86_64'],
    ['t3.large', 'x86_64'],
  ])('instanceArchitecture(%s) is %s', (type, arch) => {
    expect(instanceArchitecture(type)).toBe(arch);
  });

  test('imageArchitecture reads the architecture an SSM parameter names, and none from a raw AMI id', () => {
    expect([AL2023_AMI.arm64, AL2023_AMI.x86_64, 'ami-0123456789abcdef0', 'resolve:ssm:/my/golden-image'].map(imageArchitecture)).toEqual(['arm64', 'x86_64', undefined, undefined]);
  });
});
