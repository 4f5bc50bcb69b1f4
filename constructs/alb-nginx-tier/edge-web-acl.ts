import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { invalid } from '../../lib/errors';
import { parseRate, RateLimitKey, RateLimitTier } from '../../lib/rate-limits';

/**
 * WAF rate-based rules count requests over a window of 60, 120, 300 or 600 seconds and
 * accept limits from 10 to 2,000,000,000 per window.
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
 */
export const WAF_RATE_WINDOW_SECONDS = 60;
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;
const HTTP_TOO_MANY_REQUESTS = 429;

/**
 * AWS managed rule groups every ALB gets, cheapest and most decisive first.
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet'] as const;

export interface EdgeWebAclProps {
  /** Prefix of the web ACL, rule and metric names. */
  readonly name: string;
  /** Rate tiers to enforce as WAF rate-based rules (the same tiers nginx enforces per instance). */
  readonly rateLimits: readonly RateLimitTier[];
  /** ARNs of the load balancers to protect (none at CloudFront scope: the distribution names the ACL). */
  readonly albArns: string[];
  /**
   * `REGIONAL` for the ALBs; `CLOUDFRONT` for a distribution (ApiFront), where the source IP
   * WAF sees is the viewer's, so the client IP tiers count clients, not edge locations.
   * @default WebAclScope.REGIONAL
   */
  readonly scope?: WebAclScope;
  /** The us-east-1 provider, required at CloudFront scope. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /**
   * CloudWatch Logs group (its name must start with `aws-waf-logs-`) that receives the
   * requests WAF blocks; allowed requests are not logged (at a million requests a second
   * they would cost more than the edge itself). The `Authorization` header is redacted.
   * @default - no WAF logs
   */
  readonly blockedRequestLogGroupArn?: string;
}

/** Where a web ACL applies: regional resources (ALBs) or CloudFront distributions (created in us-east-1). */
export enum WebAclScope {
  REGIONAL = 'REGIONAL',
  CLOUDFRONT = 'CLOUDFRONT',
}

/** A rate tier as WAF can express it: a limit per 60-second window. */
export function wafLimitOf(tier: RateLimitTier): number {
  const parsed = parseRate(tier.rate);
  if (!parsed) return NaN;
  return Math.round((parsed.requestsPerMinute * WAF_RATE_WINDOW_SECONDS) / 60);
}

/**
 * One regional web ACL on every ALB of the tier. WAF tracks each rate-based rule instance
 * on its own (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html),
 * so one ACL shared by the ALBs counts a client across the whole fleet, where one ACL per
 * ALB would let it through N times:
 *
 * - the rate tiers (lib/rate-limits.ts) as rate-based rules over 60-second windows:
 *   client IP tiers aggregate on the source IP (the ALB is internet-facing, so the
 *   source is the client), user tiers on the `Authorization` header (requests without it
 *   are not counted by that rule); a tier with a path prefix has a scope-down on the URI
 *   path. Over the limit: 429. WAF has no burst allowance and evaluates with a delay of
 *   tens of seconds, so nginx's per-instance `limit_req` answers first;
 * - AWS managed rule groups: IP reputation, known bad inputs, common rule set.
 */
export class EdgeWebAcl extends Construct {
  public readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    props.rateLimits.forEach((tier, i) => {
      const limit = wafLimitOf(tier);
      if (!(limit >= WAF_RATE_LIMIT_MIN && limit <= WAF_RATE_LIMIT_MAX)) {
        invalid(this, `rateLimits[${i}].rate`, tier.rate, `is ${limit} requests per ${WAF_RATE_WINDOW_SECONDS} s, outside WAF's rate-based limit of ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX}`, `use a rate of at least ${WAF_RATE_LIMIT_MIN}r/m`);
      }
    });

    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const rules: Wafv2WebAclRule[] = [];
    let priority = 0;
    rules.push(managedGroupRule(MANAGED_RULE_GROUPS[0], priority++, visibility));
    for (const tier of props.rateLimits) {
      rules.push({
        name: `rate-${tier.name}`,
        priority: priority++,
        action: { block: { customResponse: { responseCode: HTTP_TOO_MANY_REQUESTS } } },
        statement: { rate_based_statement: rateStatement(tier) },
        visibilityConfig: visibility(`${props.name}-rate-${tier.name}`),
      });
    }
    for (const group of MANAGED_RULE_GROUPS.slice(1)) rules.push(managedGroupRule(group, priority++, visibility));

    const aclScope = props.scope ?? WebAclScope.REGIONAL;
    if (aclScope === WebAclScope.CLOUDFRONT && props.albArns.length > 0) {
      invalid(this, 'albArns', props.albArns, 'names load balancers for a web ACL at CloudFront scope', 'attach a CloudFront-scope ACL through the distribution (web_acl_id); leave albArns empty');
    }
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      provider: props.provider,
      name: props.name,
      description: aclScope === WebAclScope.REGIONAL ? `Rate tiers and AWS managed rules for the ALBs of ${props.name}` : `Rate tiers and AWS managed rules for the CloudFront distribution ${props.name}`,
      scope: aclScope,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });
    props.albArns.forEach((arn, i) => new Wafv2WebAclAssociation(this, `association-${i}`, { resourceArn: arn, webAclArn: this.webAcl.arn }));
    if (props.blockedRequestLogGroupArn) {
      new Wafv2WebAclLoggingConfiguration(this, 'logging', {
        provider: props.provider,
        resourceArn: this.webAcl.arn,
        logDestinationConfigs: [props.blockedRequestLogGroupArn],
        loggingFilter: {
          defaultBehavior: 'DROP',
          filter: [{ behavior: 'KEEP', requirement: 'MEETS_ANY', condition: [{ actionCondition: { action: 'BLOCK' } }] }],
        },
        redactedFields: [{ singleHeader: { name: 'authorization' } }],
      });
    }
  }
}

/** The statement in Terraform's block syntax (the bindings type `statement` as `any`). */
function rateStatement(tier: RateLimitTier): Record<string, unknown> {
  const statement: Record<string, unknown> = {
    limit: wafLimitOf(tier),
    evaluation_window_sec: WAF_RATE_WINDOW_SECONDS,
  };
  if (tier.key === RateLimitKey.USER) {
    statement.aggregate_key_type = 'CUSTOM_KEYS';
    statement.custom_key = [{ header: { name: 'authorization', text_transformation: [{ priority: 0, type: 'NONE' }] } }];
  } else {
    statement.aggregate_key_type = 'IP';
  }
  if (tier.pathPrefix) {
    statement.scope_down_statement = {
      byte_match_statement: {
        search_string: tier.pathPrefix,
        positional_constraint: 'STARTS_WITH',
        field_to_match: { uri_path: {} },
        text_transformation: [{ priority: 0, type: 'NONE' }],
      },
    };
  }
  return statement;
}

function managedGroupRule(name: string, priority: number, visibility: (metric: string) => Wafv2WebAclRule['visibilityConfig']): Wafv2WebAclRule {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managed_rule_group_statement: { vendor_name: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}
