import { fail, notApplicable, pass, PolicyRule, unknown } from '../rule';
import { asNumber, blocks, isExpression, isFalse, isSet, isTrue, ResourceView, StackView } from '../stack-view';

const isReplica = (r: ResourceView) => isSet(r.config.replicate_source_db);

/** The primary a replica in this stack replicates, if it is in the stack. */
function sourceOf(replica: ResourceView, stack: StackView): ResourceView | undefined {
  const source = replica.config.replicate_source_db;
  return stack.ofType('aws_db_instance').find((p) => typeof source === 'string' && source.includes(`\${${p.address}.`));
}

/** PostgreSQL 15 and later force SSL by default (`rds.force_ssl` = 1). https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html */
const POSTGRES_FORCE_SSL_DEFAULT_FROM_MAJOR = 15;

export const RDS_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_16',
    title: 'Ensure all data stored in the RDS is securely encrypted at rest',
    resourceTypes: ['aws_db_instance'],
    fix: 'set storageEncrypted: true with a customer managed kmsKeyId',
    deviation: 'A read replica passes when its source in the same stack is encrypted (replicas inherit the source encryption).',
    check(r, stack) {
      if (isTrue(r.config.storage_encrypted)) return pass();
      if (isReplica(r) && !isFalse(r.config.storage_encrypted)) {
        const source = sourceOf(r, stack);
        if (source && isTrue(source.config.storage_encrypted)) return pass();
        if (!source) return unknown('replica of a database outside this stack; its encryption is inherited from the source');
      }
      return fail(`storage_encrypted is ${JSON.stringify(r.config.storage_encrypted ?? 'unset')}`);
    },
  },
  {
    id: 'CKV_AWS_17',
    title: 'Ensure all data stored in RDS is not publicly accessible',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
    fix: 'remove publiclyAccessible (or set it to false) and place the database in the data subnets',
    check: (r) => (isTrue(r.config.publicly_accessible) ? fail('publicly_accessible is true') : pass()),
  },
  {
    id: 'CKV_AWS_96',
    title: 'Ensure all data stored in Aurora is securely encrypted at rest',
    resourceTypes: ['aws_rds_cluster'],
    fix: 'set storageEncrypted: true with a customer managed kmsKeyId',
    check: (r) => (isTrue(r.config.storage_encrypted) ? pass() : fail(`storage_encrypted is ${JSON.stringify(r.config.storage_encrypted ?? 'unset')}`)),
  },
  {
    id: 'CKV_AWS_293',
    title: 'Ensure that AWS database instances have deletion protection enabled',
    resourceTypes: ['aws_db_instance'],
    productionOnly: true,
    fix: 'give RdsWithReplicas a protection that retains on destroy (protection: Protection.PRODUCTION, its default, or Protection.forEnvironment(true)): its primary then has deletion protection; a hand-made aws_db_instance needs deletionProtection: true',
    deviation: 'Read replicas are not checked: they hold no data the primary lacks, and deletion protection would make a smaller replica count fail to apply.',
    check(r) {
      if (isReplica(r)) return notApplicable('read replica: holds no data of its own');
      return isTrue(r.config.deletion_protection) ? pass() : fail('deletion_protection is not true');
    },
  },
  {
    id: 'CKV_AWS_139',
    title: 'Ensure that RDS clusters have deletion protection enabled',
    resourceTypes: ['aws_rds_cluster'],
    productionOnly: true,
    fix: 'set deletionProtection: true',
    check: (r) => (isTrue(r.config.deletion_protection) ? pass() : fail('deletion_protection is not true')),
  },
  {
    id: 'CKV_AWS_133',
    title: 'Ensure that RDS instances has backup policy',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    fix: 'set backupRetentionPeriod to 1..35 days',
    check(r) {
      if (r.type === 'aws_db_instance' && isReplica(r)) return notApplicable('read replica: backups are taken on the primary');
      const value = r.config.backup_retention_period;
      if (value === undefined) return pass(); // AWS default is 1 day
      if (isExpression(value)) return unknown('backup_retention_period is an expression');
      const days = asNumber(value) ?? 0;
      return days > 0 && days <= 35 ? pass() : fail(`backup_retention_period is ${JSON.stringify(value)}`);
    },
  },
  {
    id: 'CKV2_AWS_69',
    title: 'Ensure AWS RDS database instance configured with encryption in transit',
    resourceTypes: ['aws_db_instance'],
    fix: 'use a parameter group with rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = 1 (MySQL, MariaDB)',
    deviation: 'Without a parameter group in the stack, PostgreSQL before 15 fails (its default rds.force_ssl is 0); checkov passes it.',
    check(r, stack) {
      const groupName = r.config.parameter_group_name;
      const group = stack
        .ofType('aws_db_parameter_group')
        .find((g) => (typeof groupName === 'string' && groupName.includes(`\${${g.address}.`)) || (g.config.name !== undefined && g.config.name === groupName));
      const engine = String(r.config.engine ?? '');
      if (!group) {
        if (isSet(groupName)) return unknown(`parameter group ${JSON.stringify(groupName)} is not in this stack`);
        if (isReplica(r)) return notApplicable('read replica without its own parameter group: settings follow the source');
        const major = asNumber(String(r.config.engine_version ?? '').split('.')[0]);
        if (engine === 'postgres' && major !== undefined && major < POSTGRES_FORCE_SSL_DEFAULT_FROM_MAJOR) {
          return fail(`PostgreSQL ${major} defaults to rds.force_ssl = 0 and no parameter group sets it`);
        }
        return pass();
      }
      const family = String(group.config.family ?? '');
      const parameter = (name: string) => blocks(group.config.parameter).find((p) => p.name === name)?.value;
      if (/^(postgres|.*sqlserver)/.test(family)) {
        const value = parameter('rds.force_ssl');
        if (value === undefined) {
          const major = asNumber(family.replace(/^postgres/, ''));
          return major !== undefined && major >= POSTGRES_FORCE_SSL_DEFAULT_FROM_MAJOR ? pass() : fail(`parameter group ${group.name} does not set rds.force_ssl`);
        }
        return String(value) === '1' ? pass() : fail(`parameter group ${group.name} sets rds.force_ssl = ${JSON.stringify(value)}`);
      }
      if (/^(mariadb|mysql)/.test(family)) {
        const value = String(parameter('require_secure_transport') ?? '').toUpperCase();
        return value === '1' || value === 'ON' ? pass() : fail(`parameter group ${group.name} does not set require_secure_transport = 1`);
      }
      return pass();
    },
  },
  {
    id: 'MRPS_AWS_1',
    title: 'Ensure RDS Proxy requires TLS from clients',
    resourceTypes: ['aws_db_proxy'],
    fix: 'set requireTls: true on the proxy',
    deviation: 'No checkov or cdk-nag check covers aws_db_proxy.require_tls (default false).',
    check: (r) => (isTrue(r.config.require_tls) ? pass() : fail('require_tls is not true')),
  },
];
