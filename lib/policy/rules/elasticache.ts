import { fail, pass, PolicyRule } from '../rule';
import { asNumber, isSet, isTrue } from '../stack-view';

export const ELASTICACHE_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_29',
    title: 'Ensure all data stored in the ElastiCache Replication Group is securely encrypted at rest',
    resourceTypes: ['aws_elasticache_replication_group'],
    fix: 'set atRestEncryptionEnabled: true',
    check: (r) => (isTrue(r.config.at_rest_encryption_enabled) ? pass() : fail('at_rest_encryption_enabled is not true')),
  },
  {
    id: 'CKV_AWS_30',
    title: 'Ensure all data stored in the ElastiCache Replication Group is securely encrypted at transit',
    resourceTypes: ['aws_elasticache_replication_group'],
    fix: 'set transitEncryptionEnabled: true',
    check: (r) => (isTrue(r.config.transit_encryption_enabled) ? pass() : fail('transit_encryption_enabled is not true')),
  },
  {
    id: 'CKV_AWS_31',
    title: 'Ensure all data stored in the ElastiCache Replication Group is securely encrypted at transit and has auth token',
    resourceTypes: ['aws_elasticache_replication_group'],
    fix: 'enable transit encryption and authenticate clients with a user group (RBAC) or an auth token',
    check(r) {
      if (!isTrue(r.config.transit_encryption_enabled)) return fail('transit_encryption_enabled is not true');
      return isSet(r.config.auth_token) || isSet(r.config.user_group_ids) ? pass() : fail('neither user_group_ids nor auth_token is set');
    },
  },
  {
    id: 'CKV_AWS_191',
    title: 'Ensure ElastiCache replication group is encrypted by KMS using a customer managed Key (CMK)',
    resourceTypes: ['aws_elasticache_replication_group'],
    fix: 'pass a customer managed key (EncryptionKey) as kmsKeyId',
    check: (r) => (isSet(r.config.kms_key_id) ? pass() : fail('kms_key_id is not set')),
  },
  {
    id: 'CKV_AWS_134',
    title: 'Ensure that Amazon ElastiCache Redis clusters have automatic backup turned on',
    resourceTypes: ['aws_elasticache_replication_group', 'aws_elasticache_cluster'],
    productionOnly: true,
    fix: 'set snapshotRetentionLimit to at least 1 day',
    deviation: 'Also applied to aws_elasticache_replication_group (checkov checks aws_elasticache_cluster only); production only.',
    check: (r) => ((asNumber(r.config.snapshot_retention_limit) ?? 0) > 0 ? pass() : fail(`snapshot_retention_limit is ${JSON.stringify(r.config.snapshot_retention_limit ?? 'unset')}`)),
  },
];
