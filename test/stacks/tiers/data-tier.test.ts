import { planEnvironment } from '../../../lib/config/environment';
import { environmentNamed } from '../../../stacks/environments';
import { synthesizeReferenceApp } from '../../support/app-synth';
import { allOf, onlyOf } from '../../support/synth';

/** The data tier of every environment holds exactly the sizes the capacity model prints. */
const app = synthesizeReferenceApp();

describe.each(['dev', 'staging', 'prod'])('data tier of %s', (env) => {
  const stack = app.stacks[env];
  const plan = planEnvironment(environmentNamed(env));
  const instances = allOf(stack, 'aws_db_instance');
  const primary = instances.find((i) => !i.replicate_source_db)!;
  const replicas = instances.filter((i) => i.replicate_source_db);

  test('THEN the database has the planned classes, replica count and max_connections', () => {
    expect(primary.instance_class).toBe(plan.database.primaryInstanceClass);
    expect(replicas).toHaveLength(plan.database.replicaCount);
    expect(replicas.every((r) => r.instance_class === plan.database.replicaInstanceClass)).toBe(true);
    for (const group of allOf(stack, 'aws_db_parameter_group')) {
      const maxConnections = (group.parameter as { name: string; value: string }[]).find((p) => p.name === 'max_connections');
      expect(maxConnections?.value).toBe(String(plan.database.maxConnections));
    }
    expect(onlyOf(stack, 'aws_db_proxy_default_target_group').connection_pool_config).toMatchObject({ max_connections_percent: plan.database.proxyMaxConnectionsPercent });
  });

  test('THEN the cache has the planned node type, shards and replicas per shard', () => {
    expect(onlyOf(stack, 'aws_elasticache_replication_group')).toMatchObject({
      node_type: plan.cache.nodeType,
      num_node_groups: plan.cache.shards,
      replicas_per_node_group: plan.cache.replicasPerShard,
    });
  });

  test('THEN both live in the data subnets', () => {
    const dataSubnets = Object.keys(stack.resource!.aws_subnet).filter((k) => k.includes('network_data-'));
    const ids = (list: unknown) => (list as string[]).map((s) => s.replace(/^\$\{aws_subnet\.|\.id\}$/g, '')).sort();
    expect(ids(onlyOf(stack, 'aws_db_subnet_group').subnet_ids)).toEqual(dataSubnets.sort());
    expect(ids(onlyOf(stack, 'aws_elasticache_subnet_group').subnet_ids)).toEqual(dataSubnets.sort());
  });

  test('THEN the stack outputs the endpoints consumers need', () => {
    expect(Object.keys(stack.output ?? {})).toEqual(
      expect.arrayContaining(['db_writer_endpoint', 'db_proxy_endpoint', 'db_reader_endpoint', 'db_port', 'db_secret_arn', 'cache_configuration_endpoint', 'cache_port']),
    );
  });

  test('THEN production settings follow the environment', () => {
    const production = env === 'prod';
    expect(primary.deletion_protection).toBe(production);
    // Multi-AZ follows the plan's AZ-loss promise (staging too), not the production flag.
    expect(primary.multi_az).toBe(plan.survivesAzLoss);
    expect(primary.backup_retention_period).toBe(production ? 14 : 7);
    expect(primary.lifecycle).toEqual(production ? { prevent_destroy: true } : undefined);
    expect(primary.storage_encrypted).toBe(true);
  });

  test('THEN no password, AUTH token or secret value appears in the synthesized stack', () => {
    const text = JSON.stringify(stack);
    expect(text).not.toMatch(/"(password|auth_token|passwords|secret_string)"\s*:/);
    expect(text).toMatch(/"password_wo":"\$\{\(var\.db_master_password == null\)/);
  });
});

