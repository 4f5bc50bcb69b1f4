import { checkResources, FAIL, NOT_APPLICABLE, outcomeOf, PASS, Resources } from '../../support/policy';

/** A security group `sg` with inline ingress rules. */
const inlineGroup = (...ingress: Record<string, unknown>[]): Resources => ({ aws_security_group: { sg: { name: 'app', description: 'app', ingress } } });
const tcp = (from: number, to: number, cidrs: string[] = ['0.0.0.0/0']) => ({ description: 'r', protocol: 'tcp', from_port: from, to_port: to, cidr_blocks: cidrs });
/** A public (or internal) ALB whose security group is `alb`, with one ingress rule resource on it. */
const albWithRule = (port: number, { internal = false, type = 'application', ipv6 = false } = {}): Resources => ({
  aws_lb: { edge: { load_balancer_type: type, internal, security_groups: ['${aws_security_group.alb.id}'] } },
  aws_security_group: { alb: { name: 'alb', description: 'alb' } },
  aws_vpc_security_group_ingress_rule: {
    world: { security_group_id: '${aws_security_group.alb.id}', description: 'clients', ip_protocol: 'tcp', from_port: port, to_port: port, ...(ipv6 ? { cidr_ipv6: '::/0' } : { cidr_ipv4: '0.0.0.0/0' }) },
  },
});
/** Outcomes of a rule on the ingress rule resource only. */
const onRule = (id: string, resources: Resources) => checkResources(id, resources).filter((c) => c.address.startsWith('aws_vpc_security_group_ingress_rule.')).map((c) => c.outcome);

describe('world-open ingress by port: CKV_AWS_24 (22), CKV_AWS_25 (3389), CKV_AWS_260 (80), CKV_AWS_277 (all ports)', () => {
  test.each([
    ['CKV_AWS_24', tcp(22, 22), FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)')],
    ['CKV_AWS_24', tcp(20, 25), FAIL('ingress from 0.0.0.0/0 reaches port 22 (20-25)')],
    ['CKV_AWS_24', tcp(23, 25), PASS],
    ['CKV_AWS_24', tcp(1, 21), PASS],
    ['CKV_AWS_24', tcp(22, 22, ['10.0.0.0/8']), PASS],
    ['CKV_AWS_24', { ...tcp(22, 22, []), ipv6_cidr_blocks: ['::/0'] }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)')],
    ['CKV_AWS_24', { description: 'all', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (0-65535)')],
    ['CKV_AWS_24', { description: 'all', protocol: 'all', from_port: 1000, to_port: 1000, cidr_blocks: ['0.0.0.0/0'] }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (0-65535)')],
    ['CKV_AWS_24', { description: 'zero', protocol: 'tcp', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (0-65535)')],
    ['CKV_AWS_24', { description: 'open-ended', protocol: 'tcp', from_port: 1000, cidr_blocks: ['0.0.0.0/0'] }, PASS],
    ['CKV_AWS_24', { description: 'strings', protocol: 'tcp', from_port: '22', to_port: '22', cidr_blocks: ['0.0.0.0/0'] }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)')],
    ['CKV_AWS_25', tcp(3389, 3389), FAIL('ingress from 0.0.0.0/0 reaches port 3389 (3389-3389)')],
    ['CKV_AWS_25', tcp(3390, 3390), PASS],
    ['CKV_AWS_277', tcp(0, 65535), FAIL('ingress from 0.0.0.0/0 reaches all ports (0-65535)')],
    ['CKV_AWS_277', tcp(1, 65535), PASS],
    ['CKV_AWS_277', tcp(0, 65534), PASS],
    ['CKV_AWS_277', { description: 'all', protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }, FAIL('ingress from 0.0.0.0/0 reaches all ports (0-65535)')],
    ['CKV_AWS_260', tcp(80, 80), FAIL('ingress from 0.0.0.0/0 reaches port 80 (80-80)')],
    ['CKV_AWS_260', tcp(79, 81), FAIL('ingress from 0.0.0.0/0 reaches port 80 (79-81)')],
  ])('GIVEN %s and inline ingress %j THEN %j', (id, rule, expected) => {
    expect(outcomeOf(id, inlineGroup(rule))).toEqual(expected);
  });

  test('GIVEN several open rules THEN the failure lists each range', () => {
    expect(outcomeOf('CKV_AWS_24', inlineGroup(tcp(22, 22), tcp(80, 80), tcp(0, 1024)))).toEqual(FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22, 0-1024)'));
  });

  test('GIVEN a group without ingress, or an egress rule THEN they do not apply', () => {
    expect(outcomeOf('CKV_AWS_24', inlineGroup())).toEqual(NOT_APPLICABLE('no ingress'));
    expect(outcomeOf('CKV_AWS_24', { aws_security_group_rule: { r: { type: 'egress', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' } } })).toEqual(NOT_APPLICABLE('no ingress'));
  });

  test.each([
    [{ type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)')],
    [{ type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, ipv6_cidr_blocks: ['::/0'], security_group_id: 'sg-1' }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)')],
    [{ type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['10.0.0.0/16'], security_group_id: 'sg-1' }, PASS],
    [{ type: 'ingress', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (0-65535)')],
  ])('GIVEN an aws_security_group_rule %j THEN CKV_AWS_24 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_24', { aws_security_group_rule: { r: config } })).toEqual(expected);
  });

  test.each([
    [{ ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0' }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)')],
    [{ ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv6: '::/0' }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)')],
    [{ ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' }, FAIL('ingress from 0.0.0.0/0 reaches port 22 (0-65535)')],
    [{ ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '10.0.0.0/16' }, PASS],
    [{ ip_protocol: 'tcp', from_port: 22, to_port: 22, referenced_security_group_id: 'sg-2' }, PASS],
  ])('GIVEN an aws_vpc_security_group_ingress_rule %j THEN CKV_AWS_24 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_24', { aws_vpc_security_group_ingress_rule: { r: { security_group_id: 'sg-1', ...config } } })).toEqual(expected);
  });
});

describe('the internet-facing ALB exception: CKV_AWS_260 and AwsSolutions-EC23', () => {
  test.each([
    [80, {}, PASS, PASS],
    [443, {}, PASS, PASS],
    [80, { ipv6: true }, PASS, PASS],
    [8080, {}, PASS, FAIL('ingress from anywhere on ports 8080-8080')],
    [80, { internal: true }, FAIL('ingress from 0.0.0.0/0 reaches port 80 (80-80)'), FAIL('ingress from anywhere on ports 80-80')],
    [443, { internal: true }, PASS, FAIL('ingress from anywhere on ports 443-443')],
    [80, { type: 'network' }, FAIL('ingress from 0.0.0.0/0 reaches port 80 (80-80)'), FAIL('ingress from anywhere on ports 80-80')],
  ] as const)('GIVEN port %p from anywhere on an ALB group %j THEN CKV_AWS_260 is %j and EC23 %j', (port, options, http, ec23) => {
    const resources = albWithRule(port, options);
    expect(onRule('CKV_AWS_260', resources)).toEqual([http]);
    expect(onRule('AwsSolutions-EC23', resources)).toEqual([ec23]);
  });

  test('GIVEN a range 80-443 on the ALB group THEN it is not the exception (only single ports 80 and 443 are)', () => {
    const resources = albWithRule(80);
    (resources.aws_vpc_security_group_ingress_rule.world as Record<string, unknown>).to_port = 443;
    expect(onRule('CKV_AWS_260', resources)).toEqual([FAIL('ingress from 0.0.0.0/0 reaches port 80 (80-443)')]);
    expect(onRule('AwsSolutions-EC23', resources)).toEqual([FAIL('ingress from anywhere on ports 80-443')]);
  });

  test('GIVEN port 80 from anywhere on a group no ALB uses THEN both fail', () => {
    const resources = albWithRule(80);
    resources.aws_lb.edge.security_groups = ['${aws_security_group.other.id}'];
    expect(onRule('CKV_AWS_260', resources)).toEqual([FAIL('ingress from 0.0.0.0/0 reaches port 80 (80-80)')]);
    expect(onRule('AwsSolutions-EC23', resources)).toEqual([FAIL('ingress from anywhere on ports 80-80')]);
  });

  test('GIVEN inline rules on the ALB group itself THEN the exception holds for 80 and 443 only', () => {
    const resources: Resources = {
      aws_lb: { edge: { internal: false, security_groups: ['${aws_security_group.alb.id}'] } },
      aws_security_group: { alb: { name: 'alb', description: 'alb', ingress: [tcp(80, 80), tcp(443, 443), tcp(22, 22, ['10.0.0.0/8'])] } },
    };
    expect(outcomeOf('AwsSolutions-EC23', resources)).toEqual(PASS);
    (resources.aws_security_group.alb.ingress as unknown[]).push(tcp(8443, 8443));
    expect(outcomeOf('AwsSolutions-EC23', resources)).toEqual(FAIL('ingress from anywhere on ports 8443-8443'));
  });

  test('GIVEN an aws_security_group_rule on the ALB group THEN its group is found by reference', () => {
    const resources: Resources = {
      aws_lb: { edge: { security_groups: ['${aws_security_group.alb.id}'] } },
      aws_security_group: { alb: { name: 'alb', description: 'alb' } },
      aws_security_group_rule: { r: { type: 'ingress', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'], security_group_id: '${aws_security_group.alb.id}' } },
    };
    expect(checkResources('AwsSolutions-EC23', resources).map((c) => [c.address, c.outcome])).toEqual([
      ['aws_security_group.alb', NOT_APPLICABLE('no ingress')],
      ['aws_security_group_rule.r', PASS],
    ]);
  });
});

describe('VPCs: CKV2_AWS_11 flow logs, CKV2_AWS_12 closed default group', () => {
  const vpc = (others: Resources) => ({ aws_vpc: { v: { cidr_block: '10.0.0.0/16' } }, ...others });

  test.each([
    [{ aws_flow_log: { f: { vpc_id: '${aws_vpc.v.id}', traffic_type: 'ALL' } } }, PASS],
    [{ aws_flow_log: { f: { vpc_id: '${aws_vpc.other.id}' } } }, FAIL('no aws_flow_log references this VPC')],
    [{}, FAIL('no aws_flow_log references this VPC')],
  ])('GIVEN %j THEN CKV2_AWS_11 is %j', (others, expected) => {
    expect(outcomeOf('CKV2_AWS_11', vpc(others))).toEqual(expected);
  });

  test.each([
    [{ aws_default_security_group: { d: { vpc_id: '${aws_vpc.v.id}' } } }, PASS],
    [{ aws_default_security_group: { d: { vpc_id: '${aws_vpc.v.id}', ingress: [], egress: [] } } }, PASS],
    [{ aws_default_security_group: { d: { vpc_id: '${aws_vpc.v.id}', ingress: [{ protocol: '-1', self: true }] } } }, FAIL('the default security group has rules')],
    [{ aws_default_security_group: { d: { vpc_id: '${aws_vpc.v.id}', egress: { protocol: '-1', cidr_blocks: ['0.0.0.0/0'] } } } }, FAIL('the default security group has rules')],
    [{ aws_default_security_group: { d: { vpc_id: '${aws_vpc.other.id}' } } }, FAIL('the VPC default security group is not managed, so it keeps its allow-all rules')],
    [{}, FAIL('the VPC default security group is not managed, so it keeps its allow-all rules')],
  ])('GIVEN %j THEN CKV2_AWS_12 is %j', (others, expected) => {
    expect(outcomeOf('CKV2_AWS_12', vpc(others))).toEqual(expected);
  });
});

describe('subnets: CKV_AWS_130 and MRPS_AWS_2 (data only in private subnets)', () => {
  test.each([
    [{ map_public_ip_on_launch: true }, FAIL('map_public_ip_on_launch is true')],
    [{ map_public_ip_on_launch: 'true' }, FAIL('map_public_ip_on_launch is true')],
    [{ map_public_ip_on_launch: false }, PASS],
    [{}, PASS],
  ])('GIVEN a subnet %j THEN CKV_AWS_130 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_130', { aws_subnet: { s: config } })).toEqual(expected);
  });

  /** A subnet group over subnets a and b; `routes` decides where each subnet's table sends 0.0.0.0/0. */
  const placed = (type: 'aws_db_subnet_group' | 'aws_elasticache_subnet_group', subnets: Resources['aws_subnet'], extra: Resources = {}) =>
    outcomeOf('MRPS_AWS_2', { [type]: { g: { subnet_ids: Object.keys(subnets).map((s) => `\${aws_subnet.${s}.id}`) } }, aws_subnet: subnets, ...extra });
  const tableRoutingTo = (gateway: string, inline: boolean): Resources => ({
    aws_internet_gateway: { igw: { vpc_id: 'vpc-1' } },
    aws_nat_gateway: { nat: { subnet_id: 'subnet-x' } },
    aws_route_table: { rt: inline ? { vpc_id: 'vpc-1', route: [{ cidr_block: '0.0.0.0/0', gateway_id: gateway }] } : { vpc_id: 'vpc-1' } },
    ...(inline ? {} : { aws_route: { default: { route_table_id: '${aws_route_table.rt.id}', destination_cidr_block: '0.0.0.0/0', gateway_id: gateway } } }),
    aws_route_table_association: { a: { subnet_id: '${aws_subnet.a.id}', route_table_id: '${aws_route_table.rt.id}' } },
  });

  test.each([
    ['aws_db_subnet_group', true],
    ['aws_db_subnet_group', false],
    ['aws_elasticache_subnet_group', true],
    ['aws_elasticache_subnet_group', false],
  ] as const)('GIVEN %s on a subnet routed to an internet gateway (route inline: %p) THEN it fails naming the subnet', (type, inline) => {
    expect(placed(type, { a: { cidr_block: '10.0.1.0/24' }, b: { cidr_block: '10.0.2.0/24' } }, tableRoutingTo('${aws_internet_gateway.igw.id}', inline))).toEqual(FAIL('subnet(s) a route to an internet gateway'));
  });

  test.each([true, false])('GIVEN subnets routed to a NAT gateway only (route inline: %p) THEN it passes', (inline) => {
    expect(placed('aws_db_subnet_group', { a: { cidr_block: '10.0.1.0/24' } }, tableRoutingTo('${aws_nat_gateway.nat.id}', inline))).toEqual(PASS);
  });

  test('GIVEN subnets that map public IPs THEN they are public whatever their routes', () => {
    expect(placed('aws_db_subnet_group', { a: { map_public_ip_on_launch: true }, b: { map_public_ip_on_launch: 'true' } })).toEqual(FAIL('subnet(s) a, b route to an internet gateway'));
  });

  test('GIVEN subnets outside the stack THEN it does not apply', () => {
    expect(outcomeOf('MRPS_AWS_2', { aws_db_subnet_group: { g: { subnet_ids: ['subnet-123', '${data.aws_subnet.x.id}'] } } })).toEqual(NOT_APPLICABLE('its subnets are not in this stack'));
    expect(outcomeOf('MRPS_AWS_2', { aws_db_subnet_group: { g: { subnet_ids: ['${aws_vpc.v.id}'] } }, aws_vpc: { v: {} } })).toEqual(NOT_APPLICABLE('its subnets are not in this stack'));
  });
});

describe('CKV_AWS_23: descriptions', () => {
  test.each([
    ['aws_security_group', { description: 'app tier' }, PASS],
    ['aws_security_group', { description: '' }, FAIL('description is not set')],
    ['aws_security_group', {}, FAIL('description is not set')],
    ['aws_security_group', { description: 'app', ingress: [{ description: 'in' }], egress: [{ description: 'out' }] }, PASS],
    ['aws_security_group', { description: 'app', ingress: [{ from_port: 1 }, { description: 'in' }], egress: { to_port: 2 } }, FAIL('2 inline rule(s) without a description')],
    ['aws_security_group_rule', { type: 'ingress' }, FAIL('description is not set')],
    ['aws_vpc_security_group_ingress_rule', { description: 'from the ALB' }, PASS],
    ['aws_vpc_security_group_egress_rule', {}, FAIL('description is not set')],
  ])('GIVEN %s %j THEN %j', (type, config, expected) => {
    expect(outcomeOf('CKV_AWS_23', { [type]: { r: config } })).toEqual(expected);
  });
});
