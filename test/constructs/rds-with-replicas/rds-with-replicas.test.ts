import { TerraformStack, } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ServiceIdentity } from '../../../constructs/service-identity';
import { workloadServiceAccount } from '../../../constructs/service-workload/service-account';
import { PolicyStatement } from '../../../lib/iam';
import { Network } from '../../../constructs/network';
import { MasterPassword, PostgresEngineVersion, ProxyClientAuth, RdsWithReplicas, RdsWithReplicasProps, tunedParameters } from '../../../constructs/rds-with-replicas';
import { HOT_STANDBY_PARAMETERS } from '../../../constructs/rds-with-replicas/parameters';
import { allOf, countOf, onlyOf, resourcesOf, synthConstructs } from '../../support/synth';
import { Protection } from '../../../lib/protection';
import { Connections } from '../../../constructs/connections';
import { testApp } from '../../support/temp';

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

type Props = Omit<RdsWithReplicasProps, 'network' | 'masterPassword'> & { masterPassword?: MasterPassword | 'ephemeral' };

function synthDb(props: Partial<Props> = {}, then?: (scope: Construct, db: RdsWithReplicas) => void) {
  let db: RdsWithReplicas | undefined;
  const stack = synthConstructs((scope) => {
    const { masterPassword, ...rest } = { masterPassword: 'ephemeral' as const, ...props };
    db = new RdsWithReplicas(scope, 'db', {
      identifier: 'prod-main',
      network: NETWORK,
      instanceClass: 'db.r7g.8xlarge',
      replicaInstanceClass: 'db.r7g.4xlarge',
      replicaCount: 3,
      maxConnections: 5000,
      protection: Protection.PRODUCTION,
      clients: [Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes'), Connections.fromSecurityGroupId(scope, 'pods', 'sg-pods')],
      ...rest,
      masterPassword: masterPassword === 'ephemeral' ? MasterPassword.fromEphemeralVariable(scope as TerraformStack, 'db_master_password') : masterPassword,
    });
    then?.(scope, db);
  });
  return { stack, db: db! };
}

const instances = (stack: ReturnType<typeof synthDb>['stack']) => resourcesOf(stack, 'aws_db_instance');
const replicasOf = (stack: ReturnType<typeof synthDb>['stack']) => allOf(stack, 'aws_db_instance').filter((i) => i.replicate_source_db);
const primaryOf = (stack: ReturnType<typeof synthDb>['stack']) => allOf(stack, 'aws_db_instance').find((i) => !i.replicate_source_db)!;

describe('RdsWithReplicas', () => {
  describe('GIVEN a production primary with three replicas', () => {
    const { stack, db } = synthDb();

    test('THEN the primary is Multi-AZ PostgreSQL pinned to the major version, with extended support disabled', () => {
      const primary = primaryOf(stack);
      expect(primary).toMatchObject({
        engine: 'postgres',
        engine_version: '16',
        auto_minor_version_upgrade: true,
        engine_lifecycle_support: 'open-source-rds-extended-support-disabled',
        multi_az: true,
        instance_class: 'db.r7g.8xlarge',
        publicly_accessible: false,
      });
    });

    test('THEN the primary is protected: deletion protection, prevent_destroy, final snapshot, 14 days of backups', () => {
      const primary = primaryOf(stack);
      expect(primary).toMatchObject({ deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'prod-main-final', backup_retention_period: 14 });
      expect(primary.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('THEN the replicas are spread over the AZs with distinct, staggered maintenance windows', () => {
      const replicas = replicasOf(stack);
      expect(replicas).toHaveLength(3);
      expect(replicas.map((r) => r.availability_zone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
      const windows = [primaryOf(stack).maintenance_window, ...replicas.map((r) => r.maintenance_window)];
      expect(windows).toEqual(['sun:05:00-sun:05:30', 'sun:06:00-sun:06:30', 'sun:07:00-sun:07:30', 'sun:08:00-sun:08:30']);
      expect(replicas.every((r) => r.instance_class === 'db.r7g.4xlarge')).toBe(true);
    });

    test('THEN destroying a replica cannot fail on final-snapshot settings or deletion protection', () => {
      for (const replica of replicasOf(stack)) {
        expect(replica).toMatchObject({ skip_final_snapshot: true, deletion_protection: false, backup_retention_period: 0 });
        expect(replica.final_snapshot_identifier).toBeUndefined();
        expect(replica.lifecycle).toBeUndefined();
        expect(String(replica.replicate_source_db)).toContain('aws_db_instance.db_primary');
      }
    });

    test('THEN storage is encrypted gp3 with an autoscaling ceiling and a rotating key; PI is encrypted', () => {
      const primary = primaryOf(stack);
      expect(primary).toMatchObject({ storage_type: 'gp3', storage_encrypted: true, allocated_storage: 100, max_allocated_storage: 400, performance_insights_enabled: true });
      expect(String(primary.kms_key_id)).toContain('aws_kms_key');
      expect(String(primary.performance_insights_kms_key_id)).toContain('aws_kms_key');
      expect(primary.iops).toBeUndefined();
      expect(onlyOf(stack, 'aws_kms_key').enable_key_rotation).toBe(true);
    });

    test('THEN enhanced monitoring has its role and logs are exported to encrypted log groups', () => {
      const primary = primaryOf(stack);
      expect(primary.monitoring_interval).toBe(15);
      expect(String(primary.monitoring_role_arn)).toContain('aws_iam_role.db_monitoring-role');
      expect(primary.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
      const groups = allOf(stack, 'aws_cloudwatch_log_group');
      expect(groups.map((g) => g.name)).toContain('/aws/rds/instance/prod-main/postgresql');
      expect(groups.map((g) => g.name)).toContain('/aws/rds/instance/prod-main-replica-3/postgresql');
      expect(groups.every((g) => String(g.kms_key_id).includes('aws_kms_key'))).toBe(true);
    });

    test('THEN no password appears anywhere in the synthesized JSON: write-only argument from an ephemeral variable', () => {
      const primary = primaryOf(stack);
      expect(primary.password).toBeUndefined();
      expect(primary.manage_master_user_password).toBeUndefined();
      expect(String(primary.password_wo)).toContain('var.db_master_password');
      expect(primary.password_wo_version).toBe(1);
      const variable = (stack as { variable: Record<string, Record<string, unknown>> }).variable.db_master_password;
      expect(variable).toMatchObject({ ephemeral: true, sensitive: true, nullable: true });
      const text = JSON.stringify(stack);
      expect(text).not.toMatch(/"password"\s*:\s*"[^$]/);
      const version = onlyOf(stack, 'aws_secretsmanager_secret_version');
      expect(version.secret_string).toBeUndefined();
      expect(String(version.secret_string_wo)).toContain('var.db_master_password');
      expect(version.depends_on).toEqual([expect.stringMatching(/^aws_db_instance\.db_primary_/)]);
      expect(String(onlyOf(stack, 'aws_secretsmanager_secret').kms_key_id)).toContain('aws_kms_key');
    });

    test('THEN the parameter groups match the engine family, are replaced before destroyed, and mark static parameters pending-reboot', () => {
      const groups = allOf(stack, 'aws_db_parameter_group');
      expect(groups).toHaveLength(2);
      for (const group of groups) {
        expect(group.family).toBe('postgres16');
        expect(group.lifecycle).toEqual({ create_before_destroy: true });
        const params = group.parameter as { name: string; value: string; apply_method: string }[];
        const byName = Object.fromEntries(params.map((p) => [p.name, p]));
        expect(byName.max_connections).toEqual({ name: 'max_connections', value: '5000', apply_method: 'pending-reboot' });
        expect(byName.shared_buffers.apply_method).toBe('pending-reboot');
        expect(byName['rds.force_ssl'].value).toBe('1');
        expect(byName.log_min_duration_statement.value).toBe('1000');
      }
      // shared_buffers: 25% of 256 GiB (primary) and 128 GiB (replicas) in 8 kB pages.
      expect(db.primaryParameters.find((p) => p.name === 'shared_buffers')!.value).toBe(String((256 * 1024 * 1024) / 4 / 8));
      expect(db.replicaParameters.find((p) => p.name === 'shared_buffers')!.value).toBe(String((128 * 1024 * 1024) / 4 / 8));
      expect(db.replicaParameters.find((p) => p.name === 'hot_standby_feedback')!.value).toBe('1');
    });

    test('THEN RDS Proxy fronts the primary with TLS required, IAM client auth and the master secret', () => {
      const proxy = onlyOf(stack, 'aws_db_proxy');
      expect(proxy).toMatchObject({ engine_family: 'POSTGRESQL', require_tls: true, name: 'prod-main-proxy' });
      expect((proxy.auth as Record<string, unknown>[])[0]).toMatchObject({ auth_scheme: 'SECRETS', iam_auth: 'REQUIRED' });
      expect(onlyOf(stack, 'aws_db_proxy_default_target_group').connection_pool_config).toMatchObject({ max_connections_percent: 90 });
      expect(String(onlyOf(stack, 'aws_db_proxy_target').db_instance_identifier)).toContain('db_primary');
      expect(String(onlyOf(stack, 'aws_iam_role_policy').policy)).toContain('secretsmanager:GetSecretValue');
      expect(String(onlyOf(stack, 'aws_iam_role_policy').policy)).toContain('kms:Decrypt');
    });

    test('THEN only the proxy and the given client security groups reach PostgreSQL', () => {
      const ingress = allOf(stack, 'aws_vpc_security_group_ingress_rule');
      const sources = ingress.map((r) => String(r.referenced_security_group_id)).sort();
      expect(sources.filter((s) => s.startsWith('sg-'))).toEqual(['sg-nodes', 'sg-nodes', 'sg-pods', 'sg-pods']);
      expect(sources.filter((s) => !s.startsWith('sg-'))).toEqual([expect.stringContaining('aws_security_group.db_proxy-security-group')]);
      expect(ingress.every((r) => r.from_port === 5432 && r.to_port === 5432 && r.cidr_ipv4 === undefined)).toBe(true);
    });

    test('THEN consumers get typed endpoints', () => {
      expect(db.port).toBe(5432);
      expect(db.replicaEndpoints).toHaveLength(3);
      expect(db.secretArn).toMatch(/\$\{TfToken/);
    });
  });

  test('GIVEN no replicas and the default password THEN RDS manages the password with the construct key', () => {
    const { stack } = synthDb({ replicaCount: 0, masterPassword: undefined as unknown as MasterPassword });
    const primary = primaryOf(stack);
    expect(primary.manage_master_user_password).toBe(true);
    expect(String(primary.master_user_secret_kms_key_id)).toContain('aws_kms_key');
    expect(countOf(stack, 'aws_secretsmanager_secret')).toBe(0);
    expect(String((onlyOf(stack, 'aws_db_proxy').auth as Record<string, unknown>[])[0].secret_arn)).toContain('master_user_secret[0].secret_arn');
  });

  test('GIVEN a dev database THEN it is still encrypted but skips the final snapshot and can be destroyed', () => {
    const { stack } = synthDb({ identifier: 'dev-main', protection: Protection.NON_PRODUCTION, instanceClass: 'db.t4g.medium', replicaInstanceClass: undefined, replicaCount: 1, maxConnections: 400 });
    const primary = primaryOf(stack);
    expect(primary).toMatchObject({ storage_encrypted: true, skip_final_snapshot: true, deletion_protection: false, multi_az: false, backup_retention_period: 7 });
    expect(primary.lifecycle).toBeUndefined();
    expect(instances(stack)).toBeDefined();
  });

  describe('protection', () => {
    test('GIVEN no protection THEN production is the default: Multi-AZ, deletion protection, final snapshot, 14 days of backups, a year of logs', () => {
      const { stack } = synthDb({ protection: undefined });
      expect(primaryOf(stack)).toMatchObject({ multi_az: true, deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'prod-main-final', delete_automated_backups: false, backup_retention_period: 14, lifecycle: { prevent_destroy: true } });
      expect(allOf(stack, 'aws_cloudwatch_log_group').every((g) => g.retention_in_days === 365)).toBe(true);
      expect(onlyOf(stack, 'aws_secretsmanager_secret')).toMatchObject({ recovery_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      expect(onlyOf(stack, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
    });

    test('GIVEN Protection.NON_PRODUCTION THEN nothing is retained and the short figures apply', () => {
      const { stack } = synthDb({ protection: Protection.NON_PRODUCTION, multiAz: true });
      expect(primaryOf(stack)).toMatchObject({ deletion_protection: false, skip_final_snapshot: true, delete_automated_backups: true, backup_retention_period: 7 });
      expect(primaryOf(stack).final_snapshot_identifier).toBeUndefined();
      expect(allOf(stack, 'aws_cloudwatch_log_group').every((g) => g.retention_in_days === 30 && g.lifecycle === undefined)).toBe(true);
      expect(onlyOf(stack, 'aws_secretsmanager_secret').recovery_window_in_days).toBe(7);
      expect(onlyOf(stack, 'aws_kms_key').lifecycle).toBeUndefined();
    });

    test('GIVEN a changed preset THEN its figures flow in, and the construct\'s own override still wins', () => {
      const protection = Protection.PRODUCTION.with({ logRetentionDays: 731, databaseBackupRetentionDays: 21 });
      expect(primaryOf(synthDb({ protection }).stack).backup_retention_period).toBe(21);
      expect(allOf(synthDb({ protection }).stack, 'aws_cloudwatch_log_group').every((g) => g.retention_in_days === 731)).toBe(true);
      const overridden = synthDb({ protection, logRetentionDays: 90, backupRetentionDays: 10 }).stack;
      expect(primaryOf(overridden).backup_retention_period).toBe(10);
      expect(allOf(overridden, 'aws_cloudwatch_log_group').every((g) => g.retention_in_days === 90)).toBe(true);
    });

    test.each([
      ['Multi-AZ off', { multiAz: false }, 'multiAz = false is false in production (Protection.PRODUCTION): an AZ outage would stop writes until the instance is rebuilt. Fix: set multiAz: true (or leave it unset), or pass protection: Protection.NON_PRODUCTION'],
      ['a burstable class', { instanceClass: 'db.t4g.large' }, 'Fix: use a db.m7g, db.r7g or db.r6g class, or pass protection: Protection.NON_PRODUCTION'],
      ['short backups', { backupRetentionDays: 3 }, 'backupRetentionDays = 3 is out of range (production keeps 7 to 35 days; read replicas need backups on the source). Fix: pass a value from 7 to 35, or pass protection: Protection.NON_PRODUCTION'],
      ['short backups from the preset', { protection: Protection.PRODUCTION.with({ databaseBackupRetentionDays: 3 }) }, 'protection.databaseBackupRetentionDays = 3 is out of range (production keeps 7 to 35 days'],
    ] as [string, Partial<Props>, string][])('GIVEN the default protection and %s THEN the error says how to opt out', (_, props, message) => {
      expect(() => synthDb({ protection: undefined, ...props })).toThrow(message);
    });

    test('GIVEN Protection.NON_PRODUCTION THEN the production-only requirements do not apply', () => {
      expect(() => synthDb({ protection: Protection.NON_PRODUCTION, multiAz: false, instanceClass: 'db.t4g.large', replicaInstanceClass: undefined, backupRetentionDays: 1, maxConnections: 800 })).not.toThrow();
    });

    test('GIVEN the old production flag (JavaScript) THEN synth fails with the migration', () => {
      expect(() => synthDb({ protection: undefined, production: false } as Partial<Props>)).toThrow(
        'RdsWithReplicas (test/db): production = false is no longer a prop: one protection setting replaced it. Fix: pass protection: Protection.forEnvironment(false)',
      );
    });
  });

  describe('grantConnect', () => {
    const grantee = () => {
      const statements: PolicyStatement[] = [];
      return { statements, addToPrincipalPolicy: (s: PolicyStatement) => void statements.push(s) };
    };

    test('GIVEN a service role THEN it may rds-db:connect as the master user through the proxy, and nothing else', () => {
      let identity: ServiceIdentity | undefined;
      const { stack } = synthDb({ protection: undefined }, (scope, db) => {
        identity = new ServiceIdentity(scope, 'orders', { clusterName: 'prod', namePrefix: 'prod', serviceAccount: workloadServiceAccount('services', 'orders') });
        db.grantConnect(identity, 'postgres');
      });
      const proxy = Object.keys(resourcesOf(stack, 'aws_db_proxy'))[0];
      const field = (i: number) => `\${element(split(":", aws_db_proxy.${proxy}.arn), ${i})}`;
      const policy = allOf(stack, 'aws_iam_role_policy').find((p) => p.name === 'data-store-access')!.policy as string;
      // The document holds Terraform interpolations, so it is compared as text, not parsed.
      expect(policy).toBe(
        `{"Version":"2012-10-17","Statement":[{"Sid":"ConnectThroughRdsProxy","Effect":"Allow","Action":"rds-db:connect","Resource":"arn:${field(1)}:rds-db:${field(3)}:${field(4)}:dbuser:${field(6)}/postgres"}]}`,
      );
      expect(identity!.policyDocument.statementCount).toBe(1);
    });

    test('GIVEN per-service user secrets THEN a grant may name a service user', () => {
      const g = grantee();
      synthDb({ proxyUserSecretArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:orders-AbCdEf'] }, (_, db) => db.grantConnect(g, 'orders_svc'));
      expect(g.statements[0].resources[0]).toMatch(/:dbuser:.*\/orders_svc$/);
    });

    test.each([
      ['an ARN instead of a grantee', () => 'arn:aws:iam::123456789012:role/orders', 'postgres', /grantConnect\.grantee = "arn:aws:iam::123456789012:role\/orders" is not a grantee.*Fix: pass the role construct itself/],
      ['a construct that is not a grantee', undefined, 'postgres', /grantConnect\.grantee = "test\/db" is not a grantee/],
      ['a user RDS Proxy holds no secret for', grantee, 'orders', /grantConnect\.dbUser = "orders" is not a user RDS Proxy can log in as: it holds only the master user's secret \("postgres"\)\. Fix: grant "postgres", or create the user in PostgreSQL and pass its Secrets Manager secret in proxyUserSecretArns/],
      ['a user name with a hyphen', grantee, 'orders-svc', /grantConnect\.dbUser = "orders-svc" is not a valid PostgreSQL user name/],
      ['a user name over 63 characters', grantee, `u${'x'.repeat(63)}`, /grantConnect\.dbUser = "ux+" is 64 characters long; a PostgreSQL user name is limited to 63/],
      ['an empty user name', grantee, '', /grantConnect\.dbUser = "" is not a non-empty string/],
    ] as [string, (() => unknown) | undefined, string, RegExp][])('GIVEN %s THEN the grant fails naming it and the fix', (_, make, user, message) => {
      expect(() => synthDb({}, (_scope, db) => db.grantConnect((make ? make() : db) as never, user))).toThrow(message);
    });

    test('GIVEN password authentication at the proxy THEN an IAM grant is refused', () => {
      expect(() => synthDb({ proxyClientAuth: ProxyClientAuth.PASSWORD }, (_, db) => db.grantConnect(grantee(), 'postgres'))).toThrow(
        /grantConnect = "postgres" needs IAM authentication at RDS Proxy, but proxyClientAuth is PASSWORD\. Fix: set proxyClientAuth: ProxyClientAuth\.IAM/,
      );
    });
  });

  test('GIVEN clients in another TerraformStack THEN synth fails naming both construct paths and the fix', () => {
    const app = testApp();
    const compute = new TerraformStack(app, 'compute');
    new AwsProvider(compute, 'aws', { region: 'us-east-1' });
    const nodes = Connections.fromSecurityGroupId(compute, 'nodes', 'sg-nodes');
    const data = new TerraformStack(app, 'data');
    expect(
      () =>
        new RdsWithReplicas(data, 'db', {
          identifier: 'prod-main',
          network: NETWORK,
          instanceClass: 'db.r7g.8xlarge',
          clients: [nodes],
          masterPassword: MasterPassword.fromEphemeralVariable(data, 'db_master_password'),
        }),
    ).toThrow(/^RdsWithReplicas \(data\/db\): connections = "ImportedSecurityGroup \(compute\/nodes\)" is in another TerraformStack \("compute"; this construct is in "data"\)/);
  });

  test('GIVEN per-service user secrets THEN the proxy may log in as each and its role may read them', () => {
    const { stack } = synthDb({ proxyUserSecretArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:users-svc-AbCdEf'] });
    const auth = onlyOf(stack, 'aws_db_proxy').auth as Record<string, unknown>[];
    expect(auth).toHaveLength(2);
    expect(auth[1]).toMatchObject({ secret_arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:users-svc-AbCdEf', iam_auth: 'REQUIRED', auth_scheme: 'SECRETS' });
    expect(String(onlyOf(stack, 'aws_iam_role_policy').policy)).toContain('users-svc-AbCdEf');
  });

  test('GIVEN a reader zone THEN a weighted CNAME per replica publishes reader.<zone>', () => {
    const { stack, db } = synthDb({ readerDns: { zoneId: 'Z123', zoneName: 'prod.db.internal' } });
    const records = allOf(stack, 'aws_route53_record');
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.name === 'reader.prod.db.internal' && r.type === 'CNAME')).toBe(true);
    expect(new Set(records.map((r) => r.set_identifier)).size).toBe(3);
    expect(db.readerEndpoint).toBe('reader.prod.db.internal');
  });

  test('GIVEN gp3 at 500 GiB THEN IOPS and throughput may be provisioned', () => {
    const { stack } = synthDb({ allocatedStorageGiB: 500, storageIops: 20_000, storageThroughputMiBps: 1_000 });
    expect(primaryOf(stack)).toMatchObject({ allocated_storage: 500, iops: 20000, storage_throughput: 1000, max_allocated_storage: 2000 });
  });

  test('GIVEN PostgreSQL 17 THEN the parameter group family follows', () => {
    const { stack } = synthDb({ engineVersion: PostgresEngineVersion.VER_17 });
    expect(allOf(stack, 'aws_db_parameter_group').every((g) => g.family === 'postgres17')).toBe(true);
    expect(primaryOf(stack).engine_version).toBe('17');
  });

  describe('bad props fail at synth with the construct path, prop, limit and fix', () => {
    const cases: [string, Partial<Props>, RegExp][] = [
      ['more than 15 replicas', { replicaCount: 16 }, /RdsWithReplicas \(test\/db\): replicaCount = 16 is out of range \(AWS allows at most 15 read replicas per PostgreSQL source instance\)\. Fix: pass a value from 0 to 15/],
      ['identifier over 63 characters', { identifier: `a${'b'.repeat(63)}` }, /identifier = "ab+" is 64 characters long; a DB instance identifier is limited to 63\. Fix: shorten/],
      ['identifier with a bad charset', { identifier: 'prod_main' }, /identifier = "prod_main" is not a valid DB instance identifier\. Fix: use letters, digits and hyphens/],
      ['identifier too long for replica names', { identifier: 'a'.repeat(55) }, /identifier = "a+" makes replica identifiers such as "a+-replica-3" longer than 63 characters\. Fix: shorten identifier to at most 53/],
      ['identifier too long for IAM role names', { identifier: 'a'.repeat(50), replicaCount: 1 }, /identifier = "a+" makes the IAM role name "a+-rds-monitoring" longer than 64 characters\. Fix: shorten identifier to at most 49 characters/],
      ['port out of range', { port: 80 }, /port = 80 is out of range \(RDS PostgreSQL listens on ports 1150 to 65535\)/],
      ['gp3 IOPS below 400 GiB', { allocatedStorageGiB: 200, storageIops: 12_000 }, /storageIops = 12000 cannot be set with allocatedStorageGiB = 200: RDS gives gp3 volumes under 400 GiB a fixed baseline of 3,000 IOPS.*Fix: remove storageIops, or raise allocatedStorageGiB to at least 400/],
      ['gp3 throughput below 400 GiB', { storageThroughputMiBps: 500 }, /storageThroughputMiBps = 500 cannot be set with allocatedStorageGiB = 100/],
      ['gp3 IOPS over the maximum', { allocatedStorageGiB: 400, storageIops: 70_000, storageThroughputMiBps: 500 }, /storageIops = 70000 is out of range \(gp3 from 400 GiB allows 12000 to 64000 IOPS\)/],
      ['gp3 throughput over the IOPS ratio', { allocatedStorageGiB: 1000, storageIops: 12_000, storageThroughputMiBps: 4_000 }, /storageThroughputMiBps = 4000 exceeds 0.25 MiB\/s per IOPS \(12000 IOPS allow 3000\)\. Fix: raise storageIops to at least 16000/],
      ['throughput over the baseline IOPS ratio', { allocatedStorageGiB: 1000, storageThroughputMiBps: 3_500 }, /storageThroughputMiBps = 3500 exceeds 0.25 MiB\/s per IOPS \(12000 IOPS allow 3000\)/],
      ['storage under 20 GiB', { allocatedStorageGiB: 10 }, /allocatedStorageGiB = 10 is out of range/],
      ['autoscaling ceiling below the size', { allocatedStorageGiB: 500, maxAllocatedStorageGiB: 100 }, /maxAllocatedStorageGiB = 100 is out of range \(the autoscaling ceiling must be at least allocatedStorageGiB \(500\)/],
      ['short production backups', { backupRetentionDays: 3 }, /backupRetentionDays = 3 is out of range \(production keeps 7 to 35 days/],
      ['production without Multi-AZ', { multiAz: false }, /multiAz = false is false in production/],
      ['burstable production class', { instanceClass: 'db.t4g.medium' }, /instanceClass = "db.t4g.medium" is a burstable class in production/],
      ['unknown class', { instanceClass: 'db.x9.huge' }, /instanceClass = "db.x9.huge" is not in the table.*Fix: use one of .*or pass instanceMemoryGiB/],
      ['managed password with replicas', { masterPassword: MasterPassword.managedByRds() }, /masterPassword = "managedByRds" cannot be used with 3 read replicas: AWS does not create read replicas.*Fix: pass masterPassword: MasterPassword.fromEphemeralVariable/],
      ['literal password', { masterPassword: MasterPassword.writeOnly('hunter2hunter2') }, /masterPassword = "<literal string>" is a literal password, which would be written in plaintext/],
      ['bad maintenance window', { maintenanceWindow: 'sunday 5am' }, /maintenanceWindow = "sunday 5am" is not a weekly window/],
      ['overlapping windows', { backupWindow: '05:00-06:00' }, /backupWindow = "05:00-06:00" overlaps maintenanceWindow/],
      ['bad monitoring interval', { monitoringIntervalSeconds: 20 }, /monitoringIntervalSeconds = 20 is not supported\. Fix: use one of 0, 1, 5, 10, 15, 30, 60/],
      ['bad PI retention', { performanceInsightsRetentionDays: 30 }, /performanceInsightsRetentionDays = 30 is not supported/],
    ];
    test.each(cases)('%s', (_label, props, message) => {
      expect(() => synthDb(props)).toThrow(message);
    });
  });
});

describe('GIVEN replicas of a smaller class than the primary (db.r7g.4xlarge behind db.r7g.8xlarge)', () => {
  const { stack } = synthDb();
  const groups = allOf(stack, 'aws_db_parameter_group') as { name_prefix: string; parameter: { name: string; value: string; apply_method: string }[] }[];
  const group = (role: string) => groups.find((g) => g.name_prefix.includes(`-${role}-`))!;
  const value = (role: string, name: string) => group(role).parameter.find((p) => p.name === name)?.value;

  test.each(HOT_STANDBY_PARAMETERS)('THEN the replica parameter group sets %s explicitly, equal to the primary\'s (a hot standby refuses lower)', (name) => {
    expect(value('replica', name)).toBeDefined();
    expect(value('replica', name)).toBe(value('primary', name));
  });

  test('THEN max_worker_processes is the primary\'s RDS default GREATEST(2 x 32 vCPUs, 8) = 64, not the replica\'s 32, applied at reboot', () => {
    expect(value('replica', 'max_worker_processes')).toBe('64');
    expect(group('replica').parameter.find((p) => p.name === 'max_worker_processes')!.apply_method).toBe('pending-reboot');
  });
});

describe('GIVEN a primary class whose vCPUs cannot be derived', () => {
  test.each([
    ['metal', 'db.m7g.metal'],
    ['no size', 'db.r7g'],
    ['typo', 'db.r7g.2xlarg'],
  ])('%s: THEN synth fails naming instanceClass and the fix', (_label, instanceClass) => {
    expect(() => synthDb({ instanceClass, instanceMemoryGiB: 64, replicaInstanceClass: 'db.r7g.2xlarge' })).toThrow(/instanceClass = .* has a size whose vCPU count this construct cannot derive.*Fix: use a class of size micro to 48xlarge/);
  });
});

describe('tunedParameters', () => {
  test('GIVEN a small instance with many connections THEN work_mem stays at the PostgreSQL floor of 4 MB', () => {
    const params = tunedParameters({ memoryGiB: 16, maxConnections: 1802, replicaCount: 3, slowQueryThresholdMs: 500, replica: false, primaryVcpus: 8 });
    expect(params.find((p) => p.name === 'work_mem')!.value).toBe('4096');
    expect(params.find((p) => p.name === 'effective_cache_size')!.value).toBe(String((16 * 1024 * 1024 * 0.75) / 8));
    expect(params.find((p) => p.name === 'max_wal_senders')!.value).toBe('10');
  });

  test('GIVEN 256 GiB and 5,000 connections THEN work_mem is a quarter of memory shared by every connection, maintenance_work_mem capped at 2 GB', () => {
    const params = tunedParameters({ memoryGiB: 256, maxConnections: 5000, replicaCount: 12, slowQueryThresholdMs: 500, replica: false, primaryVcpus: 8 });
    expect(params.find((p) => p.name === 'work_mem')!.value).toBe(String(Math.floor((256 * 1024 * 1024) / 4 / 5000)));
    expect(params.find((p) => p.name === 'maintenance_work_mem')!.value).toBe(String(2 * 1024 * 1024));
    expect(params.find((p) => p.name === 'max_wal_senders')!.value).toBe('17');
  });
});
