import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EdgeWebAcl, EdgeWebAclProps, MANAGED_RULE_GROUPS, wafLimitOf, WebAclScope } from '../../../constructs/alb-nginx-tier';
import { RateLimitKey, RateLimitTier } from '../../../lib/rate-limits';
import { allOf, onlyOf, synthConstructs, SynthesizedStack } from '../../support/synth';

const PER_IP: RateLimitTier = { name: 'per-ip', rate: '1000r/m', key: RateLimitKey.CLIENT_IP };
const TRADING: RateLimitTier = { name: 'trading', rate: '10r/s', key: RateLimitKey.USER, pathPrefix: '/api/transactions' };
const PROPS: EdgeWebAclProps = { name: 'prod-edge', rateLimits: [PER_IP, TRADING], albArns: ['arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1', 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/b/2'] };

// The web ACL on its own, each test synthesizing its own stack (a mutation run then knows which
// test reads which rule); the tier's tests check that every ALB of the tier gets it.
function synthAcl(props: Partial<EdgeWebAclProps> = {}): SynthesizedStack {
  return synthConstructs((scope) => new EdgeWebAcl(scope, 'waf', { ...PROPS, ...props }));
}

type Rule = Record<string, any>;
const rulesOf = (stack: SynthesizedStack): Rule[] => onlyOf(stack, 'aws_wafv2_web_acl').rule as Rule[];
const visibility = (metric_name: string) => ({ cloudwatch_metrics_enabled: true, metric_name, sampled_requests_enabled: true });
const managed = (name: string, priority: number): Rule => ({ name, priority, override_action: { none: {} }, statement: { managed_rule_group_statement: { vendor_name: 'AWS', name } }, visibility_config: visibility(name) });
const NO_TRANSFORMATION = [{ priority: 0, type: 'NONE' }];

describe('EdgeWebAcl', () => {
  test('THEN requests are allowed unless a rule blocks them, IP reputation first, the rate tiers next, the other managed groups last, in unique priorities', () => {
    const acl = onlyOf(synthAcl(), 'aws_wafv2_web_acl');
    expect(acl).toMatchObject({ name: 'prod-edge', scope: 'REGIONAL', default_action: { allow: {} }, visibility_config: visibility('prod-edge'), description: 'Rate tiers and AWS managed rules for the ALBs of prod-edge' });
    expect((acl.rule as Rule[]).map((r) => [r.priority, r.name])).toEqual([
      [0, 'AWSManagedRulesAmazonIpReputationList'],
      [1, 'rate-per-ip'],
      [2, 'rate-trading'],
      [3, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [4, 'AWSManagedRulesCommonRuleSet'],
    ]);
    expect(MANAGED_RULE_GROUPS).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet']);
  });

  test('THEN each AWS managed rule group applies its own actions (override none), with metrics and sampled requests', () => {
    const rules = rulesOf(synthAcl());
    expect(rules[0]).toEqual(managed('AWSManagedRulesAmazonIpReputationList', 0));
    expect(rules[3]).toEqual(managed('AWSManagedRulesKnownBadInputsRuleSet', 3));
    expect(rules[4]).toEqual(managed('AWSManagedRulesCommonRuleSet', 4));
  });

  test('GIVEN a client IP tier THEN a rate-based rule counts each source IP over 60 s and answers 429 over the limit', () => {
    expect(rulesOf(synthAcl())[1]).toEqual({
      name: 'rate-per-ip',
      priority: 1,
      action: { block: { custom_response: { response_code: 429 } } },
      statement: { rate_based_statement: { limit: 1000, evaluation_window_sec: 60, aggregate_key_type: 'IP' } },
      visibility_config: visibility('prod-edge-rate-per-ip'),
    });
  });

  test('GIVEN a user tier with a path prefix THEN it counts each Authorization header, only for URIs under the prefix', () => {
    expect(rulesOf(synthAcl())[2]).toEqual({
      name: 'rate-trading',
      priority: 2,
      action: { block: { custom_response: { response_code: 429 } } },
      statement: {
        rate_based_statement: {
          limit: 600,
          evaluation_window_sec: 60,
          aggregate_key_type: 'CUSTOM_KEYS',
          custom_key: [{ header: { name: 'authorization', text_transformation: NO_TRANSFORMATION } }],
          scope_down_statement: { byte_match_statement: { search_string: '/api/transactions', positional_constraint: 'STARTS_WITH', field_to_match: { uri_path: {} }, text_transformation: NO_TRANSFORMATION } },
        },
      },
      visibility_config: visibility('prod-edge-rate-trading'),
    });
  });

  test('THEN a WAF limit is the tier\'s rate over a 60-second window; a rate it cannot read is NaN (rejected below)', () => {
    expect(wafLimitOf({ name: 'a', rate: '10r/s', key: RateLimitKey.CLIENT_IP })).toBe(600);
    expect(wafLimitOf({ name: 'a', rate: '1000r/m', key: RateLimitKey.CLIENT_IP })).toBe(1000);
    expect(wafLimitOf({ name: 'a', rate: 'fast', key: RateLimitKey.CLIENT_IP })).toBeNaN();
  });

  test('THEN one association per load balancer, each to this ACL', () => {
    const stack = synthAcl();
    const acl = `\${aws_wafv2_web_acl.${Object.keys(stack.resource!.aws_wafv2_web_acl)[0]}.arn}`;
    expect(allOf(stack, 'aws_wafv2_web_acl_association')).toEqual(PROPS.albArns.map((arn) => ({ resource_arn: arn, web_acl_arn: acl })));
    expect(allOf(synthAcl({ albArns: [] }), 'aws_wafv2_web_acl_association')).toEqual([]);
  });

  test('GIVEN a log group THEN only blocked requests are logged, with the Authorization header redacted; none without', () => {
    const stack = synthAcl({ blockedRequestLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-prod-edge' });
    const acl = `\${aws_wafv2_web_acl.${Object.keys(stack.resource!.aws_wafv2_web_acl)[0]}.arn}`;
    expect(onlyOf(stack, 'aws_wafv2_web_acl_logging_configuration')).toEqual({
      resource_arn: acl,
      log_destination_configs: ['arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-prod-edge'],
      logging_filter: { default_behavior: 'DROP', filter: [{ behavior: 'KEEP', requirement: 'MEETS_ANY', condition: [{ action_condition: { action: 'BLOCK' } }] }] },
      redacted_fields: [{ single_header: { name: 'authorization' } }],
    });
    expect(allOf(synthAcl(), 'aws_wafv2_web_acl_logging_configuration')).toEqual([]);
  });

  test('GIVEN CloudFront scope THEN the ACL and its logging are created through the given (us-east-1) provider, with no association', () => {
    const stack = synthConstructs((scope) => {
      const east = new AwsProvider(scope as TerraformStack, 'us-east-1', { region: 'us-east-1', alias: 'us_east_1' });
      new EdgeWebAcl(scope, 'waf', { ...PROPS, name: 'prod-api-front', albArns: [], scope: WebAclScope.CLOUDFRONT, provider: east, blockedRequestLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-prod-api-front' });
    });
    expect(onlyOf(stack, 'aws_wafv2_web_acl')).toMatchObject({ scope: 'CLOUDFRONT', provider: 'aws.us_east_1', description: 'Rate tiers and AWS managed rules for the CloudFront distribution prod-api-front' });
    expect(onlyOf(stack, 'aws_wafv2_web_acl_logging_configuration').provider).toBe('aws.us_east_1');
    expect(allOf(stack, 'aws_wafv2_web_acl_association')).toEqual([]);
  });

  describe('GIVEN bad input THEN synth fails naming the construct, the prop, the value, the limit and the fix', () => {
    test.each([
      ['a rate below WAF\'s minimum', [{ ...PER_IP, rate: '9r/m' }], /^EdgeWebAcl \(test\/waf\): rateLimits\[0\]\.rate = "9r\/m" is 9 requests per 60 s, outside WAF's rate-based limit of 10 to 2000000000\. Fix: use a rate of at least 10r\/m$/],
      ['a second tier below the minimum', [PER_IP, { ...TRADING, rate: '1r/m' }], /rateLimits\[1\]\.rate = "1r\/m" is 1 requests per 60 s/],
      ['a rate above WAF\'s maximum', [{ ...PER_IP, rate: '40000000r/s' }], /rateLimits\[0\]\.rate = "40000000r\/s" is 2400000000 requests per 60 s, outside/],
      ['a rate WAF cannot read', [{ ...PER_IP, rate: 'fast' }], /rateLimits\[0\]\.rate = "fast" is NaN requests per 60 s/],
    ] as [string, RateLimitTier[], RegExp][])('%s', (_label, rateLimits, message) => {
      expect(() => synthAcl({ rateLimits })).toThrow(message);
    });

    test('the limits themselves are accepted: 10 per window and 2,000,000,000 per window', () => {
      expect(rulesOf(synthAcl({ rateLimits: [{ ...PER_IP, rate: '10r/m' }] }))[1].statement.rate_based_statement.limit).toBe(10);
      expect(rulesOf(synthAcl({ rateLimits: [{ ...PER_IP, rate: '2000000000r/m' }] }))[1].statement.rate_based_statement.limit).toBe(2_000_000_000);
    });

    test('load balancers named at CloudFront scope are rejected', () => {
      expect(() => synthAcl({ scope: WebAclScope.CLOUDFRONT })).toThrow(/albArns = .* names load balancers for a web ACL at CloudFront scope\. Fix: attach a CloudFront-scope ACL through the distribution \(web_acl_id\); leave albArns empty/);
    });
  });
});
