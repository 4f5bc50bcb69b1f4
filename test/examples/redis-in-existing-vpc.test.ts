import { Testing } from 'cdktf';
import { RedisInExistingVpcStack } from '../../examples/redis-in-existing-vpc/stack';
import { SynthesizedStack, allOf, onlyOf } from '../support/synth';
import { testApp } from '../support/temp';

describe('examples/redis-in-existing-vpc', () => {
  const synthesized = JSON.parse(Testing.synth(new RedisInExistingVpcStack(testApp(), 'redis-in-existing-vpc'))) as SynthesizedStack;

  test('GIVEN the example app THEN it creates the cache and no network of its own', () => {
    const types = Object.keys(synthesized.resource ?? {});
    expect(types).toContain('aws_elasticache_replication_group');
    expect(types.filter((t) => /^aws_(vpc|subnet|nat_gateway|internet_gateway|route_table)$/.test(t))).toEqual([]);
    expect(onlyOf(synthesized, 'aws_elasticache_replication_group')).toMatchObject({ node_type: 'cache.r7g.large', num_node_groups: 2, replicas_per_node_group: 1 });
  });

  test('GIVEN the example app THEN the VPC, subnets and client group come from variables', () => {
    expect(Object.keys(synthesized.variable as object).sort()).toEqual(['client_security_group_id', 'data_subnet_ids', 'vpc_id']);
    expect(onlyOf(synthesized, 'aws_elasticache_subnet_group').subnet_ids).toEqual([
      '${element(var.data_subnet_ids, 0)}',
      '${element(var.data_subnet_ids, 1)}',
      '${element(var.data_subnet_ids, 2)}',
    ]);
    expect(onlyOf(synthesized, 'aws_security_group').vpc_id).toBe('${var.vpc_id}');
    expect(allOf(synthesized, 'aws_vpc_security_group_ingress_rule').map((r) => r.referenced_security_group_id)).toEqual(['${var.client_security_group_id}']);
  });

  test('GIVEN the example app THEN it outputs the configuration endpoint', () => {
    expect(synthesized.output?.configuration_endpoint.value).toMatch(/aws_elasticache_replication_group\.[\w-]+\.configuration_endpoint_address/);
  });
});
