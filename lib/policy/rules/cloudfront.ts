import { fail, notApplicable, pass, PolicyRule, unknown } from '../rule';
import { asList, Attrs, block, blocks, isExpression, isSet, isTrue, refersTo, ResourceView, StackView } from '../stack-view';

/** Viewer security policies at or above TLS 1.2 with the 2021 cipher set (the strongest hashicorp/aws 5.100 accepts). */
const STRICT_VIEWER_POLICIES = ['TLSv1.2_2021'];

/** Every cache behavior of a distribution: the default one and the ordered ones. */
function cacheBehaviors(r: ResourceView): Attrs[] {
  return [...blocks(r.config.default_cache_behavior), ...blocks(r.config.ordered_cache_behavior)];
}

/** S3 origins: a bucket's REST endpoint (`<bucket>.s3.<region>.amazonaws.com`) or a reference to a bucket's domain name. */
function isS3Origin(origin: Attrs): boolean {
  const domain = origin.domain_name;
  if (typeof domain !== 'string') return false;
  return /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domain) || /\$\{aws_s3_bucket\.[^}]+\.bucket_(regional_)?domain_name\}/.test(domain);
}

/** A CloudWatch Logs delivery source (standard logging v2) whose resource is this distribution. */
function hasLogDeliverySource(r: ResourceView, stack: StackView): boolean {
  return stack.ofType('aws_cloudwatch_log_delivery_source').some((s) => refersTo(s.config.resource_arn, r) && s.config.log_type === 'ACCESS_LOGS');
}

/** A custom origin (an ALB, a name over ALBs): not S3, not a VPC origin. */
function isCustomOrigin(origin: Attrs): boolean {
  return block(origin.custom_origin_config) !== undefined;
}

/**
 * The load balancers behind a custom origin: referenced directly (`${aws_lb.x.dns_name}`), or
 * through Route 53 alias records whose name is the origin's domain and whose alias targets one.
 */
function loadBalancersBehind(origin: Attrs, stack: StackView): ResourceView[] {
  const domain = origin.domain_name;
  const direct = stack.resolve(domain);
  if (direct && (direct.type === 'aws_lb' || direct.type === 'aws_alb')) return [direct];
  if (typeof domain !== 'string') return [];
  const name = domain.replace(/\.$/, '');
  return stack
    .ofType('aws_route53_record')
    .filter((record) => typeof record.config.name === 'string' && record.config.name.replace(/\.$/, '') === name)
    .map((record) => stack.resolve(block(record.config.alias)?.name))
    .filter((lb): lb is ResourceView => lb !== undefined && (lb.type === 'aws_lb' || lb.type === 'aws_alb'));
}

/** Where a security group admits traffic from: each ingress rule (inline or standalone) as a source description. */
function ingressSources(sg: ResourceView, stack: StackView): { source: string; prefixList: boolean }[] {
  const describe = (rule: Attrs) => {
    const prefixLists = [...asList(rule.prefix_list_id), ...asList(rule.prefix_list_ids)].filter(isSet);
    const others = [...asList(rule.cidr_ipv4), ...asList(rule.cidr_ipv6), ...asList(rule.cidr_blocks), ...asList(rule.ipv6_cidr_blocks), ...asList(rule.referenced_security_group_id), ...asList(rule.security_groups)].filter(isSet);
    return others.length === 0 && prefixLists.length > 0 ? { source: `prefix list ${prefixLists.join(', ')}`, prefixList: true } : { source: others.map(String).join(', ') || 'anywhere', prefixList: false };
  };
  const inline = blocks(sg.config.ingress).map(describe);
  const standalone = stack.referencing(sg, ['aws_vpc_security_group_ingress_rule'], 'security_group_id').map((r) => describe(r.config));
  const legacy = stack.referencing(sg, ['aws_security_group_rule'], 'security_group_id').filter((r) => r.config.type === 'ingress').map((r) => describe(r.config));
  return [...inline, ...standalone, ...legacy];
}

/**
 * Whether a load balancer behind a distribution can be reached only through CloudFront: an
 * internal ALB (a VPC origin), or one whose security groups admit nothing but prefix lists (the
 * origin-facing list) while the distribution sends a secret origin header. Undefined when it can.
 */
export function originClosedProblem(lb: ResourceView, origin: Attrs, stack: StackView): string | undefined {
  if (isTrue(lb.config.internal)) return undefined;
  const listed = asList(lb.config.security_groups).map((id) => ({ id, group: stack.resolve(id) }));
  const groups = listed.flatMap(({ group }) => (group ? [group] : []));
  if (groups.length === 0) return `${lb.name} is internet-facing and its security groups are not in the stack: nothing shows it admits only CloudFront`;
  // A group from outside the stack may admit anything: it must not hide behind a closed one.
  const outside = listed.filter(({ group }) => group === undefined).map(({ id }) => String(id));
  if (outside.length > 0) return `${lb.name} also has security groups that are not in the stack (${outside.join(', ')}): nothing shows they admit only CloudFront`;
  const open = groups.flatMap((g) => ingressSources(g, stack).filter((s) => !s.prefixList).map((s) => `${g.name} admits ${s.source}`));
  if (open.length > 0) return `${lb.name} is reachable around the CDN: ${open.join('; ')}`;
  if (blocks(origin.custom_header).length === 0) return `${lb.name} admits CloudFront's origin-facing addresses, which every distribution shares, and the origin sends no secret header for the edge tier to check`;
  return undefined;
}

/** Every internet-facing ALB that is a custom origin of a distribution with a web ACL, closed to everything but CloudFront. */
export function closedCdnOrigins(stack: StackView): Set<string> {
  const closed = new Set<string>();
  for (const distribution of stack.ofType('aws_cloudfront_distribution')) {
    if (!isSet(distribution.config.web_acl_id)) continue;
    for (const origin of blocks(distribution.config.origin).filter(isCustomOrigin)) {
      for (const lb of loadBalancersBehind(origin, stack)) if (originClosedProblem(lb, origin, stack) === undefined) closed.add(lb.address);
    }
  }
  return closed;
}

export const CLOUDFRONT_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_68',
    title: 'CloudFront Distribution should have WAF enabled',
    resourceTypes: ['aws_cloudfront_distribution'],
    fix: 'set webAclId to the ARN of a WAFv2 web ACL at CLOUDFRONT scope (created through the us-east-1 provider)',
    check: (r) => (isSet(r.config.web_acl_id) ? pass() : fail('web_acl_id is not set: no web ACL inspects viewer requests')),
  },
  {
    id: 'CKV_AWS_174',
    title: 'Verify CloudFront Distribution Viewer Certificate is using TLS v1.2',
    resourceTypes: ['aws_cloudfront_distribution'],
    fix: 'use an ACM certificate from us-east-1 with sslSupportMethod "sni-only" and minimumProtocolVersion "TLSv1.2_2021"',
    deviation: 'Stricter: requires TLSv1.2_2021 (checkov accepts TLSv1.2_2018 and TLSv1.2_2019 too), and fails the CloudFront default certificate, whose policy stays at TLSv1.',
    check(r) {
      const cert = block(r.config.viewer_certificate);
      if (!cert) return fail('no viewer_certificate block');
      const version = cert.minimum_protocol_version;
      if (isExpression(version)) return unknown('minimum_protocol_version is an expression');
      if (cert.cloudfront_default_certificate === true || cert.cloudfront_default_certificate === 'true') return fail('uses the CloudFront default certificate, which allows TLSv1');
      return typeof version === 'string' && STRICT_VIEWER_POLICIES.includes(version) ? pass() : fail(`minimum_protocol_version is ${version === undefined ? 'not set (TLSv1)' : version}`);
    },
  },
  {
    id: 'CKV_AWS_86',
    title: 'Ensure CloudFront distribution has Access Logging enabled',
    resourceTypes: ['aws_cloudfront_distribution'],
    fix: 'deliver standard logs: an aws_cloudwatch_log_delivery_source (log_type ACCESS_LOGS, resource_arn the distribution) with a delivery to an S3 bucket, or logging_config',
    deviation: 'Also passes standard logging v2 (CloudWatch Logs delivery source, destination and delivery through the us-east-1 provider), which needs no bucket ACLs; checkov looks only for logging_config.',
    check: (r, stack) => (block(r.config.logging_config)?.bucket !== undefined || hasLogDeliverySource(r, stack) ? pass() : fail('neither logging_config nor a log delivery source (ACCESS_LOGS) for the distribution')),
  },
  {
    id: 'CKV_AWS_34',
    title: 'Ensure cloudfront distribution ViewerProtocolPolicy is set to HTTPS',
    resourceTypes: ['aws_cloudfront_distribution'],
    fix: 'set viewerProtocolPolicy to "redirect-to-https" or "https-only" on every cache behavior',
    check(r) {
      const open = cacheBehaviors(r).filter((b) => b.viewer_protocol_policy === 'allow-all');
      return open.length === 0 ? pass() : fail(`${open.length} cache behavior(s) allow plain HTTP (viewer_protocol_policy "allow-all")`);
    },
  },
  {
    id: 'CKV2_AWS_32',
    title: 'Ensure CloudFront distribution has a response headers policy attached',
    resourceTypes: ['aws_cloudfront_distribution'],
    fix: 'attach a response headers policy with security headers (HSTS, nosniff, frame options) to every cache behavior',
    deviation: 'Checks every cache behavior, not only the default one.',
    check(r) {
      const missing = cacheBehaviors(r).filter((b) => !isSet(b.response_headers_policy_id));
      return missing.length === 0 ? pass() : fail(`${missing.length} cache behavior(s) have no response_headers_policy_id`);
    },
  },
  {
    id: 'CKV2_AWS_46',
    title: 'Ensure AWS CloudFront Distribution with S3 have Origin Access set to enabled',
    resourceTypes: ['aws_cloudfront_distribution'],
    fix: 'read the bucket through an Origin Access Control (origin_access_control_id, signing "always") and keep the bucket private; the legacy origin access identity is not accepted',
    deviation: 'Stricter: only Origin Access Control passes; an S3 origin through the legacy origin access identity (s3_origin_config) fails, as AWS recommends OAC for new distributions.',
    check(r) {
      const s3 = blocks(r.config.origin).filter(isS3Origin);
      if (s3.length === 0) return notApplicable('no S3 origin');
      const open = s3.filter((o) => !isSet(o.origin_access_control_id));
      return open.length === 0 ? pass() : fail(`S3 origin(s) ${open.map((o) => String(o.origin_id)).join(', ')} are read without an Origin Access Control`);
    },
  },
  {
    id: 'MRPS_CDN_1',
    title: 'An API origin behind CloudFront cannot be reached around the CDN',
    resourceTypes: ['aws_cloudfront_distribution'],
    fix: 'make the ALBs internal (CloudFront VPC origin), or let their security groups admit only the prefix list com.amazonaws.global.cloudfront.origin-facing and send a secret origin header the edge tier checks (AlbNginxTier cdnOrigin with ApiFront)',
    check(r, stack) {
      const origins = blocks(r.config.origin).filter(isCustomOrigin);
      const behind = origins.flatMap((origin) => loadBalancersBehind(origin, stack).map((lb) => ({ origin, lb })));
      if (behind.length === 0) return notApplicable('no load balancer origin');
      const problems = behind.map(({ origin, lb }) => originClosedProblem(lb, origin, stack)).filter((p): p is string => p !== undefined);
      return problems.length === 0 ? pass() : fail(problems.join('; '));
    },
  },
];
