import { TerraformStack, } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Connections } from '../../../constructs/connections';
import { EksCluster, KubernetesVersion, SupportType } from '../../../constructs/eks-cluster';
import { INetwork, Network } from '../../../constructs/network';
import { ServiceIngress, ServiceIngressProps } from '../../../constructs/service-ingress';
import { allOf, onlyOf, synthConstructs, SynthesizedStack } from '../../support/synth';
import { testApp } from '../../support/temp';

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

const PROPS: Omit<ServiceIngressProps, 'targets'> = {
  name: 'prod',
  network: NETWORK,
  services: [
    { name: 'api-gateway', pathPrefix: '/', listenerPort: 8080, targetPort: 8080, healthCheckPath: '/health/ready', maxTargets: 100 },
    { name: 'user-service', pathPrefix: '/api/users', listenerPort: 8081, targetPort: 8080, healthCheckPath: '/health/ready', maxTargets: 100 },
  ],
};

/** The pods' group, made elsewhere: it allows all outbound traffic, so only ingress is added to it. */
const nodes = (scope: Construct) => Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes');

function build(props: Partial<ServiceIngressProps> = {}) {
  let ingress: ServiceIngress | undefined;
  const stack = synthConstructs((scope) => {
    ingress = new ServiceIngress(scope, 'ingress', { targets: nodes(scope), ...PROPS, ...props });
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

    test('THEN the NLB admits nobody by CIDR: no client until one is allowed', () => {
      const nlbGroup = (r: Record<string, unknown>) => String(r.security_group_id).includes('aws_security_group.ingress_sg');
      expect(allOf(stack, 'aws_vpc_security_group_ingress_rule').filter(nlbGroup)).toEqual([]);
      expect(allOf(stack, 'aws_vpc_security_group_ingress_rule').some((r) => r.cidr_ipv4 !== undefined)).toBe(false);
    });

    test('THEN the targets admit the NLB once on the shared container port (traffic and health checks), and the NLB may send only there', () => {
      const toNodes = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === 'sg-nodes');
      expect(toNodes).toEqual([
        expect.objectContaining({ from_port: 8080, to_port: 8080, ip_protocol: 'tcp', referenced_security_group_id: expect.stringContaining('aws_security_group.ingress_sg'), description: 'api-gateway, user-service from the internal NLB prod (traffic and health checks)' }),
      ]);
      const egress = allOf(stack, 'aws_vpc_security_group_egress_rule');
      expect(egress).toEqual([expect.objectContaining({ from_port: 8080, to_port: 8080, referenced_security_group_id: 'sg-nodes', security_group_id: expect.stringContaining('aws_security_group.ingress_sg') })]);
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
      ['the old client CIDRs (JS)', { clientCidrs: ['10.30.0.0/18'] } as Partial<ServiceIngressProps>, /clientCidrs = \["10.30.0.0\/18"\] is no longer a prop: security group references .* replaced it\. Fix: drop it: AlbNginxTier admits its nginx fleet/],
      ['the old target group id (JS)', { targetSecurityGroupId: 'sg-nodes' } as Partial<ServiceIngressProps>, /targetSecurityGroupId = "sg-nodes" is no longer a prop.*Fix: pass targets: eksCluster/],
      ['targets given as an id (JS)', { targets: 'sg-nodes' as never }, /targets = "sg-nodes" is not connectable/],
      ['a client given as an id (JS)', { clients: ['sg-nginx' as never] }, /clients\[0\] = "sg-nginx" is not connectable.*Fix: pass the construct, or Connections.fromSecurityGroupId\(this, '<id>', "sg-nginx"\)/],
      ['a non-boolean cross-zone flag (JS)', { crossZoneLoadBalancing: 'off' as never }, /crossZoneLoadBalancing = "off" is not a boolean/],
      [
        'cross-zone off with one AZ',
        { crossZoneLoadBalancing: false, network: Network.fromAttributes({ vpcId: 'vpc-1', vpcCidr: '10.30.0.0/16', region: 'us-east-1', availabilityZones: ['us-east-1a'], publicSubnets: [], appSubnets: [{ id: 'subnet-a', availabilityZone: 'us-east-1a', cidr: '10.30.0.0/18' }], dataSubnets: [] }) },
        /crossZoneLoadBalancing = false is off with 1 AZ: there is no other AZ to fail over to/,
      ],
    ];
    test.each(cases)('%s', (_label, change, message) => {
      expect(() => build(change)).toThrow(message);
    });
  });

  test('GIVEN crossZoneLoadBalancing false (AZ-affine routing) THEN the NLB keeps each AZ\'s flows on its own targets, and says so to the nginx tier', () => {
    const { stack, ingress } = build({ crossZoneLoadBalancing: false });
    expect(onlyOf(stack, 'aws_lb')).toMatchObject({ enable_cross_zone_load_balancing: false, enable_zonal_shift: true });
    // Target groups follow the load balancer's setting, so none turns cross-zone back on.
    expect(allOf(stack, 'aws_lb_target_group').map((tg) => tg.load_balancing_cross_zone_enabled)).toEqual(['use_load_balancer_configuration', 'use_load_balancer_configuration']);
    expect(ingress.crossZoneLoadBalancing).toBe(false);
    expect(build().ingress.crossZoneLoadBalancing).toBe(true);
  });

  test('GIVEN clients THEN each is admitted on every listener port and nothing else', () => {
    const stack = synthConstructs((scope) => {
      new ServiceIngress(scope, 'ingress', { ...PROPS, targets: nodes(scope), clients: [Connections.fromSecurityGroupId(scope, 'nginx', 'sg-nginx')] });
    });
    const fromNginx = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.referenced_security_group_id === 'sg-nginx');
    expect(fromNginx.map((r) => [r.from_port, r.description])).toEqual([
      [8080, 'api-gateway from nginx group'],
      [8081, 'user-service from nginx group'],
    ]);
  });

  describe('GIVEN the pods on an EksCluster', () => {
    let stack: SynthesizedStack;
    beforeAll(() => {
      stack = synthConstructs((scope) => {
        const eks = new EksCluster(scope, 'eks', {
          name: 'prod',
          network: NETWORK,
          kubernetesVersion: KubernetesVersion.V1_36,
          supportType: SupportType.EXTENDED,
          nodeGroups: ['a', 'b'].map((az) => ({ name: `services-${az}`, instanceTypes: ['c7i.8xlarge'], availabilityZone: `us-east-1${az}`, minSize: 2, desiredSize: 2, maxSize: 4, maxPodsPerNode: 110 })),
        });
        new ServiceIngress(scope, 'ingress', { ...PROPS, targets: eks });
      });
    });

    test('THEN every node group is created after the NLB takes its fixed addresses, after the add-ons it already waited for', () => {
      for (const group of allOf(stack, 'aws_eks_node_group')) {
        const dependsOn = group.depends_on as string[];
        expect(dependsOn[dependsOn.length - 1]).toMatch(/^aws_lb\.ingress_nlb_/);
        expect(dependsOn.some((d) => d.startsWith('aws_eks_addon.eks_addon-vpc-cni'))).toBe(true);
      }
    });

    test('THEN the node group admits the NLB, with the rule next to the group it changes', () => {
      const rules = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => String(r.referenced_security_group_id).includes('aws_security_group.ingress_sg'));
      expect(rules).toEqual([expect.objectContaining({ security_group_id: expect.stringContaining('aws_security_group.eks_node-sg'), from_port: 8080 })]);
      expect(Object.keys(stack.resource!.aws_vpc_security_group_ingress_rule).filter((k) => k.startsWith('eks_nodes-from-ingress-nlb-tcp-8080'))).toHaveLength(1);
    });
  });

  test('GIVEN targets in another TerraformStack THEN synth fails naming both constructs and the fix', () => {
    const app = testApp();
    const compute = new TerraformStack(app, 'compute');
    new AwsProvider(compute, 'aws', { region: 'us-east-1' });
    const nodesElsewhere = Connections.fromSecurityGroupId(compute, 'nodes', 'sg-nodes');
    const edge = new TerraformStack(app, 'edge');
    expect(() => new ServiceIngress(edge, 'ingress', { ...PROPS, targets: nodesElsewhere })).toThrow(
      /^ImportedSecurityGroup \(compute\/nodes\): connections = "ServiceIngress \(edge\/ingress\)" is in another TerraformStack \("edge"; this construct is in "compute"\).*terraform_remote_state.*Fix: create both constructs in one stack, or bring the other group in by id with Connections\.fromSecurityGroupId/,
    );
  });
});
