import { planEnvironment } from '../../lib/config/environment';
import { Testing } from 'cdktf';
import { Environment } from '../../constructs/environment';
import { deployedNginx } from '../../stacks/deployed-nginx';
import { dev, ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeReferenceApp } from '../support/app-synth';
import { allOf, onlyOf, SynthesizedStack } from '../support/synth';
import { testApp } from '../support/temp';

describe('edge tier in the reference stacks', () => {
  const app = synthesizeReferenceApp();

  describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN the %s environment', (name, env) => {
    const stack = app.stacks[name];
    const edgeOnly = (resources: Record<string, unknown>[]) => resources.filter((r) => (r['//'] as { metadata: { path: string } }).metadata.path.startsWith(`${name}/${name}/edge/`));
    const edgeLaunchTemplate = () => {
      const [template, ...others] = edgeOnly(allOf(stack, 'aws_launch_template'));
      expect(others).toEqual([]);
      return template;
    };
    const plan = planEnvironment(env);
    // Builds the environment's AWS stack: once per environment is enough.
    let nginx: ReturnType<typeof deployedNginx> | undefined;
    const deployed = () => (nginx ??= deployedNginx(env));

    test('THEN the ALB count and LCU reservation are the capacity plan', () => {
      const albs = allOf(stack, 'aws_lb').filter((l) => l.load_balancer_type === 'application');
      expect(albs).toHaveLength(plan.alb.count);
      const reserved = albs.map((a) => (a.minimum_load_balancer_capacity as { capacity_units: number } | undefined)?.capacity_units);
      expect(reserved).toEqual(Array(plan.alb.count).fill(env.production ? plan.alb.lcuReservationPerAlb : undefined));
    });

    test('THEN the nginx fleet is the capacity plan', () => {
      const [group] = edgeOnly(allOf(stack, 'aws_autoscaling_group'));
      expect({ min: group.min_size, desired: group.desired_capacity, max: group.max_size }).toEqual({ min: plan.nginx.minSize, desired: plan.nginx.desiredCapacity, max: plan.nginx.maxSize });
      expect(edgeLaunchTemplate().instance_type).toBe(plan.nginx.instanceType);
    });

    test('THEN the launch template carries exactly the nginx.conf `npm run nginx-conf` prints', () => {
      const { text } = deployed();
      const userData = String(edgeLaunchTemplate().user_data);
      expect(userData).toContain(Buffer.from(text, 'utf8').toString('base64'));
      expect(text).toContain(`worker_connections ${plan.nginx.workerConnections};`);
    });

    test("THEN nginx's upstreams are the internal NLB's listeners, and the NLB admits the nginx subnets", () => {
      const { config } = deployed();
      const listeners = allOf(stack, 'aws_lb_listener').filter((l) => l.protocol === 'TCP');
      expect(config.upstreams.map((u) => u.port).sort()).toEqual(listeners.map((l) => l.port).sort());
      const nlb = allOf(stack, 'aws_lb').find((l) => l.load_balancer_type === 'network') as Record<string, unknown>;
      const fixed = (nlb.subnet_mapping as { private_ipv4_address: string }[]).map((m) => m.private_ipv4_address);
      config.upstreams.forEach((u) => expect(u.addresses).toEqual(fixed));
      expect(config.upstreams.map((u) => [u.name, u.pathPrefix])).toEqual(env.services.map((s) => [s.name, s.pathPrefix]));
    });

    test('THEN the zone, certificate and alias records serve the configured domain', () => {
      expect(allOf(stack, 'aws_route53_zone').filter((z) => z.name === env.domain.zoneName && z.vpc === undefined)).toHaveLength(1);
      expect(onlyOf(stack, 'aws_acm_certificate').domain_name).toBe(env.domain.zoneName);
      expect(allOf(stack, 'aws_route53_record').filter((r) => r.alias)).toHaveLength(plan.alb.count);
    });
  });

  test('GIVEN an existing hosted zone id THEN no zone is created and the records and certificate use it', () => {
    const stack = new Environment(testApp(), 'dev', { config: { ...dev, domain: { zoneName: 'dev.example.org', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } }, policy: false }).aws;
    const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    expect(allOf(synthesized, 'aws_route53_zone').filter((z) => z.name === 'dev.example.org')).toEqual([]);
    const records = allOf(synthesized, 'aws_route53_record').filter((r) => r.alias || String(r.name).includes('resource_record_name'));
    expect(records.length).toBeGreaterThan(1);
    records.forEach((r) => expect(r.zone_id).toBe('Z0123456789ABCDEFGHIJ'));
    expect(onlyOf(synthesized, 'aws_acm_certificate').domain_name).toBe('dev.example.org');
    expect(synthesized.output?.public_zone_name_servers).toBeUndefined();
  });
});
