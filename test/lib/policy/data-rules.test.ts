import { FAIL, NOT_APPLICABLE, outcomeOf, PASS, UNKNOWN } from '../../support/policy';

/** ElastiCache, KMS, SNS and CloudWatch Logs: the rules on encryption keys and retention. */
const cache = (config: Record<string, unknown>, type = 'aws_elasticache_replication_group') => ({ [type]: { c: config } });

describe('ElastiCache', () => {
  test.each([
    ['CKV_AWS_29', { at_rest_encryption_enabled: true }, PASS],
    ['CKV_AWS_29', { at_rest_encryption_enabled: 'true' }, PASS],
    ['CKV_AWS_29', { at_rest_encryption_enabled: 'false' }, FAIL('at_rest_encryption_enabled is not true')],
    ['CKV_AWS_29', {}, FAIL('at_rest_encryption_enabled is not true')],
    ['CKV_AWS_30', { transit_encryption_enabled: true }, PASS],
    ['CKV_AWS_30', { transit_encryption_enabled: false }, FAIL('transit_encryption_enabled is not true')],
    ['CKV_AWS_30', {}, FAIL('transit_encryption_enabled is not true')],
    ['CKV_AWS_31', { transit_encryption_enabled: true, user_group_ids: ['sessions'] }, PASS],
    ['CKV_AWS_31', { transit_encryption_enabled: true, auth_token: '${aws_secretsmanager_secret_version.t.secret_string}' }, PASS],
    ['CKV_AWS_31', { transit_encryption_enabled: true, user_group_ids: [] }, FAIL('neither user_group_ids nor auth_token is set')],
    ['CKV_AWS_31', { transit_encryption_enabled: true }, FAIL('neither user_group_ids nor auth_token is set')],
    ['CKV_AWS_31', { transit_encryption_enabled: false, user_group_ids: ['sessions'] }, FAIL('transit_encryption_enabled is not true')],
    ['CKV_AWS_191', { kms_key_id: '${aws_kms_key.k.arn}' }, PASS],
    ['CKV_AWS_191', { kms_key_id: '' }, FAIL('kms_key_id is not set')],
    ['CKV_AWS_191', {}, FAIL('kms_key_id is not set')],
    ['CKV_AWS_134', { snapshot_retention_limit: 1 }, PASS],
    ['CKV_AWS_134', { snapshot_retention_limit: '7' }, PASS],
    ['CKV_AWS_134', { snapshot_retention_limit: 0 }, FAIL('snapshot_retention_limit is 0')],
    ['CKV_AWS_134', {}, FAIL('snapshot_retention_limit is "unset"')],
  ])('GIVEN %s on a replication group with %j THEN %j', (id, config, expected) => {
    expect(outcomeOf(id, cache(config))).toEqual(expected);
  });

  test('GIVEN a cluster (not a replication group) without snapshots THEN CKV_AWS_134 reads it too', () => {
    expect(outcomeOf('CKV_AWS_134', cache({}, 'aws_elasticache_cluster'))).toEqual(FAIL('snapshot_retention_limit is "unset"'));
    expect(outcomeOf('CKV_AWS_134', cache({ snapshot_retention_limit: 5 }, 'aws_elasticache_cluster'))).toEqual(PASS);
  });
});

describe('KMS', () => {
  test.each([
    [{ enable_key_rotation: true }, PASS],
    [{ enable_key_rotation: true, customer_master_key_spec: 'SYMMETRIC_DEFAULT' }, PASS],
    [{ enable_key_rotation: false }, FAIL('enable_key_rotation is not true')],
    [{}, FAIL('enable_key_rotation is not true')],
    [{ customer_master_key_spec: 'RSA_2048' }, NOT_APPLICABLE('RSA_2048 keys cannot rotate automatically')],
  ])('GIVEN a key with %j THEN CKV_AWS_7 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_7', { aws_kms_key: { k: config } })).toEqual(expected);
  });

  test.each([
    [{}, PASS],
    [{ is_enabled: true }, PASS],
    [{ is_enabled: false }, FAIL('is_enabled is false')],
    [{ is_enabled: 'false' }, FAIL('is_enabled is false')],
  ])('GIVEN a key with %j THEN CKV_AWS_227 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_227', { aws_kms_key: { k: config } })).toEqual(expected);
  });
});

describe('SNS and CloudWatch Logs', () => {
  test.each([
    [{ kms_master_key_id: 'alias/alerts' }, PASS],
    [{ kms_master_key_id: '  ' }, FAIL('kms_master_key_id is not set')],
    [{}, FAIL('kms_master_key_id is not set')],
  ])('GIVEN a topic with %j THEN CKV_AWS_26 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_26', { aws_sns_topic: { t: config } })).toEqual(expected);
  });

  const logs = (id: string, config: Record<string, unknown>) => outcomeOf(id, { aws_cloudwatch_log_group: { g: config } });

  test.each([
    [{ kms_key_id: '${aws_kms_key.k.arn}' }, PASS],
    [{}, FAIL('kms_key_id is not set')],
  ])('GIVEN a log group with %j THEN CKV_AWS_158 is %j', (config, expected) => {
    expect(logs('CKV_AWS_158', config)).toEqual(expected);
  });

  test.each([
    [{ retention_in_days: 1 }, PASS],
    [{ retention_in_days: '30' }, PASS],
    [{ retention_in_days: 0 }, FAIL('retention_in_days is not set: logs are kept forever')],
    [{}, FAIL('retention_in_days is not set: logs are kept forever')],
    [{ retention_in_days: '${var.days}' }, UNKNOWN('retention_in_days is an expression')],
  ])('GIVEN a log group with %j THEN CKV_AWS_66 is %j', (config, expected) => {
    expect(logs('CKV_AWS_66', config)).toEqual(expected);
  });

  test.each([
    [{ retention_in_days: 365 }, PASS],
    [{ retention_in_days: 3653 }, PASS],
    [{ retention_in_days: 364 }, FAIL('retention_in_days is 364')],
    [{ retention_in_days: '30' }, FAIL('retention_in_days is 30')],
    [{ retention_in_days: 0 }, PASS],
    [{}, PASS],
  ])('GIVEN a log group with %j THEN CKV_AWS_338 (a year in production) is %j', (config, expected) => {
    expect(logs('CKV_AWS_338', config)).toEqual(expected);
  });
});

describe('EKS', () => {
  const cluster = (id: string, config: Record<string, unknown>) => outcomeOf(id, { aws_eks_cluster: { e: config } });
  const ALL_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

  test.each([
    [{ encryption_config: { resources: ['secrets'], provider: { key_arn: 'arn:k' } } }, PASS],
    [{ encryption_config: [{ resources: ['secrets'], provider: [{ key_arn: 'arn:k' }] }] }, PASS],
    [{ encryption_config: { resources: ['configmaps'], provider: { key_arn: 'arn:k' } } }, FAIL('encryption_config does not encrypt "secrets" with a KMS key')],
    [{ encryption_config: { resources: ['secrets'], provider: {} } }, FAIL('encryption_config does not encrypt "secrets" with a KMS key')],
    [{}, FAIL('encryption_config does not encrypt "secrets" with a KMS key')],
  ])('GIVEN %j THEN CKV_AWS_58 is %j', (config, expected) => {
    expect(cluster('CKV_AWS_58', config)).toEqual(expected);
  });

  test.each([
    [{ enabled_cluster_log_types: ALL_LOGS }, PASS],
    [{ enabled_cluster_log_types: ['api', 'audit'] }, FAIL('log types authenticator, controllerManager, scheduler are not enabled')],
    [{ enabled_cluster_log_types: ALL_LOGS.filter((t) => t !== 'scheduler') }, FAIL('log types scheduler are not enabled')],
    [{}, FAIL('log types api, audit, authenticator, controllerManager, scheduler are not enabled')],
  ])('GIVEN %j THEN CKV_AWS_37 is %j', (config, expected) => {
    expect(cluster('CKV_AWS_37', config)).toEqual(expected);
  });

  test.each([
    [{ vpc_config: { endpoint_public_access: false } }, PASS, PASS],
    [{ vpc_config: { endpoint_public_access: 'false' } }, PASS, PASS],
    [{ vpc_config: { endpoint_public_access: true } }, FAIL('endpoint_public_access is not false (the EKS default is true)'), FAIL('the public endpoint is open to 0.0.0.0/0 (public_access_cidrs unset)')],
    [{ vpc_config: {} }, FAIL('endpoint_public_access is not false (the EKS default is true)'), FAIL('the public endpoint is open to 0.0.0.0/0 (public_access_cidrs unset)')],
    [{}, FAIL('endpoint_public_access is not false (the EKS default is true)'), FAIL('the public endpoint is open to 0.0.0.0/0 (public_access_cidrs unset)')],
    [{ vpc_config: { public_access_cidrs: ['203.0.113.0/24'] } }, FAIL('endpoint_public_access is not false (the EKS default is true)'), PASS],
    [{ vpc_config: { public_access_cidrs: ['203.0.113.0/24', '0.0.0.0/0'] } }, FAIL('endpoint_public_access is not false (the EKS default is true)'), FAIL('public_access_cidrs contains 0.0.0.0/0')],
    [{ vpc_config: { public_access_cidrs: ['::/0'] } }, FAIL('endpoint_public_access is not false (the EKS default is true)'), FAIL('public_access_cidrs contains 0.0.0.0/0')],
  ])('GIVEN %j THEN CKV_AWS_39 is %j and CKV_AWS_38 is %j', (config, publicEndpoint, world) => {
    expect(cluster('CKV_AWS_39', config)).toEqual(publicEndpoint);
    expect(cluster('CKV_AWS_38', config)).toEqual(world);
  });

  test.each([
    [{}, PASS],
    [{ remote_access: { source_security_group_ids: ['sg-1'] } }, PASS],
    [{ remote_access: { ec2_ssh_key: 'ops', source_security_group_ids: ['sg-1'] } }, PASS],
    [{ remote_access: { ec2_ssh_key: 'ops' } }, FAIL('remote_access opens SSH without source_security_group_ids')],
    [{ remote_access: [{ ec2_ssh_key: 'ops', source_security_group_ids: [] }] }, FAIL('remote_access opens SSH without source_security_group_ids')],
  ])('GIVEN a node group with %j THEN CKV_AWS_100 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_100', { aws_eks_node_group: { n: config } })).toEqual(expected);
  });
});
