import { CheckOutcome, fail, notApplicable, pass, PolicyRule } from '../rule';
import { asList, asNumber, blocks, isSet, isTrue, ResourceView, StackView } from '../stack-view';
import { isPublicAlb } from './load-balancing';

const WORLD = ['0.0.0.0/0', '::/0'];
const HTTP_PORT = 80;
const HTTPS_PORT = 443;
const MAX_PORT = 65535;

/** One ingress permission, from an inline block or a rule resource. */
interface Ingress {
  readonly fromPort: number;
  readonly toPort: number;
  readonly world: boolean;
  /** The security group it belongs to, when it is in the stack. */
  readonly group?: ResourceView;
}

/** Ingress permissions a resource grants, normalised over the three ways Terraform writes them. */
function ingressOf(r: ResourceView, stack: StackView): Ingress[] {
  const range = (from: unknown, to: unknown, protocol: unknown): [number, number] => {
    if (String(protocol) === '-1' || String(protocol) === 'all') return [0, MAX_PORT];
    const low = asNumber(from) ?? 0;
    const high = asNumber(to) ?? MAX_PORT;
    return low === 0 && high === 0 ? [0, MAX_PORT] : [low, high];
  };
  const groupOf = (id: unknown) => stack.ofType('aws_security_group').find((g) => typeof id === 'string' && id.includes(`\${${g.address}.`));
  if (r.type === 'aws_security_group') {
    return blocks(r.config.ingress).map((rule) => {
      const [fromPort, toPort] = range(rule.from_port, rule.to_port, rule.protocol);
      const cidrs = [...asList(rule.cidr_blocks), ...asList(rule.ipv6_cidr_blocks)].map(String);
      return { fromPort, toPort, world: cidrs.some((c) => WORLD.includes(c)), group: r };
    });
  }
  if (r.type === 'aws_security_group_rule') {
    if (r.config.type !== 'ingress') return [];
    const [fromPort, toPort] = range(r.config.from_port, r.config.to_port, r.config.protocol);
    const cidrs = [...asList(r.config.cidr_blocks), ...asList(r.config.ipv6_cidr_blocks)].map(String);
    return [{ fromPort, toPort, world: cidrs.some((c) => WORLD.includes(c)), group: groupOf(r.config.security_group_id) }];
  }
  if (r.type === 'aws_vpc_security_group_ingress_rule') {
    const [fromPort, toPort] = range(r.config.from_port, r.config.to_port, r.config.ip_protocol);
    const world = WORLD.includes(String(r.config.cidr_ipv4)) || WORLD.includes(String(r.config.cidr_ipv6));
    return [{ fromPort, toPort, world, group: groupOf(r.config.security_group_id) }];
  }
  return [];
}

/** Security groups attached to an internet-facing ALB of the stack. */
function publicAlbGroups(stack: StackView): Set<string> {
  const groups = new Set<string>();
  for (const lb of stack.ofType('aws_lb', 'aws_alb').filter(isPublicAlb)) {
    for (const id of asList(lb.config.security_groups)) {
      for (const g of stack.ofType('aws_security_group')) if (typeof id === 'string' && id.includes(`\${${g.address}.`)) groups.add(g.address);
    }
  }
  return groups;
}

/** HTTP or HTTPS alone, from anywhere, to a public ALB: the only world-open ingress allowed. */
function isAllowedPublicAlbIngress(rule: Ingress, stack: StackView): boolean {
  const single = rule.fromPort === rule.toPort && (rule.fromPort === HTTP_PORT || rule.fromPort === HTTPS_PORT);
  return single && rule.group !== undefined && publicAlbGroups(stack).has(rule.group.address);
}

/**
 * A subnet is public when its route table sends traffic to an internet gateway, or when it
 * gives instances public IPs. Subnets outside the stack cannot be judged.
 */
function isPublicSubnet(subnet: ResourceView, stack: StackView): boolean {
  if (isTrue(subnet.config.map_public_ip_on_launch)) return true;
  const tables = stack
    .referencing(subnet, ['aws_route_table_association'], 'subnet_id')
    .map((a) => stack.resolve(a.config.route_table_id))
    .filter((t): t is ResourceView => t !== undefined);
  const toInternet = (gateway: unknown) => stack.resolve(gateway)?.type === 'aws_internet_gateway';
  return tables.some(
    (table) =>
      blocks(table.config.route).some((route) => toInternet(route.gateway_id)) ||
      stack.referencing(table, ['aws_route'], 'route_table_id').some((route) => toInternet(route.config.gateway_id)),
  );
}

const INGRESS_TYPES = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

function worldIngressRule(id: string, port: number | 'any', extra: Partial<PolicyRule> = {}): PolicyRule {
  const label = port === 'any' ? 'all ports' : `port ${port}`;
  return {
    id,
    title: port === 'any' ? 'Ensure no security groups allow ingress from 0.0.0.0:0 to port -1' : `Ensure no security groups allow ingress from 0.0.0.0:0 to port ${port}`,
    resourceTypes: INGRESS_TYPES,
    fix: 'allow only the CIDRs or security groups that need the port',
    ...extra,
    check(r, stack): CheckOutcome {
      const rules = ingressOf(r, stack);
      if (rules.length === 0) return notApplicable('no ingress');
      const open = rules.filter((i) => i.world && (port === 'any' ? i.fromPort === 0 && i.toPort === MAX_PORT : i.fromPort <= port && port <= i.toPort));
      const bad = open.filter((i) => !(port === HTTP_PORT && isAllowedPublicAlbIngress(i, stack)));
      return bad.length === 0 ? pass() : fail(`ingress from 0.0.0.0/0 reaches ${label} (${bad.map((i) => `${i.fromPort}-${i.toPort}`).join(', ')})`);
    },
  };
}

export const NETWORK_RULES: PolicyRule[] = [
  {
    id: 'CKV2_AWS_11',
    title: 'Ensure VPC flow logging is enabled in all VPCs',
    resourceTypes: ['aws_vpc'],
    fix: 'add an aws_flow_log for the VPC (constructs/network does)',
    check: (r, stack) => (stack.referencing(r, ['aws_flow_log'], 'vpc_id').length > 0 ? pass() : fail('no aws_flow_log references this VPC')),
  },
  {
    id: 'CKV2_AWS_12',
    title: 'Ensure the default security group of every VPC restricts all traffic',
    resourceTypes: ['aws_vpc'],
    fix: 'manage the default security group with no rules (aws_default_security_group without ingress or egress)',
    check(r, stack) {
      const defaults = stack.referencing(r, ['aws_default_security_group'], 'vpc_id');
      if (defaults.length === 0) return fail('the VPC default security group is not managed, so it keeps its allow-all rules');
      const open = defaults.filter((d) => blocks(d.config.ingress).length > 0 || blocks(d.config.egress).length > 0);
      return open.length === 0 ? pass() : fail('the default security group has rules');
    },
  },
  {
    id: 'MRPS_AWS_2',
    title: 'Ensure databases and caches are placed only in subnets without a route to the internet',
    resourceTypes: ['aws_db_subnet_group', 'aws_elasticache_subnet_group'],
    fix: 'use the network\'s data subnets (no internet gateway route, no public IPs) for the subnet group',
    deviation: 'No checkov or cdk-nag check follows a subnet group to its route tables; publicly_accessible (CKV_AWS_17) alone does not keep a database off public subnets.',
    check(r, stack) {
      const subnets = asList(r.config.subnet_ids).map((id) => stack.resolve(id)).filter((s): s is ResourceView => s?.type === 'aws_subnet');
      if (subnets.length === 0) return notApplicable('its subnets are not in this stack');
      const open = subnets.filter((subnet) => isPublicSubnet(subnet, stack));
      return open.length === 0 ? pass() : fail(`subnet(s) ${open.map((s) => s.name).join(', ')} route to an internet gateway`);
    },
  },
  {
    id: 'CKV_AWS_130',
    title: 'Ensure VPC subnets do not assign public IP by default',
    resourceTypes: ['aws_subnet'],
    fix: 'set mapPublicIpOnLaunch: false',
    check: (r) => (isTrue(r.config.map_public_ip_on_launch) ? fail('map_public_ip_on_launch is true') : pass()),
  },
  {
    id: 'CKV_AWS_23',
    title: 'Ensure every security group and rule has a description',
    resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
    fix: 'describe why the group or rule exists (description)',
    check(r) {
      if (!isSet(r.config.description)) return fail('description is not set');
      const inline = [...blocks(r.config.ingress), ...blocks(r.config.egress)].filter((rule) => !isSet(rule.description));
      return inline.length === 0 ? pass() : fail(`${inline.length} inline rule(s) without a description`);
    },
  },
  worldIngressRule('CKV_AWS_24', 22),
  worldIngressRule('CKV_AWS_25', 3389),
  worldIngressRule('CKV_AWS_260', HTTP_PORT, {
    deviation: 'Port 80 from anywhere is allowed on the security group of an internet-facing ALB, whose HTTP listeners CKV_AWS_2 restricts to redirects.',
  }),
  worldIngressRule('CKV_AWS_277', 'any'),
  {
    id: 'AwsSolutions-EC23',
    title: 'The Security Group allows for 0.0.0.0/0 or ::/0 inbound access',
    resourceTypes: INGRESS_TYPES,
    fix: 'allow only the CIDRs or security groups that need access; only an internet-facing ALB may take 80 and 443 from anywhere',
    deviation: 'cdk-nag flags every world-open rule; this one allows exactly ports 80 and 443 on the security group of an internet-facing ALB.',
    check(r, stack) {
      const rules = ingressOf(r, stack);
      if (rules.length === 0) return notApplicable('no ingress');
      const bad = rules.filter((i) => i.world && !isAllowedPublicAlbIngress(i, stack));
      return bad.length === 0 ? pass() : fail(`ingress from anywhere on ports ${bad.map((i) => `${i.fromPort}-${i.toPort}`).join(', ')}`);
    },
  },
];
