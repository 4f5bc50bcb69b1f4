import { planCapacity } from '../../lib/capacity';
import { deployedNginx } from '../../stacks/deployed-nginx';
import { ENVIRONMENTS } from '../../stacks/environments';
import { provisionalNlbEndpoints } from '../../stacks/tiers/edge-tier';
import { synthesizeReferenceApp } from '../support/app-synth';
import { allOf, onlyOf } from '../support/synth';

describe('edge tier in the reference stacks', () => {
  const app = synthesizeReferenceApp();

  describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN the %s environment', (name, env) => {
    const stack = app.stacks[name];
    const plan = planCapacity(env.capacity);

    test('THEN the ALB count and LCU reservation are the capacity plan', () => {
      const albs = allOf(stack, 'aws_lb');
      expect(albs).toHaveLength(plan.alb.count);
      const reserved = albs.map((a) => (a.minimum_load_balancer_capacity as { capacity_units: number } | undefined)?.capacity_units);
      expect(reserved).toEqual(Array(plan.alb.count).fill(env.production ? plan.alb.lcuReservationPerAlb : undefined));
    });

    test('THEN the nginx fleet is the capacity plan', () => {
      const group = onlyOf(stack, 'aws_autoscaling_group');
      expect({ min: group.min_size, desired: group.desired_capacity, max: group.max_size }).toEqual({ min: plan.nginx.minSize, desired: plan.nginx.desiredCapacity, max: plan.nginx.maxSize });
      expect(onlyOf(stack, 'aws_launch_template').instance_type).toBe(plan.nginx.instanceType);
    });

    test('THEN the launch template carries exactly the nginx.conf `npm run nginx-conf` prints', () => {
      const { text } = deployedNginx(env);
      const userData = String(onlyOf(stack, 'aws_launch_template').user_data);
      expect(userData).toContain(Buffer.from(text, 'utf8').toString('base64'));
      expect(text).toContain(`worker_connections ${plan.nginx.workerConnections};`);
    });

    test('THEN the zone, certificate and alias records serve the configured domain', () => {
      expect(allOf(stack, 'aws_route53_zone').filter((z) => z.name === env.domain.zoneName && z.vpc === undefined)).toHaveLength(1);
      expect(onlyOf(stack, 'aws_acm_certificate').domain_name).toBe(env.domain.zoneName);
      expect(allOf(stack, 'aws_route53_record').filter((r) => r.alias)).toHaveLength(plan.alb.count);
    });
  });

  test('GIVEN the provisional NLB endpoints THEN each service has its own port on one fixed address per AZ', () => {
    const endpoints = provisionalNlbEndpoints({
      vpcId: 'v',
      vpcCidr: '10.30.0.0/16',
      region: 'us-east-1',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      publicSubnets: [],
      dataSubnets: [],
      appSubnets: [
        { id: 'a', availabilityZone: 'us-east-1a', cidr: '10.30.0.0/18' },
        { id: 'b', availabilityZone: 'us-east-1b', cidr: '10.30.64.0/18' },
      ],
    });
    expect(endpoints.map((e) => [e.name, e.pathPrefix, e.port])).toEqual([
      ['api-gateway', '/', 8080],
      ['user-service', '/api/users', 8081],
      ['transaction-service', '/api/transactions', 8082],
    ]);
    expect(endpoints[0].addresses).toEqual(['10.30.63.240', '10.30.127.240']);
  });
});
