import { NatGatewayStrategy, Network, NetworkProps } from '../../../constructs/network';
import { Connections } from '../../../constructs/connections';
import { allOf, countOf, onlyOf, policyOf, synthConstructs } from '../../support/synth';
import { Protection } from '../../../lib/protection';

const PROD_LIKE: NetworkProps = {
  name: 'prod',
  cidr: '10.30.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  minAvailabilityZones: 3,
};

function synthNetwork(props: Partial<NetworkProps> = {}) {
  let network: Network | undefined;
  const stack = synthConstructs((scope) => {
    network = new Network(scope, 'network', { ...PROD_LIKE, ...props });
  });
  return { stack, network: network! };
}

describe('Network', () => {
  describe('GIVEN three AZs and a /16', () => {
    const { stack, network } = synthNetwork();

    test('THEN it lays out app /18, public /22 and data /22 per AZ without overlap', () => {
      const cidrs = allOf(stack, 'aws_subnet').map((s) => s.cidr_block);
      expect(network.appSubnets.map((s) => s.cidr)).toEqual(['10.30.0.0/18', '10.30.64.0/18', '10.30.128.0/18']);
      expect(network.publicSubnets.map((s) => s.cidr)).toEqual(['10.30.192.0/22', '10.30.196.0/22', '10.30.200.0/22']);
      expect(network.dataSubnets.map((s) => s.cidr)).toEqual(['10.30.204.0/22', '10.30.208.0/22', '10.30.212.0/22']);
      expect(new Set(cidrs).size).toBe(9);
    });

    test('THEN subnets sit in the named AZs with no public IPs and carry the EKS load balancer tags', () => {
      const subnets = allOf(stack, 'aws_subnet');
      expect(subnets.map((s) => s.availability_zone).sort()).toEqual(['us-east-1a', 'us-east-1a', 'us-east-1a', 'us-east-1b', 'us-east-1b', 'us-east-1b', 'us-east-1c', 'us-east-1c', 'us-east-1c']);
      expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
      const tagsOf = (tier: string) => subnets.filter((s) => (s.tags as Record<string, string>).Tier === tier).map((s) => s.tags as Record<string, string>);
      expect(tagsOf('public').every((t) => t['kubernetes.io/role/elb'] === '1')).toBe(true);
      expect(tagsOf('app').every((t) => t['kubernetes.io/role/internal-elb'] === '1')).toBe(true);
      expect(tagsOf('data').every((t) => !('kubernetes.io/role/internal-elb' in t))).toBe(true);
    });

    test('THEN there is one NAT gateway per AZ and each app route table uses its own AZ NAT', () => {
      expect(countOf(stack, 'aws_nat_gateway')).toBe(3);
      const natRoutes = allOf(stack, 'aws_route').filter((r) => r.nat_gateway_id);
      expect(new Set(natRoutes.map((r) => r.nat_gateway_id)).size).toBe(3);
    });

    test('THEN data subnets have no route to the internet', () => {
      const routes = allOf(stack, 'aws_route');
      expect(routes.some((r) => String(r.route_table_id).includes('data-rt'))).toBe(false);
    });

    test('THEN the default security group is closed', () => {
      const sg = onlyOf(stack, 'aws_default_security_group');
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });

    test('THEN flow logs go to a KMS-encrypted log group with retention', () => {
      const flowLog = onlyOf(stack, 'aws_flow_log');
      expect(flowLog.traffic_type).toBe('ALL');
      expect(flowLog.log_destination_type).toBe('cloud-watch-logs');
      const group = onlyOf(stack, 'aws_cloudwatch_log_group');
      expect(group.retention_in_days).toBe(365);
      expect(String(group.kms_key_id)).toContain('aws_kms_key');
      expect(onlyOf(stack, 'aws_kms_key').enable_key_rotation).toBe(true);
    });

    test('THEN the key policy lets CloudWatch Logs of the region use it, scoped to log groups of the account', () => {
      const policy = onlyOf(stack, 'aws_kms_key_policy').policy as string;
      expect(policy).toContain('logs.us-east-1.amazonaws.com');
      expect(policy).toContain('kms:EncryptionContext:aws:logs:arn');
    });

    test('THEN the flow log role trusts only the flow logs service', () => {
      const role = allOf(stack, 'aws_iam_role')[0];
      expect(policyOf(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'vpc-flow-logs.amazonaws.com' });
    });

    test('THEN S3 is a gateway endpoint and ECR, STS and Logs are private interface endpoints', () => {
      const endpoints = allOf(stack, 'aws_vpc_endpoint');
      const byService = Object.fromEntries(endpoints.map((e) => [e.service_name, e]));
      expect(byService['com.amazonaws.us-east-1.s3'].vpc_endpoint_type).toBe('Gateway');
      for (const service of ['ecr.api', 'ecr.dkr', 'sts', 'logs']) {
        const endpoint = byService[`com.amazonaws.us-east-1.${service}`];
        expect(endpoint.vpc_endpoint_type).toBe('Interface');
        expect(endpoint.private_dns_enabled).toBe(true);
      }
      const ingress = onlyOf(stack, 'aws_vpc_security_group_ingress_rule');
      expect(ingress).toMatchObject({ cidr_ipv4: '10.30.0.0/16', from_port: 443, to_port: 443 });
    });

    test('THEN the region comes from the AZ names, with no data source', () => {
      expect(network.region).toBe('us-east-1');
      expect(stack.data).toBeUndefined();
    });
  });

  test('GIVEN a single NAT gateway THEN every app subnet routes through it', () => {
    const { stack } = synthNetwork({ natGateways: NatGatewayStrategy.SINGLE, availabilityZones: ['us-east-1a', 'us-east-1b'], minAvailabilityZones: 2 });
    expect(countOf(stack, 'aws_nat_gateway')).toBe(1);
    const associations = allOf(stack, 'aws_route_table_association').filter((a) => String(a.subnet_id).includes('app-'));
    expect(new Set(associations.map((a) => a.route_table_id)).size).toBe(1);
  });

  test('GIVEN Protection.PRODUCTION THEN the log group and key cannot be destroyed by Terraform', () => {
    const { stack } = synthNetwork({ protection: Protection.PRODUCTION });
    expect(onlyOf(stack, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyOf(stack, 'aws_cloudwatch_log_group').lifecycle).toEqual({ prevent_destroy: true });
  });

  test('GIVEN no protection THEN flow logs are kept a year and cannot be destroyed; Protection.NON_PRODUCTION keeps a month', () => {
    const prod = onlyOf(synthNetwork({ protection: undefined }).stack, 'aws_cloudwatch_log_group');
    expect([prod.retention_in_days, prod.lifecycle]).toEqual([365, { prevent_destroy: true }]);
    const { stack } = synthNetwork({ protection: Protection.NON_PRODUCTION });
    expect([onlyOf(stack, 'aws_cloudwatch_log_group').retention_in_days, onlyOf(stack, 'aws_cloudwatch_log_group').lifecycle, onlyOf(stack, 'aws_kms_key').lifecycle]).toEqual([30, undefined, undefined]);
    expect(onlyOf(synthNetwork({ protection: Protection.NON_PRODUCTION, flowLogRetentionDays: 90 }).stack, 'aws_cloudwatch_log_group').retention_in_days).toBe(90);
  });

  test('GIVEN a client of the interface endpoints THEN it can be admitted by object on HTTPS', () => {
    const stack = synthConstructs((scope) => {
      const network = new Network(scope, 'network', { name: 'prod', cidr: '10.30.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'] });
      network.endpointConnections.allowDefaultPortFrom(Connections.fromSecurityGroupId(scope, 'runner', 'sg-runner'), 'HTTPS from the CI runner');
    });
    const rule = allOf(stack, 'aws_vpc_security_group_ingress_rule').find((r) => r.referenced_security_group_id === 'sg-runner');
    expect(rule).toMatchObject({ security_group_id: expect.stringContaining('aws_security_group.network_endpoint-sg'), from_port: 443, to_port: 443, description: 'HTTPS from the CI runner' });
  });

  describe('bad props fail at synth with the prop and the fix', () => {
    const cases: [string, Partial<NetworkProps>, RegExp][] = [
      ['malformed CIDR', { cidr: '10.0.0.0/33' }, /Network \(test\/network\): cidr = "10.0.0.0\/33" is not a valid IPv4 network CIDR\. Fix: pass an IPv4 CIDR/],
      ['host bits set', { cidr: '10.0.0.1/16' }, /cidr = "10.0.0.1\/16" .*Fix: clear the host bits/],
      ['public range', { cidr: '8.8.0.0/16' }, /cidr = "8.8.0.0\/16" is not inside an RFC 1918 private range/],
      ['too large', { cidr: '10.0.0.0/8' }, /cidr = "10.0.0.0\/8" has prefix \/8.*Fix: use a block from \/16/],
      ['too few AZs', { availabilityZones: ['us-east-1a', 'us-east-1b'] }, /availabilityZones = .* has 2 entries; at least 3 are required/],
      ['duplicate AZ', { availabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1b'] }, /names an AZ more than once/],
      ['AZ id instead of name', { availabilityZones: ['use1-az1', 'us-east-1b', 'us-east-1c'] }, /availabilityZones\[0\] = "use1-az1" is not an availability zone name/],
      ['AZs across regions', { availabilityZones: ['us-east-1a', 'us-west-2b', 'us-east-1c'] }, /availabilityZones\[1\] = "us-west-2b" is in us-west-2, not in the stack's Region us-east-1/],
      ['tiers do not fit', { cidr: '10.0.0.0/24', subnetPrefixLengths: { app: 25, public: 27, data: 27 } }, /subnetPrefixLengths = .* needs 576 addresses for 3 AZs but the VPC 10.0.0.0\/24 has 256/],
      ['app tier too small for pods', { requiredAppAddressesPerAz: 20_000 }, /subnetPrefixLengths.app = 18 gives 16379 usable addresses per AZ but 20000 are required.*Fix: use a shorter app prefix \(at most \/17\)/],
      ['public tier too small for an ALB', { subnetPrefixLengths: { public: 28 } }, /subnetPrefixLengths.public = 28 is out of range \(ALBs need a \/27/],
      ['bad retention', { flowLogRetentionDays: 42 }, /flowLogRetentionDays = 42 is not supported\. Fix: use one of 1, 3, 5/],
      ['bad name', { name: 'Prod_VPC' }, /name = "Prod_VPC" is not a valid network name/],
    ];
    test.each(cases)('%s', (_label, props, message) => {
      expect(() => synthNetwork(props)).toThrow(message);
    });
  });
});
