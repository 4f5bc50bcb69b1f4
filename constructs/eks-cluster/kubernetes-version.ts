/**
 * Kubernetes versions this construct supports, each with the EKS add-on versions pinned
 * for it. Add-ons are pinned (not `most_recent`) so a plan never changes because AWS
 * published a new build.
 *
 * Source of the add-on versions: `aws eks describe-addon-versions --kubernetes-version 1.33`
 * as published for Kubernetes 1.33 (kube-proxy v1.33.0-eksbuild.2, coredns
 * v1.12.1-eksbuild.2, vpc-cni v1.19.5-eksbuild.1, eks-pod-identity-agent v1.3.8-eksbuild.2,
 * aws-ebs-csi-driver v1.48.0-eksbuild.1), cross-checked with public configurations pinning
 * EKS 1.33. Re-check with that command before raising a version; Terraform validates the
 * pair only at apply.
 *
 * amazon-cloudwatch-observability v4.10.3-eksbuild.1 is the add-on build of
 * aws-observability/helm-charts chart 4.10.3 (tag amazon-cloudwatch-observability-4.10.3,
 * 2026-03-18; CloudWatch agent 1.300064.1b1344, operator 3.3.2), the last 4.x release tagged there and
 * so the last "Enhanced Container Insights (Classic)" line: the one that publishes the
 * CloudWatch-format `ContainerInsights` metrics the alarms read. From v6.2.0 the add-on can
 * switch to OTel Container Insights (PromQL-native metrics), and from v5.0.0 Application
 * Signals auto-monitors every service by default; raise past 4.x only with the alarms and
 * the agent configuration in container-insights.ts reviewed.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/container-insights-eks-compare.html
 */
export interface EksAddonVersions {
  readonly vpcCni: string;
  readonly coreDns: string;
  readonly kubeProxy: string;
  readonly podIdentityAgent: string;
  readonly ebsCsiDriver: string;
  readonly cloudWatchObservability: string;
}

export class KubernetesVersion {
  /**
   * Kubernetes 1.33 on EKS. Standard support: 14 months from its EKS release (May 2025),
   * then 12 months of extended support.
   * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
   */
  public static readonly V1_33 = new KubernetesVersion('1.33', {
    vpcCni: 'v1.19.5-eksbuild.1',
    coreDns: 'v1.12.1-eksbuild.2',
    kubeProxy: 'v1.33.0-eksbuild.2',
    podIdentityAgent: 'v1.3.8-eksbuild.2',
    ebsCsiDriver: 'v1.48.0-eksbuild.1',
    cloudWatchObservability: 'v4.10.3-eksbuild.1',
  });

  /** Every version with pinned add-ons, newest first. */
  public static readonly SUPPORTED: readonly KubernetesVersion[] = [KubernetesVersion.V1_33];

  /** A supported version by its "1.xx" string; undefined for anything else. */
  public static of(version: string): KubernetesVersion | undefined {
    return KubernetesVersion.SUPPORTED.find((v) => v.version === version);
  }

  private constructor(
    /** "1.33" */
    public readonly version: string,
    public readonly addons: EksAddonVersions,
  ) {}

  public toString(): string {
    return this.version;
  }
}

/** What happens when the version leaves standard support. https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html */
export enum SupportType {
  /** Auto-upgraded at the end of standard support; no extended-support charge. */
  STANDARD = 'STANDARD',
  /** Stays on the version for 12 more months (charged per cluster hour); upgrades happen when you choose. */
  EXTENDED = 'EXTENDED',
}
