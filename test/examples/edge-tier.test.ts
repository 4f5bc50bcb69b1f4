import { Testing } from 'cdktf';
import { EdgeExampleStack } from '../../examples/edge-tier/stack';
import { SynthesizedStack, allOf, onlyOf } from '../support/synth';
import { testApp } from '../support/temp';

describe('examples/edge-tier', () => {
  test('GIVEN the example app THEN it synthesizes one ALB, its nginx fleet and a config routing both services', () => {
    const stack = new EdgeExampleStack(testApp(), 'edge-example');
    const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    expect(allOf(synthesized, 'aws_lb')).toHaveLength(1);
    expect(onlyOf(synthesized, 'aws_autoscaling_group')).toMatchObject({ min_size: 2, max_size: 6 });
    expect(stack.edge.nginxConf).toContain('location /api/checkout/ {');
    expect(stack.edge.nginxConf).toContain('set_real_ip_from 10.40.0.0/16;');
    expect(stack.edge.nginxConf).toContain('limit_req_zone $binary_remote_addr zone=checkout:32m rate=120r/m;');
  });
});
