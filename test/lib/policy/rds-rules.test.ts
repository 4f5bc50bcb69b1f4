import { FAIL, NOT_APPLICABLE, outcomeOf, checkResources, PASS, UNKNOWN } from '../../support/policy';

/** The outcome on the first aws_db_instance of `resources` (a primary named `db`, usually). */
const db = (config: Record<string, unknown>, others: Record<string, Record<string, Record<string, unknown>>> = {}) => ({ aws_db_instance: { db: { engine: 'postgres', ...config } }, ...others });
const replica = (config: Record<string, unknown> = {}) => ({ replica: { replicate_source_db: '${aws_db_instance.db.identifier}', ...config } });

describe('CKV_AWS_16: RDS storage encrypted', () => {
  test.each([
    [{ storage_encrypted: true }, PASS],
    [{ storage_encrypted: 'true' }, PASS],
    [{ storage_encrypted: false }, FAIL('storage_encrypted is false')],
    [{}, FAIL('storage_encrypted is "unset"')],
  ])('GIVEN a primary with %j THEN %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_16', db(config))).toEqual(expected);
  });

  test('GIVEN a replica of a primary in the stack THEN it inherits the primary encryption', () => {
    const outcomes = (primary: Record<string, unknown>, own: Record<string, unknown> = {}) =>
      checkResources('CKV_AWS_16', { aws_db_instance: { db: primary, ...replica(own) } }).map((c) => c.outcome);
    expect(outcomes({ storage_encrypted: true })).toEqual([PASS, PASS]);
    expect(outcomes({ storage_encrypted: false })).toEqual([FAIL('storage_encrypted is false'), FAIL('storage_encrypted is "unset"')]);
    expect(outcomes({ storage_encrypted: true }, { storage_encrypted: false })).toEqual([PASS, FAIL('storage_encrypted is false')]);
  });

  test('GIVEN a replica of a database outside the stack THEN its encryption is unknown', () => {
    expect(outcomeOf('CKV_AWS_16', { aws_db_instance: { replica: { replicate_source_db: 'arn:aws:rds:us-east-1:111122223333:db:orders' } } })).toEqual(
      UNKNOWN('replica of a database outside this stack; its encryption is inherited from the source'),
    );
  });
});

describe('CKV_AWS_17: not publicly accessible', () => {
  test.each([
    ['aws_db_instance', { publicly_accessible: true }, FAIL('publicly_accessible is true')],
    ['aws_db_instance', { publicly_accessible: 'true' }, FAIL('publicly_accessible is true')],
    ['aws_db_instance', { publicly_accessible: false }, PASS],
    ['aws_db_instance', {}, PASS],
    ['aws_rds_cluster_instance', { publicly_accessible: true }, FAIL('publicly_accessible is true')],
    ['aws_rds_cluster_instance', {}, PASS],
  ])('GIVEN %s with %j THEN %j', (type, config, expected) => {
    expect(outcomeOf('CKV_AWS_17', { [type]: { d: config } })).toEqual(expected);
  });
});

describe('CKV_AWS_96 and CKV_AWS_139: Aurora encrypted and protected', () => {
  test.each([
    [{ storage_encrypted: true }, PASS],
    [{ storage_encrypted: false }, FAIL('storage_encrypted is false')],
    [{}, FAIL('storage_encrypted is "unset"')],
  ])('GIVEN a cluster with %j THEN CKV_AWS_96 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_96', { aws_rds_cluster: { c: config } })).toEqual(expected);
  });

  test.each([
    [{ deletion_protection: true }, PASS],
    [{ deletion_protection: false }, FAIL('deletion_protection is not true')],
    [{}, FAIL('deletion_protection is not true')],
  ])('GIVEN a cluster with %j THEN CKV_AWS_139 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_139', { aws_rds_cluster: { c: config } })).toEqual(expected);
  });
});

describe('CKV_AWS_293: deletion protection', () => {
  test.each([
    [{ deletion_protection: true }, PASS],
    [{ deletion_protection: 'true' }, PASS],
    [{ deletion_protection: false }, FAIL('deletion_protection is not true')],
    [{}, FAIL('deletion_protection is not true')],
  ])('GIVEN a primary with %j THEN %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_293', db(config))).toEqual(expected);
  });

  test('GIVEN a replica THEN it does not apply', () => {
    expect(outcomeOf('CKV_AWS_293', { aws_db_instance: replica() })).toEqual(NOT_APPLICABLE('read replica: holds no data of its own'));
  });
});

describe('CKV_AWS_133: backups', () => {
  test.each([
    ['aws_db_instance', {}, PASS],
    ['aws_db_instance', { backup_retention_period: 1 }, PASS],
    ['aws_db_instance', { backup_retention_period: 35 }, PASS],
    ['aws_db_instance', { backup_retention_period: '7' }, PASS],
    ['aws_db_instance', { backup_retention_period: 0 }, FAIL('backup_retention_period is 0')],
    ['aws_db_instance', { backup_retention_period: 36 }, FAIL('backup_retention_period is 36')],
    ['aws_db_instance', { backup_retention_period: 'never' }, FAIL('backup_retention_period is "never"')],
    ['aws_db_instance', { backup_retention_period: '${var.days}' }, UNKNOWN('backup_retention_period is an expression')],
    ['aws_rds_cluster', { backup_retention_period: 0 }, FAIL('backup_retention_period is 0')],
    ['aws_rds_cluster', { backup_retention_period: 14 }, PASS],
  ])('GIVEN %s with %j THEN %j', (type, config, expected) => {
    expect(outcomeOf('CKV_AWS_133', { [type]: { d: config } })).toEqual(expected);
  });

  test('GIVEN a replica without backups THEN it does not apply (the primary takes them)', () => {
    expect(outcomeOf('CKV_AWS_133', { aws_db_instance: replica({ backup_retention_period: 0 }) })).toEqual(NOT_APPLICABLE('read replica: backups are taken on the primary'));
  });

  test('GIVEN a cluster with replicate_source_db set THEN it is still checked', () => {
    expect(outcomeOf('CKV_AWS_133', { aws_rds_cluster: { c: { replicate_source_db: 'arn:x', backup_retention_period: 0 } } })).toEqual(FAIL('backup_retention_period is 0'));
  });
});

describe('CKV2_AWS_69: encryption in transit', () => {
  const group = (family: string, parameter: { name: string; value: string }[] = [], name = 'orders') => ({ aws_db_parameter_group: { pg: { name, family, parameter } } });
  const withGroup = (family: string, parameter: { name: string; value: string }[] = [], reference = '${aws_db_parameter_group.pg.name}') =>
    outcomeOf('CKV2_AWS_69', db({ engine_version: '16.4', parameter_group_name: reference }, group(family, parameter)));

  test.each([
    ['postgres16', [{ name: 'rds.force_ssl', value: '1' }], PASS],
    ['postgres16', [{ name: 'rds.force_ssl', value: '0' }], FAIL('parameter group pg sets rds.force_ssl = "0"')],
    ['postgres16', [], PASS],
    ['postgres15', [], PASS],
    ['postgres14', [], FAIL('parameter group pg does not set rds.force_ssl')],
    ['postgres14', [{ name: 'rds.force_ssl', value: '1' }], PASS],
    ['sqlserver-se-15.0', [], FAIL('parameter group pg does not set rds.force_ssl')],
    ['sqlserver-se-15.0', [{ name: 'rds.force_ssl', value: '1' }], PASS],
    ['mysql8.0', [{ name: 'require_secure_transport', value: '1' }], PASS],
    ['mysql8.0', [{ name: 'require_secure_transport', value: 'on' }], PASS],
    ['mariadb10.11', [{ name: 'require_secure_transport', value: 'ON' }], PASS],
    ['mysql8.0', [{ name: 'require_secure_transport', value: '0' }], FAIL('parameter group pg does not set require_secure_transport = 1')],
    ['mysql8.0', [], FAIL('parameter group pg does not set require_secure_transport = 1')],
    ['oracle-ee-19', [], PASS],
    // Aurora instance groups: TLS is a cluster parameter there, not this rule's to judge.
    ['aurora-postgresql14', [], PASS],
    ['aurora-mysql8.0', [], PASS],
    ['postgres14', [{ name: 'log_statement', value: 'ddl' }, { name: 'rds.force_ssl', value: '1' }], PASS],
  ])('GIVEN a %s parameter group with %j THEN %j', (family, parameter, expected) => {
    expect(withGroup(family, parameter)).toEqual(expected);
  });

  test('GIVEN the group referenced by its literal name THEN it is read', () => {
    expect(withGroup('postgres14', [], 'orders')).toEqual(FAIL('parameter group pg does not set rds.force_ssl'));
  });

  test('GIVEN no parameter group on the instance and an unnamed group in the stack THEN that group is not the instance\'s', () => {
    const unnamed = { aws_db_parameter_group: { pg: { name_prefix: 'orders-', family: 'postgres14', parameter: [] } } };
    expect(outcomeOf('CKV2_AWS_69', db({ engine_version: '16.4' }, unnamed))).toEqual(PASS);
  });

  test('GIVEN a group that is not in the stack THEN the outcome is unknown', () => {
    expect(outcomeOf('CKV2_AWS_69', db({ parameter_group_name: 'shared-postgres14' }))).toEqual(UNKNOWN('parameter group "shared-postgres14" is not in this stack'));
    expect(outcomeOf('CKV2_AWS_69', db({ parameter_group_name: 'other' }, group('postgres14')))).toEqual(UNKNOWN('parameter group "other" is not in this stack'));
  });

  test.each([
    [{ engine_version: '14.12' }, FAIL('PostgreSQL 14 defaults to rds.force_ssl = 0 and no parameter group sets it')],
    [{ engine_version: '11' }, FAIL('PostgreSQL 11 defaults to rds.force_ssl = 0 and no parameter group sets it')],
    [{ engine_version: '15.2' }, PASS],
    [{ engine_version: '16.4' }, PASS],
    [{}, PASS],
    [{ engine: 'mysql', engine_version: '5.7' }, PASS],
  ])('GIVEN no parameter group and %j THEN %j', (config, expected) => {
    expect(outcomeOf('CKV2_AWS_69', db(config))).toEqual(expected);
  });

  test('GIVEN a replica without its own group THEN it follows its source', () => {
    expect(outcomeOf('CKV2_AWS_69', { aws_db_instance: replica({ engine_version: '14.1' }) })).toEqual(NOT_APPLICABLE('read replica without its own parameter group: settings follow the source'));
  });
});

describe('MRPS_AWS_1: RDS Proxy requires TLS', () => {
  test.each([
    [{ require_tls: true }, PASS],
    [{ require_tls: 'true' }, PASS],
    [{ require_tls: false }, FAIL('require_tls is not true')],
    [{}, FAIL('require_tls is not true')],
  ])('GIVEN a proxy with %j THEN %j', (config, expected) => {
    expect(outcomeOf('MRPS_AWS_1', { aws_db_proxy: { p: config } })).toEqual(expected);
  });
});
