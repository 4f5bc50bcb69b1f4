import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Protection, resolveProtection } from '../../lib/protection';
import { podIdentityTrustPolicy, ServiceAccountRef } from './controller-roles';

/**
 * Where the amazon-cloudwatch-observability add-on runs its CloudWatch agent (and Fluent Bit):
 * fixed by the add-on. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
 * ("Option 1: Install using EKS Pod Identity": `serviceAccount=cloudwatch-agent`; the add-on
 * installs into `amazon-cloudwatch`).
 */
export const CONTAINER_INSIGHTS_SERVICE_ACCOUNT = { namespace: 'amazon-cloudwatch', name: 'cloudwatch-agent' } as const satisfies ServiceAccountRef;

/** The one policy the agent's role gets: AWS's managed policy for the CloudWatch agent (metrics, logs, X-Ray). */
export const CLOUDWATCH_AGENT_POLICY = 'CloudWatchAgentServerPolicy';

/**
 * CloudWatch agent configuration: Container Insights with enhanced observability and nothing
 * else. The add-on's default configuration also turns on Application Signals (an OTLP/X-Ray
 * receiver on every node, billed per request); any `agent.config` replaces the default, so
 * leaving `application_signals` out opts out of it. Source: the install page above, "Use a
 * custom CloudWatch agent configuration", and chart 4.10.3 `agent.defaultConfig`.
 */
export const CONTAINER_INSIGHTS_AGENT_CONFIG = { logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } } } as const;

/**
 * Log groups the add-on writes to, created here first so they get the cluster's retention and
 * KMS key (the agent and Fluent Bit would otherwise create them with neither: `auto_create_group`).
 * `performance` holds the agent's embedded-metric-format events behind every Container Insights
 * metric; the other three are Fluent Bit's (chart 4.10.3 `containerLogs.fluentBit.config.extraFiles`).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-reference-performance-logs-EKS.html
 */
export const CONTAINER_INSIGHTS_METRICS_LOG_GROUPS = ['performance'] as const;
export const CONTAINER_INSIGHTS_CONTAINER_LOG_GROUPS = ['application', 'dataplane', 'host'] as const;

export interface ContainerInsightsProps {
  /** The cluster's name attribute (a reference, so the add-on waits for the cluster). */
  readonly clusterName: string;
  /** The cluster's name as a plain string: names the role and the log groups. */
  readonly namePrefix: string;
  /** amazon-cloudwatch-observability add-on version (`KubernetesVersion.addons.cloudWatchObservability`). */
  readonly addonVersion: string;
  /** AWS partition of the account, for the managed policy ARN. */
  readonly partition: string;
  /** Ship every container's stdout/stderr, node and data-plane logs to CloudWatch Logs with Fluent Bit. */
  readonly containerLogs: boolean;
  /** Days to keep the add-on's log groups. @default - the protection's `logRetentionDays` */
  readonly logRetentionDays?: number;
  /** KMS key (granted to CloudWatch Logs) that encrypts the add-on's log groups. */
  readonly logKeyArn: string;
  /**
   * Log retention and, with `retainOnDestroy`, `prevent_destroy` on the add-on's log groups,
   * as EksCluster does for its control-plane log group.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
  /** What must exist before the agent's pods start: the node groups, so the add-on can become healthy. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * CloudWatch Container Insights (enhanced observability) through the
 * amazon-cloudwatch-observability EKS add-on: the CloudWatch agent DaemonSet publishes the
 * `ContainerInsights` metrics the MonitoringStack's EKS alarms and dashboard read
 * (`cluster_node_count`, `cluster_failed_node_count`, `node_cpu_utilization`, ...).
 *
 * Permissions by EKS Pod Identity (add-on 3.1.0 or later): a role trusting
 * `pods.eks.amazonaws.com` with exactly CloudWatchAgentServerPolicy, bound by the add-on's own
 * association to `amazon-cloudwatch/cloudwatch-agent`, so the association exists before the
 * agent's first pod starts (a separate association could land after it and leave the pod
 * without credentials until restarted). The node role gets nothing.
 *
 * The agent and Fluent Bit run with `hostNetwork` (chart 4.10.3 templates), so they reach
 * IMDSv2 under the nodes' hop limit of 1; Container Insights reads node identity from it.
 *
 * What is off, and why:
 * - Application Signals: the platform's APM is Prometheus; see {@link CONTAINER_INSIGHTS_AGENT_CONFIG}.
 * - Container logs (Fluent Bit), unless `containerLogs`: every log line of every pod is
 *   billed per GB ingested, and at 1M requests/s a single 200-byte line per request is
 *   17 TB a day. Prometheus and the services' own logging cover the platform.
 */
export class ContainerInsights extends Construct {
  public readonly addon: EksAddon;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ContainerInsightsProps) {
    super(scope, id);
    const protection = resolveProtection(this, props);
    const logRetentionDays = protection.logRetention(this, 'logRetentionDays', props.logRetentionDays);
    const role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-cloudwatch-agent`,
      description: `CloudWatch agent (Container Insights) of EKS cluster ${props.namePrefix}`,
      assumeRolePolicy: podIdentityTrustPolicy(),
    });
    const policy = new IamRolePolicyAttachment(this, 'policy', { role: role.name, policyArn: `arn:${props.partition}:iam::aws:policy/${CLOUDWATCH_AGENT_POLICY}` });
    this.roleArn = role.arn;

    const groups = [...CONTAINER_INSIGHTS_METRICS_LOG_GROUPS, ...(props.containerLogs ? CONTAINER_INSIGHTS_CONTAINER_LOG_GROUPS : [])];
    const logGroups = groups.map(
      (group) =>
        new CloudwatchLogGroup(this, `log-group-${group}`, {
          name: `/aws/containerinsights/${props.namePrefix}/${group}`,
          retentionInDays: logRetentionDays,
          kmsKeyId: props.logKeyArn,
          lifecycle: protection.lifecycle(),
        }),
    );

    this.addon = new EksAddon(this, 'addon', {
      clusterName: props.clusterName,
      addonName: 'amazon-cloudwatch-observability',
      addonVersion: props.addonVersion,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      configurationValues: JSON.stringify({ agent: { config: CONTAINER_INSIGHTS_AGENT_CONFIG }, containerLogs: { enabled: props.containerLogs } }),
      podIdentityAssociation: [{ roleArn: role.arn, serviceAccount: CONTAINER_INSIGHTS_SERVICE_ACCOUNT.name }],
      dependsOn: [...props.dependsOn, policy, ...logGroups],
    });
  }
}
