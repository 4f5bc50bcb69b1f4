import { checkResources, FAIL, NOT_APPLICABLE, outcomeOf, PASS, Resources } from '../../support/policy';

const ALB = { load_balancer_type: 'application', internal: false };
const lb = (id: string, config: Record<string, unknown>, others: Resources = {}) => outcomeOf(id, { aws_lb: { alb: config }, ...others });

describe('ALB settings', () => {
  test.each([
    ['CKV_AWS_131', { ...ALB, drop_invalid_header_fields: true }, PASS],
    ['CKV_AWS_131', { ...ALB }, FAIL('drop_invalid_header_fields is not true')],
    ['CKV_AWS_131', {}, FAIL('drop_invalid_header_fields is not true')],
    ['CKV_AWS_131', { load_balancer_type: 'network' }, NOT_APPLICABLE('network load balancer')],
    ['CKV_AWS_91', { ...ALB, access_logs: { bucket: 'logs', enabled: true } }, PASS],
    ['CKV_AWS_91', { ...ALB, access_logs: [{ bucket: 'logs', enabled: 'true' }] }, PASS],
    ['CKV_AWS_91', { ...ALB, access_logs: { bucket: 'logs', enabled: false } }, FAIL('access_logs is not enabled')],
    ['CKV_AWS_91', { ...ALB, access_logs: { enabled: true } }, FAIL('access_logs is not enabled')],
    ['CKV_AWS_91', { ...ALB }, FAIL('access_logs is not enabled')],
    ['CKV_AWS_91', { load_balancer_type: 'gateway' }, NOT_APPLICABLE('gateway load balancer')],
    ['CKV_AWS_150', { ...ALB, enable_deletion_protection: true }, PASS],
    ['CKV_AWS_150', { load_balancer_type: 'network', enable_deletion_protection: false }, FAIL('enable_deletion_protection is not true')],
    ['CKV_AWS_150', {}, FAIL('enable_deletion_protection is not true')],
    ['CKV_AWS_328', { ...ALB }, PASS],
    ['CKV_AWS_328', { ...ALB, desync_mitigation_mode: 'strictest' }, PASS],
    ['CKV_AWS_328', { ...ALB, desync_mitigation_mode: 'monitor' }, FAIL('desync_mitigation_mode is "monitor"')],
    ['CKV_AWS_328', { load_balancer_type: 'network', desync_mitigation_mode: 'monitor' }, NOT_APPLICABLE('network load balancer')],
  ])('GIVEN %s on %j THEN %j', (id, config, expected) => {
    expect(lb(id, config)).toEqual(expected);
  });

  test('GIVEN aws_alb (the old name) THEN it is read like aws_lb', () => {
    expect(outcomeOf('CKV_AWS_131', { aws_alb: { alb: {} } })).toEqual(FAIL('drop_invalid_header_fields is not true'));
  });
});

describe('CKV2_AWS_28: a public ALB behind WAF', () => {
  const waf = (resourceArn: string, type = 'aws_wafv2_web_acl_association') => ({ [type]: { waf: { resource_arn: resourceArn, web_acl_arn: 'arn:acl' } } });

  test.each([
    [{ ...ALB }, waf('${aws_lb.alb.arn}'), PASS],
    [{}, waf('${aws_lb.alb.arn}'), PASS],
    [{ ...ALB }, waf('${aws_lb.alb.arn}', 'aws_wafregional_web_acl_association'), PASS],
    [{ ...ALB }, waf('${aws_lb.other.arn}'), FAIL('no aws_wafv2_web_acl_association references this ALB')],
    [{ ...ALB }, {}, FAIL('no aws_wafv2_web_acl_association references this ALB')],
    [{ ...ALB, internal: true }, {}, NOT_APPLICABLE('internal or non-application load balancer')],
    [{ ...ALB, internal: 'true' }, {}, NOT_APPLICABLE('internal or non-application load balancer')],
    [{ load_balancer_type: 'network' }, {}, NOT_APPLICABLE('internal or non-application load balancer')],
  ])('GIVEN %j and %j THEN %j', (config, others, expected) => {
    expect(lb('CKV2_AWS_28', config, others)).toEqual(expected);
  });
});

describe('HTTPS only', () => {
  const REDIRECT = { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } };
  const FORWARD = { type: 'forward', target_group_arn: 'arn:tg' };
  const listener = (config: Record<string, unknown>) => ({ load_balancer_arn: '${aws_lb.alb.arn}', ...config });

  test.each([
    [{ protocol: 'HTTP', default_action: [REDIRECT] }, PASS],
    [{ protocol: 'HTTP', default_action: REDIRECT }, PASS],
    [{ protocol: 'HTTP', default_action: [{ ...REDIRECT, redirect: { protocol: 'HTTP' } }] }, FAIL('protocol HTTP with a default action other than a redirect to HTTPS')],
    [{ protocol: 'HTTP', default_action: [FORWARD] }, FAIL('protocol HTTP with a default action other than a redirect to HTTPS')],
    [{ default_action: [FORWARD] }, FAIL('protocol HTTP with a default action other than a redirect to HTTPS')],
    [{ default_action: [] }, FAIL('protocol HTTP with a default action other than a redirect to HTTPS')],
    [{ protocol: 'GENEVE', default_action: [FORWARD] }, FAIL('protocol GENEVE with a default action other than a redirect to HTTPS')],
    ...['HTTPS', 'TLS', 'TCP', 'UDP', 'TCP_UDP'].map((protocol) => [{ protocol, default_action: [FORWARD] }, PASS] as [Record<string, unknown>, typeof PASS]),
  ])('GIVEN a listener %j THEN CKV_AWS_2 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_2', { aws_lb_listener: { l: listener(config) } })).toEqual(expected);
  });

  test.each([
    [{ protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }, PASS],
    [{ protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS-1-2-2017-01' }, PASS],
    [{ protocol: 'TLS', ssl_policy: 'ELBSecurityPolicy-FS-1-2-Res-2020-10' }, PASS],
    [{ protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS-1-1-2017-01' }, FAIL('ssl_policy ELBSecurityPolicy-TLS-1-1-2017-01 allows TLS older than 1.2')],
    [{ protocol: 'HTTPS' }, FAIL('ssl_policy ELBSecurityPolicy-2016-08 (default) allows TLS older than 1.2')],
    [{ protocol: 'HTTPS', ssl_policy: 'Custom-ELBSecurityPolicy-TLS13' }, FAIL('ssl_policy Custom-ELBSecurityPolicy-TLS13 allows TLS older than 1.2')],
    [{ protocol: 'HTTP', default_action: [REDIRECT] }, PASS],
    [{ protocol: 'HTTP', default_action: [FORWARD] }, FAIL('plain HTTP listener')],
    [{ default_action: [FORWARD] }, FAIL('plain HTTP listener')],
    [{ protocol: 'TCP' }, NOT_APPLICABLE('TCP listener')],
    [{ protocol: 'UDP' }, NOT_APPLICABLE('UDP listener')],
    [{ protocol: 'TCP_UDP' }, NOT_APPLICABLE('TCP_UDP listener')],
  ])('GIVEN a listener %j THEN CKV_AWS_103 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_103', { aws_lb_listener: { l: listener(config) } })).toEqual(expected);
  });

  test('GIVEN an ALB with an HTTP listener that forwards THEN CKV2_AWS_20 names the listener; redirects and other ALBs do not count', () => {
    const resources = (action: Record<string, unknown>, arn = '${aws_lb.alb.arn}') => ({
      aws_lb: { alb: ALB },
      aws_lb_listener: { https: listener({ protocol: 'HTTPS', default_action: [FORWARD] }), http: { load_balancer_arn: arn, protocol: 'HTTP', default_action: [action] } },
    });
    expect(outcomeOf('CKV2_AWS_20', resources(FORWARD))).toEqual(FAIL('HTTP listener(s) http serve traffic instead of redirecting'));
    expect(outcomeOf('CKV2_AWS_20', resources(REDIRECT))).toEqual(PASS);
    expect(outcomeOf('CKV2_AWS_20', resources(FORWARD, '${aws_lb.other.arn}'))).toEqual(PASS);
    expect(outcomeOf('CKV2_AWS_20', { aws_lb: { nlb: { load_balancer_type: 'network' } } })).toEqual(NOT_APPLICABLE('network load balancer'));
    const two = checkResources('CKV2_AWS_20', {
      aws_lb: { alb: ALB },
      aws_alb_listener: { a: { load_balancer_arn: '${aws_lb.alb.arn}', protocol: 'HTTP', default_action: [FORWARD] }, b: { load_balancer_arn: '${aws_lb.alb.arn}', protocol: 'HTTP', default_action: [FORWARD] } },
    });
    expect(two.map((c) => c.outcome)).toEqual([FAIL('HTTP listener(s) a, b serve traffic instead of redirecting')]);
  });
});

describe('CKV_AWS_261: target group health checks', () => {
  test.each([
    [{ protocol: 'HTTP', health_check: { path: '/health', matcher: '200' } }, PASS],
    [{ protocol: 'HTTPS', health_check: [{ path: '/health', enabled: true }] }, PASS],
    [{ protocol: 'HTTP', health_check: { path: '/health', enabled: false } }, FAIL('health_check with a path is not set')],
    [{ protocol: 'HTTP', health_check: { matcher: '200' } }, FAIL('health_check with a path is not set')],
    [{ protocol: 'HTTP' }, FAIL('health_check with a path is not set')],
    [{ protocol: 'TCP' }, NOT_APPLICABLE('TCP protocol')],
    [{}, NOT_APPLICABLE('unset protocol')],
  ])('GIVEN a target group %j THEN %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_261', { aws_lb_target_group: { tg: config } })).toEqual(expected);
    expect(outcomeOf('CKV_AWS_261', { aws_alb_target_group: { tg: config } })).toEqual(expected);
  });
});
