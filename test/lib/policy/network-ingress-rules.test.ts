import { checkResources, FAIL, outcomeOf, PASS, Resources } from '../../support/policy';

/**
 * How the world-ingress rules read a permission (survivors of network.ts's mutation run): the
 * all-traffic protocols, a one-port range, a world CIDR among others, the group a rule belongs
 * to, and the ALB that may take 80 and 443 from anywhere.
 */

const ALL_PORTS = FAIL('ingress from 0.0.0.0/0 reaches all ports (0-65535)');
const legacy = (config: Record<string, unknown>): Resources => ({ aws_security_group_rule: { r: { type: 'ingress', security_group_id: 'sg-0123', ...config } } });

describe('CKV_AWS_277: ingress from anywhere to every port', () => {
  test.each<[string, Record<string, unknown>, unknown]>([
    ['protocol "-1" whatever ports it names', { protocol: '-1', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }, ALL_PORTS],
    ['protocol "all" whatever ports it names', { protocol: 'all', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }, ALL_PORTS],
    ['ports 0 to 0 over TCP (all ports)', { protocol: 'tcp', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }, ALL_PORTS],
    ['port 22 only', { protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'] }, PASS],
  ])('GIVEN a legacy rule with %s THEN the outcome is as expected', (_, rule, expected) => {
    expect(outcomeOf('CKV_AWS_277', legacy(rule))).toEqual(expected);
  });
});

describe('CKV_AWS_24: a world CIDR among others', () => {
  const SSH = FAIL('ingress from 0.0.0.0/0 reaches port 22 (22-22)');
  test('GIVEN a legacy rule listing a private CIDR, then the world THEN it is open', () => {
    expect(outcomeOf('CKV_AWS_24', legacy({ protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'] }))).toEqual(SSH);
  });

  test('GIVEN an inline block listing a private CIDR, then the world THEN it is open', () => {
    const group: Resources = { aws_security_group: { g: { name: 'g', ingress: [{ protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['10.0.0.0/8'], ipv6_cidr_blocks: ['::/0'] }] } } };
    expect(outcomeOf('CKV_AWS_24', group)).toEqual(SSH);
  });
});

describe('AwsSolutions-EC23: only an internet-facing ALB takes 80 and 443 from anywhere', () => {
  /** An internet-facing ALB (as `type`) on group `alb`, and the given resources. */
  const withAlb = (type: string, extra: Resources): Resources => ({
    [type]: { alb: { load_balancer_type: 'application', internal: false, security_groups: ['${aws_security_group.alb.id}'] } },
    aws_security_group: { alb: { name: 'alb' } },
    ...extra,
  });
  const world443 = (securityGroupId: unknown) => ({ ...(securityGroupId === undefined ? {} : { security_group_id: securityGroupId }), ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' });

  test.each<[string, Resources, unknown]>([
    ['an aws_alb\'s group taking 443', withAlb('aws_alb', { aws_vpc_security_group_ingress_rule: { r: world443('${aws_security_group.alb.id}') } }), PASS],
    ['a group outside the stack taking 443 beside the ALB', withAlb('aws_lb', { aws_vpc_security_group_ingress_rule: { r: world443('sg-0123') } }), FAIL('ingress from anywhere on ports 443-443')],
    ['a rule that names no group', withAlb('aws_lb', { aws_vpc_security_group_ingress_rule: { r: world443(undefined) } }), FAIL('ingress from anywhere on ports 443-443')],
  ])('GIVEN %s THEN the outcome is as expected', (_, resources, expected) => {
    const rule = checkResources('AwsSolutions-EC23', resources).find((c) => c.address === 'aws_vpc_security_group_ingress_rule.r');
    expect(rule?.outcome).toEqual(expected);
  });

  test('GIVEN two world-open ports on one group THEN the finding lists both', () => {
    const group: Resources = {
      aws_security_group: {
        g: {
          name: 'g',
          ingress: [
            { protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'] },
            { protocol: 'tcp', from_port: 3389, to_port: 3389, cidr_blocks: ['0.0.0.0/0'] },
          ],
        },
      },
    };
    expect(outcomeOf('AwsSolutions-EC23', group)).toEqual(FAIL('ingress from anywhere on ports 22-22, 3389-3389'));
  });
});
