import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { MANAGED_RULE_GROUPS } from '../alb-nginx-tier/edge-web-acl';

export interface CdnWebAclProps {
  /** Web ACL and metric name prefix. */
  readonly name: string;
  /** The us-east-1 provider: web ACLs at CloudFront scope exist only there. */
  readonly provider: TerraformProvider;
}

/**
 * A web ACL at CloudFront scope with the AWS managed rule groups the ALBs also get (IP
 * reputation, known bad inputs, the common rule set). Static assets are read-only and carry no
 * user identity, so no rate tier applies here; the API's tiers stay on the ALBs' web ACL.
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export class CdnWebAcl extends Construct {
  public readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: CdnWebAclProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      provider: props.provider,
      name: props.name,
      description: `AWS managed rules for the CloudFront distribution ${props.name}`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rule: MANAGED_RULE_GROUPS.map((group, priority) => ({
        name: group,
        priority,
        overrideAction: { none: {} },
        statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: group } },
        visibilityConfig: visibility(`${props.name}-${group}`),
      })),
      visibilityConfig: visibility(props.name),
    });
  }
}
