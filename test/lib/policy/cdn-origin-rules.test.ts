import { FAIL, NOT_APPLICABLE, outcomeOf, PASS, Resources } from '../../support/policy';

/** GIVEN a distribution whose custom origin is `origin.prod.example.com`, weighted records over one ALB, and that ALB's group. */
function stack(opts: { internal?: boolean; header?: boolean; rules?: Record<string, Record<string, unknown>>; inline?: unknown[]; webAcl?: boolean; originDomain?: string } = {}): Resources {
  const origin: Record<string, unknown> = {
    origin_id: 'api',
    domain_name: opts.originDomain ?? 'origin.prod.example.com',
    custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] },
  };
  if (opts.header !== false) origin.custom_header = [{ name: 'X-Origin-Verify', value: '${aws_kms_ciphertext.v.ciphertext_blob}' }];
  return {
    aws_cloudfront_distribution: { api: { origin: [origin], ...(opts.webAcl === false ? {} : { web_acl_id: '${aws_wafv2_web_acl.acl.arn}' }) } },
    aws_lb: { alb: { load_balancer_type: 'application', internal: opts.internal ?? false, security_groups: ['${aws_security_group.alb.id}'] } },
    aws_security_group: { alb: { name: 'alb', ...(opts.inline ? { ingress: opts.inline } : {}) } },
    aws_route53_record: { origin: { name: 'origin.prod.example.com', type: 'A', alias: { name: '${aws_lb.alb.dns_name}', zone_id: '${aws_lb.alb.zone_id}', evaluate_target_health: true } } },
    aws_vpc_security_group_ingress_rule: opts.rules ?? { cf: { security_group_id: '${aws_security_group.alb.id}', prefix_list_id: 'pl-3b927c52', ip_protocol: 'tcp', from_port: 443, to_port: 443 } },
  };
}

describe('MRPS_CDN_1: an API origin cannot be reached around the CDN', () => {
  test.each([
    ['the ALB admits only the origin-facing prefix list and the origin sends a secret header', stack(), PASS],
    ['an internal ALB (a VPC origin)', stack({ internal: true, rules: { any: { security_group_id: '${aws_security_group.alb.id}', cidr_ipv4: '10.0.0.0/16', ip_protocol: 'tcp', from_port: 443, to_port: 443 } } }), PASS],
    ['the ALB referenced directly as the origin', { ...stack({ originDomain: '${aws_lb.alb.dns_name}' }), aws_route53_record: {} }, PASS],
    ['a static-assets distribution (S3 origin only)', { aws_cloudfront_distribution: { s: { origin: [{ origin_id: 's3', domain_name: 'b.s3.us-east-1.amazonaws.com', origin_access_control_id: 'x' }] } } }, NOT_APPLICABLE('no load balancer origin')],
  ])('GIVEN %s THEN the outcome is as expected', (_what, resources, expected) => {
    expect(outcomeOf('MRPS_CDN_1', resources as Resources)).toEqual(expected);
  });

  test.each([
    ['the ALB also admits the internet on 443', stack({ rules: { cf: { security_group_id: '${aws_security_group.alb.id}', prefix_list_id: 'pl-3b927c52', ip_protocol: 'tcp', from_port: 443, to_port: 443 }, open: { security_group_id: '${aws_security_group.alb.id}', cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 } } }), /alb is reachable around the CDN: alb admits 0\.0\.0\.0\/0/],
    ['an inline ingress block open to a CIDR', stack({ rules: {}, inline: [{ from_port: 80, to_port: 80, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }), /alb admits 0\.0\.0\.0\/0/],
    ['another security group admitted', stack({ rules: { sg: { security_group_id: '${aws_security_group.alb.id}', referenced_security_group_id: 'sg-0123', ip_protocol: 'tcp', from_port: 443, to_port: 443 } } }), /alb admits sg-0123/],
    ['no secret origin header', stack({ header: false }), /every distribution shares, and the origin sends no secret header/],
  ])('GIVEN %s THEN it fails', (_what, resources, message) => {
    const outcome = outcomeOf('MRPS_CDN_1', resources);
    expect(outcome.status).toBe('fail');
    expect(outcome).toEqual(FAIL(expect.stringMatching(message) as unknown as string));
  });
});

describe('CKV2_AWS_28 with the ALB as a closed CDN origin', () => {
  test.each([
    ['closed origin of a distribution with a web ACL', stack(), PASS],
    ['closed origin, but the distribution has no web ACL', stack({ webAcl: false }), FAIL('no aws_wafv2_web_acl_association references this ALB')],
    ['origin open to the internet', stack({ rules: { open: { security_group_id: '${aws_security_group.alb.id}', cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 } } }), FAIL('no aws_wafv2_web_acl_association references this ALB')],
    ['origin without the secret header', stack({ header: false }), FAIL('no aws_wafv2_web_acl_association references this ALB')],
  ])('GIVEN %s THEN the outcome is as expected', (_what, resources, expected) => {
    expect(outcomeOf('CKV2_AWS_28', resources)).toEqual(expected);
  });
});
