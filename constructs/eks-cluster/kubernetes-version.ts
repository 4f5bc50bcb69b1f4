import { EksVersionLifecycle, eksVersionLifecycle } from '../../lib/eks-versions';

/**
 * Kubernetes versions this construct supports, each with the EKS add-on versions pinned
 * for it. Add-ons are pinned (not `most_recent`) so a plan never changes because AWS
 * published a new build.
 *
 * Source of the 1.33 add-on versions: `aws eks describe-addon-versions --kubernetes-version 1.33`
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
   * Kubernetes 1.36, the newest version on EKS (released there 2026-06-02; standard support
   * until 2027-08-02, lib/eks-versions.ts). Add-on versions:
   * - kube-proxy v1.36.0-eksbuild.14, coredns v1.14.3-eksbuild.3, vpc-cni v1.22.4-eksbuild.3:
   *   the "latest version of the add-on type for each Kubernetes version" tables of
   *   https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html,
   *   https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html and
   *   https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html (read 2026-12-01).
   * - aws-ebs-csi-driver v1.66.0-eksbuild.1 and eks-pod-identity-agent v1.3.10-eksbuild.3: AWS
   *   publishes no per-version table for these; the builds public Terraform configurations pin
   *   with 1.35/1.36 clusters (Sept-Oct 2026).
   * - amazon-cloudwatch-observability stays on v4.10.3-eksbuild.1 (see above: the alarms read
   *   the Classic metrics). Its compatibility with 1.36 is listed only by
   *   `aws eks describe-addon-versions --kubernetes-version 1.36 --addon-name amazon-cloudwatch-observability`.
   */
  public static readonly V1_36 = new KubernetesVersion('1.36', {
    vpcCni: 'v1.22.4-eksbuild.3',
    coreDns: 'v1.14.3-eksbuild.3',
    kubeProxy: 'v1.36.0-eksbuild.14',
    podIdentityAgent: 'v1.3.10-eksbuild.3',
    ebsCsiDriver: 'v1.66.0-eksbuild.1',
    cloudWatchObservability: 'v4.10.3-eksbuild.1',
  });

  /** Kubernetes 1.35 (standard support until 2027-03-27). kube-proxy v1.35.3-eksbuild.13 from the AWS table above; the others as for 1.36, which the same tables list for 1.35. */
  public static readonly V1_35 = new KubernetesVersion('1.35', {
    vpcCni: 'v1.22.4-eksbuild.3',
    coreDns: 'v1.14.3-eksbuild.3',
    kubeProxy: 'v1.35.3-eksbuild.13',
    podIdentityAgent: 'v1.3.10-eksbuild.3',
    ebsCsiDriver: 'v1.66.0-eksbuild.1',
    cloudWatchObservability: 'v4.10.3-eksbuild.1',
  });

  /**
   * Kubernetes 1.33: past its end of standard support (2026-07-29), so a cluster on it pays the
   * extended-support fee (support type EXTENDED) or is upgraded by EKS (STANDARD). Kept so
   * clusters created on it can be described while they are upgraded one minor at a time.
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
  public static readonly SUPPORTED: readonly KubernetesVersion[] = [KubernetesVersion.V1_36, KubernetesVersion.V1_35, KubernetesVersion.V1_33];

  /** A supported version by its "1.xx" string; undefined for anything else. */
  public static of(version: string): KubernetesVersion | undefined {
    return KubernetesVersion.SUPPORTED.find((v) => v.version === version);
  }

  /** Dates of the version on EKS (end of standard and extended support). */
  public readonly lifecycle: EksVersionLifecycle;

  private constructor(
    /** "1.36" */
    public readonly version: string,
    public readonly addons: EksAddonVersions,
  ) {
    const lifecycle = eksVersionLifecycle(version);
    if (!lifecycle) throw new Error(`lib/eks-versions.ts has no lifecycle for Kubernetes ${version}: add its EKS dates there first`);
    this.lifecycle = lifecycle;
  }

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
