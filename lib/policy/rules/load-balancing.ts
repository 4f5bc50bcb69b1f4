import { fail, notApplicable, pass, PolicyRule } from '../rule';
import { block, blocks, isSet, isTrue, ResourceView, StackView } from '../stack-view';
import { closedCdnOrigins } from './cloudfront';

/** Load balancer types as Terraform defaults them (`application` when unset). */
export function loadBalancerType(lb: ResourceView): string {
  return String(lb.config.load_balancer_type ?? 'application');
}

export function isApplication(lb: ResourceView): boolean {
  return loadBalancerType(lb) === 'application';
}

/** An internet-facing ALB: `internal` unset or false. */
export function isPublicAlb(lb: ResourceView): boolean {
  return isApplication(lb) && !isTrue(lb.config.internal);
}

function listenersOf(lb: ResourceView, stack: StackView): ResourceView[] {
  return stack.referencing(lb, ['aws_lb_listener', 'aws_alb_listener'], 'load_balancer_arn');
}

/** HTTP listener whose default action redirects to HTTPS. */
function redirectsToHttps(listener: ResourceView): boolean {
  const action = blocks(listener.config.default_action)[0];
  return action?.type === 'redirect' && block(action.redirect)?.protocol === 'HTTPS';
}

/**
 * Security policies that allow only TLS 1.2 and 1.3. The ELB default (`ELBSecurityPolicy-2016-08`)
 * still accepts TLS 1.0. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
const TLS12_POLICY_PREFIXES = ['ELBSecurityPolicy-TLS13', 'ELBSecurityPolicy-TLS-1-2', 'ELBSecurityPolicy-FS-1-2'];

export const LOAD_BALANCING_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_131',
    title: 'Ensure that ALB drops HTTP headers',
    resourceTypes: ['aws_lb', 'aws_alb'],
    fix: 'set dropInvalidHeaderFields: true',
    check(r) {
      if (!isApplication(r)) return notApplicable(`${loadBalancerType(r)} load balancer`);
      return isTrue(r.config.drop_invalid_header_fields) ? pass() : fail('drop_invalid_header_fields is not true');
    },
  },
  {
    id: 'CKV_AWS_91',
    title: 'Ensure the ELBv2 (Application/Network) has access logging enabled',
    resourceTypes: ['aws_lb', 'aws_alb'],
    fix: 'set accessLogs { bucket, enabled: true } to an S3 bucket whose policy lets the ELB log delivery service write',
    deviation: 'Applied to ALBs only: an NLB writes access logs only for TLS listeners, so TCP NLBs have none to write.',
    check(r) {
      if (!isApplication(r)) return notApplicable(`${loadBalancerType(r)} load balancer`);
      const logs = block(r.config.access_logs);
      return logs && isTrue(logs.enabled) && isSet(logs.bucket) ? pass() : fail('access_logs is not enabled');
    },
  },
  {
    id: 'CKV_AWS_150',
    title: 'Ensure that Load Balancer has deletion protection enabled',
    resourceTypes: ['aws_lb', 'aws_alb'],
    productionOnly: true,
    fix: 'set enableDeletionProtection: true in production',
    check: (r) => (isTrue(r.config.enable_deletion_protection) ? pass() : fail('enable_deletion_protection is not true')),
  },
  {
    id: 'CKV_AWS_328',
    title: 'Ensure that ALB is configured with defensive or strictest desync mitigation mode',
    resourceTypes: ['aws_lb', 'aws_alb'],
    fix: 'leave desyncMitigationMode unset (defensive) or set "defensive" / "strictest"',
    check(r) {
      if (!isApplication(r)) return notApplicable(`${loadBalancerType(r)} load balancer`);
      return r.config.desync_mitigation_mode === 'monitor' ? fail('desync_mitigation_mode is "monitor"') : pass();
    },
  },
  {
    id: 'CKV2_AWS_28',
    title: 'Ensure public facing ALB are protected by WAF',
    resourceTypes: ['aws_lb', 'aws_alb'],
    fix: 'associate a WAFv2 web ACL with the ALB (aws_wafv2_web_acl_association), or make it the closed origin of a CloudFront distribution with a web ACL (MRPS_CDN_1)',
    deviation: 'Also passes an ALB that only a CloudFront distribution with a web ACL can reach (the CloudFront origin-facing prefix list alone in its security groups, a secret origin header): every request it serves was inspected at CloudFront.',
    check(r, stack) {
      if (!isPublicAlb(r)) return notApplicable('internal or non-application load balancer');
      const associations = stack.referencing(r, ['aws_wafv2_web_acl_association', 'aws_wafregional_web_acl_association'], 'resource_arn');
      if (associations.length > 0 || closedCdnOrigins(stack).has(r.address)) return pass();
      return fail('no aws_wafv2_web_acl_association references this ALB');
    },
  },
  {
    id: 'CKV2_AWS_20',
    title: 'Ensure that ALB redirects HTTP requests into HTTPS ones',
    resourceTypes: ['aws_lb', 'aws_alb'],
    fix: 'make every HTTP listener of the ALB a redirect to HTTPS (status HTTP_301)',
    check(r, stack) {
      if (!isApplication(r)) return notApplicable(`${loadBalancerType(r)} load balancer`);
      const plain = listenersOf(r, stack).filter((l) => l.config.protocol === 'HTTP' && !redirectsToHttps(l));
      return plain.length === 0 ? pass() : fail(`HTTP listener(s) ${plain.map((l) => l.name).join(', ')} serve traffic instead of redirecting`);
    },
  },
  {
    id: 'CKV_AWS_2',
    title: 'Ensure ALB protocol is HTTPS',
    resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
    fix: 'use protocol HTTPS, or make the HTTP listener a redirect to HTTPS',
    check(r) {
      const protocol = String(r.config.protocol ?? 'HTTP');
      if (['HTTPS', 'TLS', 'TCP', 'UDP', 'TCP_UDP'].includes(protocol)) return pass();
      if (protocol === 'HTTP' && redirectsToHttps(r)) return pass();
      return fail(`protocol ${protocol} with a default action other than a redirect to HTTPS`);
    },
  },
  {
    id: 'CKV_AWS_103',
    title: 'Ensure that load balancer is using at least TLS 1.2',
    resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
    fix: 'set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" (TLS 1.3 and 1.2) or "ELBSecurityPolicy-TLS13-1-3-2021-06" (TLS 1.3 only)',
    check(r) {
      const protocol = String(r.config.protocol ?? 'HTTP');
      if (['TCP', 'UDP', 'TCP_UDP'].includes(protocol)) return notApplicable(`${protocol} listener`);
      if (protocol === 'HTTP') return redirectsToHttps(r) ? pass() : fail('plain HTTP listener');
      const policy = String(r.config.ssl_policy ?? 'ELBSecurityPolicy-2016-08 (default)');
      return TLS12_POLICY_PREFIXES.some((p) => policy.startsWith(p)) ? pass() : fail(`ssl_policy ${policy} allows TLS older than 1.2`);
    },
  },
  {
    id: 'CKV_AWS_261',
    title: 'Ensure HTTP HTTPS Target group defines Healthcheck',
    resourceTypes: ['aws_lb_target_group', 'aws_alb_target_group'],
    fix: 'set healthCheck { path, matcher, interval, thresholds } on the target group',
    check(r) {
      const protocol = String(r.config.protocol ?? '');
      if (!['HTTP', 'HTTPS'].includes(protocol)) return notApplicable(`${protocol || 'unset'} protocol`);
      const health = block(r.config.health_check);
      return health && isSet(health.path) && !(health.enabled === false) ? pass() : fail('health_check with a path is not set');
    },
  },
];
