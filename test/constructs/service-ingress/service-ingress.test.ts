import { INetwork, Network } from '../../../constructs/network';
import { ServiceIngress, ServiceIngressProps } from '../../../constructs/service-ingress';
import { allOf, onlyOf, synthConstructs } from '../../support/synth';

const NETWORK: INetwork = Network.fromAttributes({
  vpcId: 'vpc-1',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: [],
  appSubnets: [
    { id: 'subnet-a', availabilityZone: 'us-east-1a', cidr: '10.30.0.0/18' },
    { id: 'subnet-b', availabilityZone: 'us-east-1b', cidr: '10.30.64.0/18' },
    { id: 'subnet-c', availabilityZone: 'us-east-1c', cidr: '10.30.128.0/18' },
  ],
  dataSubnets: [],
});

const PROPS: ServiceIngressProps = {
  name: 'prod',
  network: NETWORK,
  services: [
    { name: 'api-gateway', pathPrefix: '/', listenerPort: 8080, targetPort: 8080, healthCheckPath: '/health/ready', maxTargets: 100 },
    { name: 'user-service', pathPrefix: '/api/users', listenerPort: 8081, targetPort: 8080, healthCheckPath: '/health/ready', maxTargets: 100 },
  ],
  clientCidrs: ['10.30.0.0/18'],
  targetSecurityGroupId: 'sg-nodes',
};

function build(props: Partial<ServiceIngressProps> = {}) {
  let ingress: ServiceIngress | undefined;
  const stack = synthConstructs((scope) => {
    ingress = new ServiceIngress(scope, 'ingress', { ...PROPS, ...props });
  });
  return { stack, ingress: ingress! };
}

describe('ServiceIngress', () => {
  describe('GIVEN two services in three AZs', () => {
    const { stack, ingress } = build();

    test('THEN an internal cross-zone NLB takes a fixed address 16 from the top of each app subnet', () => {
      const lb = onlyOf(stack, 'aws_lb');
      expect(lb).toMatchObject({ internal: true, load_balancer_type: 'network', enable_cross_zone_load_balancing: true });
      expect(lb.subnet_mapping).toEqual([
        { subnet_id: 'subnet-a', private_ipv4_address: '10.30.63.240' },
        { subnet_id: 'subnet-b', private_ipv4_address: '10.30.127.240' },
        { subnet_id: 'subnet-c', private_ipv4_address: '10.30.191.240' },
      ]);
    });

    test('THEN each service gets a TCP listener and an IP target group health-checked over HTTP on its readiness path', () => {
      expect(allOf(stack, 'aws_lb_listener').map((l) => [l.port, l.protocol])).toEqual([[8080, 'TCP'], [8081, 'TCP']]);
      for (const tg of allOf(stack, 'aws_lb_target_group')) {
        expect(tg).toMatchObject({ target_type: 'ip', protocol: 'TCP', port: 8080, deregistration_delay: '30' });
        expect(tg.health_check).toMatchObject({ protocol: 'HTTP', path: '/health/ready', port: 'traffic-port' });
      }
    });

    test('THEN the endpoints name the fixed addresses and listener ports the nginx tier needs', () => {
      expect(ingress.endpoints).toEqual([
        { name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] },
        { name: 'user-service', pathPrefix: '/api/users', port: 8081, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] },
      ]);
    });

    test('THEN clients reach the listener ports and the node group admits the NLB on the container port', () => {
      const ingressRules = allOf(stack, 'aws_vpc_security_group_ingress_rule');
      expect(ingressRules.filter((r) => r.cidr_ipv4 === '10.30.0.0/18').map((r) => r.from_port)).toEqual([8080, 8081]);
      expect(ingressRules.filter((r) => r.security_group_id === 'sg-nodes').map((r) => r.from_port)).toEqual([8080, 8080]);
    });
  });

  test('GIVEN more pods than the default NLB target quota THEN synth warns and names the quota', () => {
    const { ingress } = build({ services: [{ ...PROPS.services[0], maxTargets: 1668 }] });
    const messages = ingress.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(messages.join('\n')).toMatch(/1668 pods exceed the default NLB quota "Targets per target group per Region" \(1000\)/);
  });

  describe('bad props are rejected', () => {
    const cases: [string, Partial<ServiceIngressProps>, RegExp][] = [
      ['two services on one listener port', { services: [PROPS.services[0], { ...PROPS.services[1], listenerPort: 8080 }] }, /services\[1\].listenerPort = 8080 is used by two services/],
      ['a target group name over 32 characters', { name: 'a-very-long-environment' }, /services\[0\].name = "a-very-long-environment-api-gateway" is 35 characters long; a target group name \(<name>-<service>\) is limited to 32/],
      ['an offset outside the subnet', { addressOffsetFromTop: 20_000 }, /addressOffsetFromTop = 20000 does not fit in 10.30.0.0\/18/],
      ['a bad client CIDR', { clientCidrs: ['nginx'] }, /clientCidrs\[0\] = "nginx" is not an IPv4 network CIDR/],
    ];
    test.each(cases)('%s', (_label, change, message) => {
      expect(() => build(change)).toThrow(message);
    });
  });
});
