import { Network } from '../../../constructs/network';
import { CacheEngineVersion, CacheScalingDimension, CacheUser, RedisCluster, RedisClusterProps } from '../../../constructs/redis-cluster';
import { allOf, countOf, onlyOf, synthConstructs } from '../../support/synth';
import { Protection } from '../../../lib/protection';
import { Connections } from '../../../constructs/connections';
import { PolicyStatement } from '../../../lib/iam';

const NETWORK = Network.fromAttributes({
  vpcId: 'vpc-123',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: [],
  appSubnets: [],
  dataSubnets: [
    { id: 'subnet-a', availabilityZone: 'us-east-1a', cidr: '10.30.204.0/22' },
    { id: 'subnet-b', availabilityZone: 'us-east-1b', cidr: '10.30.208.0/22' },
    { id: 'subnet-c', availabilityZone: 'us-east-1c', cidr: '10.30.212.0/22' },
  ],
});

function synthCache(props: Partial<Omit<RedisClusterProps, 'network'>> = {}, then?: (cache: RedisCluster) => void) {
  let cache: RedisCluster | undefined;
  const stack = synthConstructs((scope) => {
    cache = new RedisCluster(scope, 'cache', {
      replicationGroupId: 'prod-cache',
      network: NETWORK,
      nodeType: 'cache.r7g.4xlarge',
      shards: 4,
      replicasPerShard: 2,
      protection: Protection.PRODUCTION,
      clients: [Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes')],
      ...props,
    });
    then?.(cache);
  });
  return { stack, cache: cache! };
}

describe('RedisCluster', () => {
  describe('GIVEN a production cluster of 4 shards x 2 replicas', () => {
    const { stack, cache } = synthCache();
    const group = onlyOf(stack, 'aws_elasticache_replication_group');

    test('THEN it is Valkey 8.0 in cluster mode with the planned shards and replicas', () => {
      expect(group).toMatchObject({
        engine: 'valkey',
        engine_version: '8.0',
        cluster_mode: 'enabled',
        node_type: 'cache.r7g.4xlarge',
        num_node_groups: 4,
        replicas_per_node_group: 2,
        auto_minor_version_upgrade: 'true',
      });
    });

    test('THEN it fails over automatically across AZs', () => {
      expect(group).toMatchObject({ automatic_failover_enabled: true, multi_az_enabled: true });
    });

    test('THEN data is encrypted at rest with the rotating key and TLS is required in transit', () => {
      expect(group).toMatchObject({ at_rest_encryption_enabled: 'true', transit_encryption_enabled: true, transit_encryption_mode: 'required' });
      expect(String(group.kms_key_id)).toContain('aws_kms_key');
      expect(onlyOf(stack, 'aws_kms_key').enable_key_rotation).toBe(true);
    });

    test('THEN clients authenticate with IAM through an RBAC user group; no password or AUTH token exists', () => {
      expect(group.auth_token).toBeUndefined();
      expect(group.user_group_ids).toHaveLength(1);
      const users = allOf(stack, 'aws_elasticache_user');
      const app = users.find((u) => u.user_name !== 'default')!;
      expect(app).toMatchObject({ user_id: 'prod-cache-app', user_name: 'prod-cache-app', authentication_mode: { type: 'iam' }, engine: 'valkey' });
      const defaultUser = users.find((u) => u.user_name === 'default')!;
      expect(defaultUser.access_string).toBe('off -@all');
      expect(users.every((u) => u.passwords === undefined)).toBe(true);
      expect(JSON.stringify(stack)).not.toMatch(/"(passwords|auth_token)"/);
      expect(cache.secretArn).toBeUndefined();
      expect(cache.applicationUserName).toBe('prod-cache-app');
    });

    test('THEN the custom parameter group enables cluster mode, matches the engine family and is replaced before destroyed', () => {
      const params = onlyOf(stack, 'aws_elasticache_parameter_group');
      expect(params.family).toBe('valkey8');
      expect(params.parameter).toEqual(expect.arrayContaining([{ name: 'cluster-enabled', value: 'yes' }]));
      expect(params.lifecycle).toEqual({ create_before_destroy: true });
      expect(String(params.name)).toMatch(/^prod-cache-valkey8-[0-9a-f]{8}$/);
    });

    test('THEN slow and engine logs go to encrypted CloudWatch log groups', () => {
      const delivery = group.log_delivery_configuration as Record<string, unknown>[];
      expect(delivery.map((d) => d.log_type)).toEqual(['slow-log', 'engine-log']);
      expect(delivery.every((d) => d.destination_type === 'cloudwatch-logs' && d.log_format === 'json')).toBe(true);
      expect(allOf(stack, 'aws_cloudwatch_log_group').every((g) => String(g.kms_key_id).includes('aws_kms_key') && g.retention_in_days === 365)).toBe(true);
    });

    test('THEN snapshots, windows, final snapshot and prevent_destroy protect production data', () => {
      expect(group).toMatchObject({ snapshot_retention_limit: 7, snapshot_window: '03:00-04:00', maintenance_window: 'sun:06:00-sun:07:00', final_snapshot_identifier: 'prod-cache-final' });
      expect(group.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('THEN it lives in the data subnets and admits only the client security group', () => {
      expect(onlyOf(stack, 'aws_elasticache_subnet_group').subnet_ids).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
      const ingress = onlyOf(stack, 'aws_vpc_security_group_ingress_rule');
      expect(ingress).toMatchObject({ referenced_security_group_id: 'sg-nodes', from_port: 6379, to_port: 6379 });
      expect(countOf(stack, 'aws_appautoscaling_target')).toBe(0);
    });
  });

  test('GIVEN a dev cluster without replicas THEN Multi-AZ is off, nothing is kept on destroy', () => {
    const { stack } = synthCache({ replicationGroupId: 'dev-cache', protection: Protection.NON_PRODUCTION, replicasPerShard: 0, shards: 1, nodeType: 'cache.t4g.small' });
    const group = onlyOf(stack, 'aws_elasticache_replication_group');
    expect(group).toMatchObject({ multi_az_enabled: false, snapshot_retention_limit: 1, at_rest_encryption_enabled: 'true' });
    expect(group.final_snapshot_identifier).toBeUndefined();
    expect(group.lifecycle).toBeUndefined();
  });

  describe('protection', () => {
    test('GIVEN no protection THEN production is the default: prevent_destroy, a final snapshot, a week of snapshots, a year of logs', () => {
      const { stack } = synthCache({ protection: undefined });
      expect(onlyOf(stack, 'aws_elasticache_replication_group')).toMatchObject({ snapshot_retention_limit: 7, final_snapshot_identifier: 'prod-cache-final', lifecycle: { prevent_destroy: true } });
      expect(allOf(stack, 'aws_cloudwatch_log_group').map((g) => [g.retention_in_days, g.lifecycle])).toEqual([
        [365, { prevent_destroy: true }],
        [365, { prevent_destroy: true }],
      ]);
    });

    test('GIVEN the default protection and no replicas THEN the error says how to opt out', () => {
      expect(() => synthCache({ protection: undefined, replicasPerShard: 0 })).toThrow(
        'replicasPerShard = 0 is out of range (production needs at least one replica per shard for Multi-AZ failover; ElastiCache allows at most 5). Fix: pass a value from 1 to 5, or pass protection: Protection.NON_PRODUCTION',
      );
      expect(() => synthCache({ protection: undefined, snapshotRetentionDays: 0 })).toThrow(/snapshotRetentionDays = 0 is out of range .*production keeps at least 1\)\. Fix: .*or pass protection: Protection.NON_PRODUCTION/);
      expect(() => synthCache({ protection: Protection.PRODUCTION.with({ cacheSnapshotRetentionDays: 0 }) })).toThrow(/protection.cacheSnapshotRetentionDays = 0 is out of range/);
    });

    test('GIVEN a changed preset THEN snapshots and logs follow it', () => {
      const { stack } = synthCache({ protection: Protection.NON_PRODUCTION.with({ cacheSnapshotRetentionDays: 3, logRetentionDays: 14 }) });
      expect(onlyOf(stack, 'aws_elasticache_replication_group').snapshot_retention_limit).toBe(3);
      expect(allOf(stack, 'aws_cloudwatch_log_group').every((g) => g.retention_in_days === 14 && g.lifecycle === undefined)).toBe(true);
    });

    test('GIVEN the old preventDestroy-style flag (JavaScript) THEN synth fails with the migration', () => {
      expect(() => synthCache({ production: true } as Partial<RedisClusterProps>)).toThrow(/production = true is no longer a prop: one protection setting replaced it\. Fix: pass protection: Protection\.forEnvironment\(true\)/);
    });
  });

  describe('per-service users and grants', () => {
    const grantee = () => {
      const statements: PolicyStatement[] = [];
      return { statements, addToPrincipalPolicy: (st: PolicyStatement) => void statements.push(st) };
    };

    test('GIVEN a user per service THEN each is an IAM user in the group with its own access string, and a grant names the group and that user only', () => {
      const g = grantee();
      let orders: CacheUser | undefined;
      const { stack, cache } = synthCache({}, (c) => {
        orders = c.addUser('orders', 'on ~orders:* +@all -@dangerous');
        c.addUser('users', 'on ~users:* +@read');
        c.grantConnect(g, orders);
      });
      const users = Object.fromEntries(allOf(stack, 'aws_elasticache_user').map((u) => [u.user_id, u]));
      expect(users['prod-cache-orders']).toEqual({ user_id: 'prod-cache-orders', user_name: 'prod-cache-orders', engine: 'valkey', access_string: 'on ~orders:* +@all -@dangerous', authentication_mode: { type: 'iam' } });
      expect(users['prod-cache-users'].access_string).toBe('on ~users:* +@read');
      expect((onlyOf(stack, 'aws_elasticache_user_group').user_ids as string[]).map((id) => id.replace(/^\$\{aws_elasticache_user\.cache_(.+)_[0-9A-F]{8}\.user_id\}$/, '$1'))).toEqual(['default-user', 'app-user', 'user-orders', 'user-users']);
      expect(g.statements.map((st) => st.toJson())).toEqual([{ Sid: 'ConnectToCache', Effect: 'Allow', Action: 'elasticache:Connect', Resource: [cache.replicationGroupArn, orders!.userArn] }]);
      expect(orders!.userName).toBe('prod-cache-orders');
    });

    test('GIVEN the application user THEN it can be granted too', () => {
      const g = grantee();
      synthCache({}, (c) => c.grantConnect(g, c.applicationUser));
      expect(g.statements[0].resources).toHaveLength(2);
    });

    test.each([
      ['a name with upper case', (c: RedisCluster) => c.addUser('Orders', 'on ~* +@all'), /addUser\.name = "Orders" is not a valid cache user name\. Fix: use lower-case letters, digits and hyphens/],
      ['a name with a double hyphen', (c: RedisCluster) => c.addUser('order--svc', 'on ~* +@all'), /addUser\.name = "order--svc" is not a valid cache user name/],
      ['the reserved default user', (c: RedisCluster) => c.addUser('default', 'on ~* +@all'), /addUser\.name = "default" is reserved/],
      ['the reserved application user', (c: RedisCluster) => c.addUser('app', 'on ~* +@all'), /addUser\.name = "app" is reserved/],
      ['the same user twice', (c: RedisCluster) => [c.addUser('orders', 'on ~* +@all'), c.addUser('orders', 'on ~* +@all')], /addUser\.name = "orders" is a user of this cluster already/],
      ['an access string without on/off', (c: RedisCluster) => c.addUser('orders', '~orders:* +@all'), /addUser\.accessString = "~orders:\* \+@all" does not start with "on" or "off"/],
      ['a grant to something that is not a grantee', (c: RedisCluster) => c.grantConnect(c as never, c.applicationUser), /grantConnect\.grantee = "test\/cache" is not a grantee/],
      ['a grant to a role ARN string', (c: RedisCluster) => c.grantConnect('arn:aws:iam::123456789012:role/x' as never, c.applicationUser), /grantConnect\.grantee = "arn:aws:iam::123456789012:role\/x" is not a grantee/],
      ['a grant for a user name string (JS)', (c: RedisCluster) => c.grantConnect(grantee(), 'prod-cache-app' as never), /grantConnect\.user = "prod-cache-app" is not a user of this cluster.*Fix: pass the CacheUser that addUser/],
      ['a grant for a look-alike user object', (c: RedisCluster) => c.grantConnect(grantee(), { userName: 'prod-cache-app', userArn: 'arn', accessString: 'on' }), /grantConnect\.user = "prod-cache-app" is not a user of this cluster/],
    ] as [string, (c: RedisCluster) => unknown, RegExp][])('GIVEN %s THEN synth fails naming it and the fix', (_, act, message) => {
      expect(() => synthCache({}, (c) => void act(c))).toThrow(message);
    });

    test('GIVEN a user of another cluster THEN the grant is refused', () => {
      expect(() =>
        synthConstructs((scope) => {
          const other = new RedisCluster(scope, 'other', { replicationGroupId: 'other-cache', network: NETWORK, nodeType: 'cache.r7g.large', shards: 1, replicasPerShard: 1 });
          const mine = new RedisCluster(scope, 'cache', { replicationGroupId: 'prod-cache', network: NETWORK, nodeType: 'cache.r7g.large', shards: 1, replicasPerShard: 1 });
          mine.grantConnect(grantee(), other.addUser('orders', 'on ~orders:* +@all'));
        }),
      ).toThrow(/RedisCluster \(test\/cache\): grantConnect\.user = "other-cache-orders" is not a user of this cluster \(prod-cache-app\)/);
    });
  });

  test('GIVEN Redis 7.1 THEN engine and parameter family follow', () => {
    const { stack } = synthCache({ engineVersion: CacheEngineVersion.REDIS_7_1 });
    expect(onlyOf(stack, 'aws_elasticache_replication_group')).toMatchObject({ engine: 'redis', engine_version: '7.1' });
    expect(onlyOf(stack, 'aws_elasticache_parameter_group').family).toBe('redis7');
    expect(allOf(stack, 'aws_elasticache_user').every((u) => u.engine === 'redis')).toBe(true);
  });

  test('GIVEN shard auto scaling THEN a target-tracking policy scales node groups and Terraform ignores the count', () => {
    const { stack } = synthCache({ autoScaling: { dimension: CacheScalingDimension.SHARDS, minCapacity: 4, maxCapacity: 12 } });
    expect(onlyOf(stack, 'aws_appautoscaling_target')).toMatchObject({ service_namespace: 'elasticache', scalable_dimension: 'elasticache:replication-group:NodeGroups', min_capacity: 4, max_capacity: 12 });
    const policy = onlyOf(stack, 'aws_appautoscaling_policy');
    expect(policy.target_tracking_scaling_policy_configuration).toMatchObject({ target_value: 60, predefined_metric_specification: { predefined_metric_type: 'ElastiCachePrimaryEngineCPUUtilization' } });
    expect(onlyOf(stack, 'aws_elasticache_replication_group').lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['num_node_groups'] });
  });

  test('GIVEN replica auto scaling THEN Terraform ignores replicas_per_node_group', () => {
    const { stack } = synthCache({ autoScaling: { dimension: CacheScalingDimension.REPLICAS, minCapacity: 1, maxCapacity: 5 } });
    expect(onlyOf(stack, 'aws_elasticache_replication_group').lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['replicas_per_node_group'] });
  });

  describe('bad props fail at synth with the construct path, prop, limit and fix', () => {
    const cases: [string, Partial<RedisClusterProps>, RegExp][] = [
      ['id over 40 characters', { replicationGroupId: `a${'b'.repeat(40)}` }, /RedisCluster \(test\/cache\): replicationGroupId = "ab+" is 41 characters long; a replication group id is limited to 40\. Fix: shorten/],
      ['id with upper case', { replicationGroupId: 'Prod-Cache' }, /replicationGroupId = "Prod-Cache" is not a valid replication group id/],
      ['id with a double hyphen', { replicationGroupId: 'prod--cache' }, /replicationGroupId = "prod--cache" is not a valid/],
      ['more than 500 shards', { shards: 501, replicasPerShard: 0, protection: Protection.NON_PRODUCTION }, /shards = 501 is out of range \(ElastiCache allows at most 500 shards per cluster\)\. Fix: pass a value from 1 to 500/],
      ['more than 500 nodes', { shards: 200, replicasPerShard: 2 }, /shards = 200 x \(1 \+ 2 replicas\) = 600 nodes; ElastiCache allows at most 500 nodes per cluster/],
      ['more than 5 replicas', { replicasPerShard: 6 }, /replicasPerShard = 6 is out of range/],
      ['production without replicas', { replicasPerShard: 0 }, /replicasPerShard = 0 is out of range \(production needs at least one replica per shard/],
      ['port out of range', { port: 70_000 }, /port = 70000 is out of range \(a TCP port is 1 to 65535\)/],
      ['snapshots over 35 days', { snapshotRetentionDays: 40 }, /snapshotRetentionDays = 40 is out of range/],
      ['overlapping windows', { snapshotWindow: '06:00-07:00' }, /snapshotWindow = "06:00-07:00" overlaps maintenanceWindow/],
      ['bad node type', { nodeType: 'r7g.large' }, /nodeType = "r7g.large" is not an ElastiCache node type for new clusters \(did you mean "cache.r7g.large"\?\)\. Fix: use one of .*cache\.r7g\.large/],
      ['bad eviction policy', { maxmemoryPolicy: 'lru' }, /maxmemoryPolicy = "lru" is not supported/],
      ['auto scaling on t-types', { nodeType: 'cache.t4g.small', autoScaling: { dimension: CacheScalingDimension.SHARDS, minCapacity: 1, maxCapacity: 8 } }, /autoScaling = .* is not supported on cache.t4g.small/],
      ['auto scaling range excludes the start', { autoScaling: { dimension: CacheScalingDimension.SHARDS, minCapacity: 6, maxCapacity: 8 } }, /shards = 4 is outside autoScaling \[6, 8\]/],
    ];
    test.each(cases)('%s', (_label, props, message) => {
      expect(() => synthCache(props)).toThrow(message);
    });
  });
});
