import { tempDir, testApp } from '../support/temp';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlbNginxTier, AlbNginxTierProps } from '../../constructs/alb-nginx-tier';
import { ClusterMonitoring, ClusterMonitoringProps } from '../../constructs/cluster-monitoring';
import { Connections } from '../../constructs/connections';
import { EksCluster, EksClusterProps, KubernetesVersion, SupportType } from '../../constructs/eks-cluster';
import { ComputeTier, DataTier, EdgeTier, Environment, ServicesTier, WorkloadIdentities } from '../../constructs/environment';
import { NamespaceBaseline, NamespaceBaselineProps } from '../../constructs/namespace-baseline';
import { INetwork, Network, NetworkProps } from '../../constructs/network';
import { MasterPassword, RdsWithReplicas, RdsWithReplicasProps } from '../../constructs/rds-with-replicas';
import { ReadPooler, ReadPoolerProps, ServerTls } from '../../constructs/read-pooler';
import { RedisCluster, RedisClusterProps } from '../../constructs/redis-cluster';
import { ServiceIngress, ServiceIngressProps } from '../../constructs/service-ingress';
import { ServiceWorkload, ServiceWorkloadProps } from '../../constructs/service-workload';
import { CapacityPlan } from '../../lib/capacity';
import { planEnvironment } from '../../lib/config/environment';
import { ValidationError } from '../../lib/errors';
import { Protection } from '../../lib/protection';
import { dev, prod, staging } from '../../stacks/environments';
import { allOf, onlyOf, synthConstructs } from '../support/synth';

/**
 * The plan is the API: every sized construct takes its slice in `capacity`. These tests pass
 * the slices the way users get them wrong, by class: a slice of another environment's plan
 * (another AZ count, another environment name), a slice next to explicit sizes that
 * contradict it, and a tier wired to a construct of another stack. Each must fail at synth
 * with a ValidationError naming the construct's path, the prop, the value and the fix.
 */

const PROD: CapacityPlan = planEnvironment(prod);
const STAGING: CapacityPlan = planEnvironment(staging);
const DEV: CapacityPlan = planEnvironment(dev);
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod-main-master-AbCdEf';

/** The prod network, planned by the prod plan (so it knows it was planned for "prod"). */
function prodNetwork(scope: Construct, change: Partial<NetworkProps> = {}): Network {
  return new Network(scope, 'network', { name: 'prod', cidr: prod.vpcCidr, availabilityZones: [...prod.availabilityZones], minAvailabilityZones: 3, capacity: PROD.network, protection: Protection.NON_PRODUCTION, ...change });
}
const subnets = (tier: string, third: (i: number) => number, prefix: number) => ['a', 'b', 'c'].map((z, i) => ({ id: `subnet-${tier}-${z}`, availabilityZone: `us-east-1${z}`, cidr: `10.30.${third(i)}.0/${prefix}` }));
/** What a Network with `capacity: PROD.network` shows the constructs wired to it, without building one (fast). */
const PLANNED_NETWORK: INetwork = Network.fromAttributes({
  vpcId: 'vpc-1',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: subnets('pub', (i) => 192 + i * 4, 22),
  appSubnets: subnets('app', (i) => i * 64, 18),
  dataSubnets: subnets('data', (i) => 204 + i * 4, 22),
  plannedFor: 'prod',
});

function inStack(build: (scope: Construct) => void): () => void {
  return () => build(new TerraformStack(testApp(), 'test'));
}

const rds = (change: Partial<RdsWithReplicasProps>) =>
  inStack((s) => {
    new RdsWithReplicas(s, 'db', { identifier: 'prod-main', network: PLANNED_NETWORK, masterPassword: MasterPassword.fromEphemeralVariable(s, 'pw'), protection: Protection.NON_PRODUCTION, capacity: PROD.database, ...change });
  });
const cache = (change: Partial<RedisClusterProps>) =>
  inStack((s) => new RedisCluster(s, 'cache', { replicationGroupId: 'prod-cache', network: PLANNED_NETWORK, protection: Protection.NON_PRODUCTION, capacity: PROD.cache, ...change }));
const eks = (change: Partial<EksClusterProps>) =>
  inStack((s) => new EksCluster(s, 'eks', { name: 'prod', network: PLANNED_NETWORK, kubernetesVersion: KubernetesVersion.V1_33, supportType: SupportType.STANDARD, protection: Protection.NON_PRODUCTION, capacity: PROD.eks, ...change }));
const UPSTREAMS = [{ name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] }];
const edge = (change: Partial<AlbNginxTierProps>) =>
  inStack((s) => new AlbNginxTier(s, 'edge', { name: 'prod', network: PLANNED_NETWORK, protection: Protection.NON_PRODUCTION, upstreams: UPSTREAMS, capacity: { alb: PROD.alb, nginx: PROD.nginx }, ...change }));
const INGRESS_SERVICES = prod.services.map((svc, i) => ({ name: svc.name, pathPrefix: svc.pathPrefix, listenerPort: 8080 + i, targetPort: svc.containerPort, healthCheckPath: svc.readinessPath }));
const ingress = (change: Partial<ServiceIngressProps>) =>
  inStack((s) => new ServiceIngress(s, 'ingress', { name: 'prod', network: PLANNED_NETWORK, services: INGRESS_SERVICES, targets: Connections.fromSecurityGroupId(s, 'nodes', 'sg-nodes'), protection: Protection.NON_PRODUCTION, capacity: PROD.services, ...change }));
const WORKLOAD: ServiceWorkloadProps = { name: 'user-service', namespace: 'services', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/user-service:1.0.0', containerPort: 8080, livenessPath: '/health/live', readinessPath: '/health/ready', capacity: PROD.services['user-service'] };
const workload = (change: Partial<ServiceWorkloadProps>) => inStack((s) => new ServiceWorkload(s, 'svc', { ...WORKLOAD, ...change }));
const POOLER: ReadPoolerProps = {
  namespace: 'services', serverHost: 'reader.prod.db.internal', serverCidrs: ['10.30.192.0/22'], databaseName: 'app', serverUser: 'postgres', secretArn: SECRET_ARN,
  region: 'us-east-1', serverTls: ServerTls.require(), clientNamespaces: ['services'], capacity: PROD.readPooler,
};
const pooler = (change: Partial<ReadPoolerProps>) => inStack((s) => new ReadPooler(s, 'pooler', { ...POOLER, ...change }));
const namespace = (change: Partial<NamespaceBaselineProps>) =>
  inStack((s) => new NamespaceBaseline(s, 'ns', { name: 'services', ingressCidrs: ['10.30.0.0/18'], ingressPorts: [8080], capacity: PROD.servicesNamespace, ...change }));
const monitoring = (change: Partial<ClusterMonitoringProps>) =>
  inStack((s) => new ClusterMonitoring(s, 'monitoring', { capacity: PROD.monitoring, servicesNamespace: 'services', ...change }));

/** Runs `run` once and checks its ValidationError's message for every part and a fix. */
function expectInvalid(run: () => void, ...parts: (string | RegExp)[]): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  const message = (error as Error).message;
  for (const part of parts) {
    if (typeof part === 'string') expect(message).toContain(part);
    else expect(message).toMatch(part);
  }
  expect(message).toMatch(/Fix: /);
}

describe('sized constructs take their slice of the plan', () => {
  test('GIVEN only the slices THEN every construct builds, sized by the plan', () => {
    const stack = synthConstructs((s) => {
      const network = PLANNED_NETWORK;
      new RedisCluster(s, 'cache', { replicationGroupId: 'prod-cache', network, protection: Protection.NON_PRODUCTION, capacity: PROD.cache });
      new EksCluster(s, 'eks', { name: 'prod', network, kubernetesVersion: KubernetesVersion.V1_33, supportType: SupportType.STANDARD, protection: Protection.NON_PRODUCTION, capacity: PROD.eks, nodeGroupLabels: { workload: 'services' } });
    });
    expect(onlyOf(stack, 'aws_elasticache_replication_group')).toMatchObject({ node_type: PROD.cache.nodeType, num_node_groups: PROD.cache.shards, replicas_per_node_group: PROD.cache.replicasPerShard });
    const groups = allOf(stack, 'aws_eks_node_group');
    expect(groups.map((g) => g.scaling_config)).toEqual(PROD.eks.nodeGroups.map((g) => ({ min_size: g.minSize, desired_size: g.desiredSize, max_size: g.maxSize })));
    expect(groups.map((g) => (g.labels as Record<string, string>).workload)).toEqual(PROD.eks.nodeGroups.map(() => 'services'));
  });

  test('GIVEN explicit sizes equal to the slice, or explicit sizes alone THEN they are accepted', () => {
    expect(cache({ shards: PROD.cache.shards, nodeType: PROD.cache.nodeType })).not.toThrow();
    expect(cache({ capacity: undefined, nodeType: 'cache.r7g.large', shards: 2, replicasPerShard: 1 })).not.toThrow();
    expect(workload({ minReplicas: PROD.services['user-service'].minReplicas })).not.toThrow();
    expect(namespace({ quota: { pods: PROD.servicesNamespace.pods, cpuRequestMillicores: PROD.servicesNamespace.cpuRequestMillicores, memoryRequestMiB: PROD.servicesNamespace.memoryRequestMiB, cpuLimitMillicores: PROD.servicesNamespace.cpuLimitMillicores, memoryLimitMiB: PROD.servicesNamespace.memoryLimitMiB } })).not.toThrow();
  });

  describe('GIVEN a slice of another environment\'s plan THEN a ValidationError names the path, the prop and the fix', () => {
    test.each<[string, () => void, ...(string | RegExp)[]]>([
      ['Network: the dev (2-AZ) network slice over 3 AZs', inStack((s) => prodNetwork(s, { capacity: DEV.network })), 'test/network', 'capacity.azCount = 2 does not match the 3 AZs', 'Fix: pass the slice of the plan made for this environment'],
      ['RdsWithReplicas: the dev database slice on the prod network', rds({ capacity: DEV.database }), 'test/db', 'capacity.azCount = 2 does not match the 3 AZs'],
      ['RdsWithReplicas: the staging database slice on the network planned for prod', rds({ capacity: STAGING.database }), 'test/db', 'capacity.environment = "staging" is not the environment its network was planned for ("prod")', 'Fix: pass the slice of the "prod" plan'],
      ['RedisCluster: the staging cache slice', cache({ capacity: STAGING.cache }), 'test/cache', 'capacity.environment = "staging"'],
      ['RedisCluster: the dev cache slice', cache({ capacity: DEV.cache }), 'test/cache', 'capacity.azCount = 2'],
      ['EksCluster: the staging node groups', eks({ capacity: STAGING.eks }), 'test/eks', 'capacity.environment = "staging"'],
      ['EksCluster: the dev node groups (2 AZs)', eks({ capacity: DEV.eks }), 'test/eks', 'capacity.azCount = 2'],
      ['AlbNginxTier: the prod ALBs with the staging nginx fleet', edge({ capacity: { alb: PROD.alb, nginx: STAGING.nginx } }), 'test/edge', 'capacity.nginx.environment = "staging"'],
      ['AlbNginxTier: the dev ALBs', edge({ capacity: { alb: DEV.alb, nginx: PROD.nginx } }), 'test/edge', 'capacity.alb.azCount = 2'],
      ['ServiceIngress: the dev services', ingress({ capacity: DEV.services }), 'test/ingress', /capacity\.[a-z-]+\.azCount = 2/],
      ['ServiceWorkload: another service\'s slice', workload({ capacity: PROD.services['api-gateway'] }), 'test/svc', 'capacity.name = "api-gateway" is not this workload\'s service ("user-service")', "Fix: pass plan.services['user-service']"],
      ['ReadPooler: not a slice at all', pooler({ capacity: { minReplicas: 2 } as never }), 'test/pooler', 'is not a slice of a capacity plan'],
    ])('%s', (_name, run, ...parts) => expectInvalid(run, ...parts));
  });

  describe('GIVEN a slice and explicit sizes that contradict it THEN a ValidationError shows both and the fix', () => {
    const users = PROD.services['user-service'];
    test.each<[string, () => void, ...(string | RegExp)[]]>([
      ['Network: fewer required app addresses', inStack((s) => prodNetwork(s, { requiredAppAddressesPerAz: 10 })), 'test/network', `requiredAppAddressesPerAz = 10 contradicts the capacity plan (capacity gives ${PROD.network.appAddressesPerAz})`],
      ['RdsWithReplicas: one replica', rds({ replicaCount: 1 }), 'test/db', `replicaCount = 1 contradicts the capacity plan (capacity gives ${PROD.database.replicaCount})`, 'Fix: leave replicaCount out'],
      ['RdsWithReplicas: a smaller class', rds({ instanceClass: 'db.r7g.large' }), 'test/db', `instanceClass = "db.r7g.large" contradicts the capacity plan (capacity gives "${PROD.database.primaryInstanceClass}")`],
      ['RdsWithReplicas: Multi-AZ off', rds({ multiAz: false }), 'test/db', 'multiAz = false contradicts the capacity plan (capacity gives true)'],
      ['RedisCluster: one shard', cache({ shards: 1 }), 'test/cache', `shards = 1 contradicts the capacity plan (capacity gives ${PROD.cache.shards})`],
      ['EksCluster: hand-written node groups', eks({ nodeGroups: [{ name: 'one', instanceTypes: ['c7g.large'], availabilityZone: 'us-east-1a', minSize: 1, desiredSize: 1, maxSize: 2, maxPodsPerNode: 29 }] }), 'test/eks', 'nodeGroups = [{', 'contradicts the capacity plan', 'Fix: leave nodeGroups out'],
      ['EksCluster: Container Insights off although the plan reserved it', eks({ containerInsights: !PROD.eks.containerInsights }), 'test/eks', `containerInsights = ${!PROD.eks.containerInsights} contradicts`],
      ['AlbNginxTier: one ALB', edge({ albCount: 1 }), 'test/edge', `albCount = 1 contradicts the capacity plan (capacity gives ${PROD.alb.count})`],
      ['AlbNginxTier: another instance type', edge({ fleet: { instanceType: 'c7g.large', minSize: PROD.nginx.minSize, desiredCapacity: PROD.nginx.desiredCapacity, maxSize: PROD.nginx.maxSize, requestsPerInstancePerMinute: PROD.nginx.requestCountPerTargetPerMinute, workerConnections: PROD.nginx.workerConnections } }), 'test/edge', `fleet.instanceType = "c7g.large" contradicts the capacity plan (capacity gives "${PROD.nginx.instanceType}")`],
      ['ServiceIngress: a smaller target bound', ingress({ services: INGRESS_SERVICES.map((s) => ({ ...s, maxTargets: 1 })) }), 'test/ingress', `services[0].maxTargets = 1 contradicts the capacity plan (capacity gives ${PROD.services[INGRESS_SERVICES[0].name].maxReplicas})`],
      ['ServiceWorkload: a fixed replica count', workload({ minReplicas: 2 }), 'test/svc', `minReplicas = 2 contradicts the capacity plan (capacity gives ${users.minReplicas})`],
      ['ServiceWorkload: a CPU limit factor the plan does not give', workload({ cpuLimitFactor: 8 }), 'test/svc', `cpuLimitFactor = 8 contradicts the capacity plan (capacity gives a CPU limit of ${users.cpuLimitMillicores}m`],
      ['ReadPooler: more pods', pooler({ maxReplicas: PROD.readPooler!.maxReplicas + 1 }), 'test/pooler', `maxReplicas = ${PROD.readPooler!.maxReplicas + 1} contradicts the capacity plan`],
      ['NamespaceBaseline: a smaller quota', namespace({ quota: { cpuRequestMillicores: 1000, memoryRequestMiB: 1024, cpuLimitMillicores: 2000, memoryLimitMiB: 1024, pods: 10 } }), 'test/ns', 'quota = {"cpuRequestMillicores":1000', 'contradicts the capacity plan'],
      ['ClusterMonitoring: other node bounds', monitoring({ nodePlan: { expectedNodesMin: 1, expectedNodesMax: 2 } }), 'test/monitoring', 'nodePlan = {"expectedNodesMin":1,"expectedNodesMax":2} contradicts the capacity plan'],
      ['ClusterMonitoring: non-production guardrails with a high-availability plan', monitoring({ protection: Protection.NON_PRODUCTION }), 'test/monitoring', 'protection = "Protection.NON_PRODUCTION" contradicts the capacity plan (capacity.highAvailability is true'],
      ['ClusterMonitoring: the plan without the services\' namespace', monitoring({ servicesNamespace: undefined }), 'test/monitoring', 'servicesNamespace = undefined is required with capacity'],
    ])('%s', (_name, run, ...parts) => expectInvalid(run, ...parts));

    test('GIVEN neither a slice nor a required size THEN the error asks for the slice or the size', () => {
      expectInvalid(cache({ capacity: undefined }), 'test/cache', 'nodeType = undefined is required without capacity', 'Fix: pass capacity (a slice of the capacity plan), or nodeType itself');
      expectInvalid(workload({ capacity: undefined }), 'test/svc', 'is required without capacity');
      expectInvalid(edge({ capacity: undefined }), 'test/edge', 'fleet = undefined is required', 'Fix: pass capacity: { alb: plan.alb, nginx: plan.nginx }');
    });
  });

  describe('GIVEN a tier wired to a construct of another stack THEN a ValidationError names the tier, the prop and the fix', () => {
    // One environment in one app; each tier below is built in a second stack of that app.
    const app = new App({ outdir: tempDir('cdktf.outdir.'), skipValidation: true });
    const env = new Environment(app, 'prod', { config: prod, policy: false });
    const aws = env.aws;
    const other = () => new TerraformStack(app, `other-${Math.random().toString(36).slice(2)}`);
    const protection = Protection.PRODUCTION;

    test.each<[string, () => void, ...(string | RegExp)[]]>([
      ['DataTier: the network of another stack', () => new DataTier(other(), 'data', { name: 'prod', network: aws.network, database: PROD.database, cache: PROD.cache, protection, clients: [] }), /\/data\): network = "Network \(prod\/prod\/network\)" is in stack "prod"/, 'Fix: build network in stack'],
      ['ComputeTier: the network of another stack', () => new ComputeTier(other(), 'compute', { name: 'prod', project: prod.project, network: aws.network, eks: PROD.eks, services: prod.services, servicePlans: PROD.services, kubernetesVersion: KubernetesVersion.V1_33, protection }), /\/compute\): network = "Network \(prod\/prod\/network\)" is in stack "prod"/],
      ['EdgeTier: the network of another stack', () => new EdgeTier(other(), 'edge', { name: 'prod', network: aws.network, domain: prod.domain, alb: PROD.alb, nginx: PROD.nginx, ingress: aws.compute.ingress, protection }), /\/edge\): network = "Network \(prod\/prod\/network\)" is in stack "prod"/],
      ['EdgeTier: the internal NLB of another stack', () => {
        const s = other();
        const network = new Network(s, 'network', { name: 'prod', cidr: prod.vpcCidr, availabilityZones: [...prod.availabilityZones], capacity: PROD.network });
        new EdgeTier(s, 'edge', { name: 'prod', network, domain: prod.domain, alb: PROD.alb, nginx: PROD.nginx, ingress: aws.compute.ingress, protection });
      }, /\/edge\): ingress = "ServiceIngress \(prod\/prod\/compute\/service-ingress\)" is in stack "prod"/],
      ['WorkloadIdentities: the cluster, database and cache of another stack', () => new WorkloadIdentities(other(), 'identities', { name: 'prod', region: prod.region, cluster: aws.compute.eks, database: aws.data.database, cache: aws.data.cache, services: PROD.services, monitoring: aws.monitoring }), /\/identities\): cluster = "EksCluster \(prod\/prod\/compute\/eks\)" is in stack "prod"/],
      ['ServicesTier: the controllers of another stack', () => {
        const platform = env.platform;
        new ServicesTier(other(), 'services', {
          name: 'prod', region: prod.region, services: prod.services, servicePlans: PROD.services, readPooler: PROD.readPooler, quota: PROD.servicesNamespace,
          repositoryUrls: {}, targetGroupArns: {}, appSubnetCidrs: [], dataSubnetCidrs: [],
          database: { readerEndpoint: 'r', proxyEndpoint: 'p', port: 5432, databaseName: 'app', masterUsername: 'postgres', secretArn: SECRET_ARN },
          controllers: platform.controllers, monitoring: platform.monitoring, dataStoreUsers: {}, cache: { host: 'c', port: 6379 }, production: true,
        });
      }, /\/services\): controllers = "ClusterControllers \(prod\/prod-platform\/controllers\)" is in stack "prod-platform"/],
    ])('%s', (_name, run, ...parts) => expectInvalid(run, ...parts));

    test('GIVEN the services tier with a read pooler slice of another plan THEN it names the slice and the quota it disagrees with', () => {
      const run = () => new ServicesTier(env.platform, `services-${Math.random().toString(36).slice(2)}`, {
        name: 'prod', region: prod.region, services: prod.services, servicePlans: PROD.services, readPooler: STAGING.readPooler, quota: PROD.servicesNamespace,
        repositoryUrls: {}, targetGroupArns: {}, appSubnetCidrs: [], dataSubnetCidrs: [],
        database: { readerEndpoint: 'r', proxyEndpoint: 'p', port: 5432, databaseName: 'app', masterUsername: 'postgres', secretArn: SECRET_ARN },
        controllers: env.platform.controllers, monitoring: env.platform.monitoring, dataStoreUsers: {}, cache: { host: 'c', port: 6379 }, production: true,
      });
      expectInvalid(run, 'readPooler.environment = "staging" is not the environment its quota (plan.servicesNamespace) was planned for ("prod")');
    });
  });
});
