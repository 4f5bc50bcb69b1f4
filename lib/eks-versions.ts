/**
 * Kubernetes versions on Amazon EKS: the lifecycle dates the capacity report prints and the
 * cost model prices, and the version new environments get. The add-on versions pinned for
 * each live beside the construct (constructs/eks-cluster/kubernetes-version.ts), which reads
 * its dates from here.
 *
 * Rule (AWS, "Understand the Kubernetes version lifecycle on EKS",
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html): "A minor version
 * is under standard support in Amazon EKS for the first 14 months after it's released. Once a
 * version is past the end of standard support date, it enters extended support for the next 12
 * months." Billing for extended support starts on the end-of-standard-support day (UTC).
 * Re-check with `aws eks describe-cluster-versions` before adding or raising a version.
 */
export interface EksVersionLifecycle {
  /** "1.36" */
  readonly version: string;
  /** First day on EKS (YYYY-MM-DD). */
  readonly eksRelease: string;
  /** Last day of standard support (YYYY-MM-DD); extended-support billing starts that day. */
  readonly endOfStandardSupport: string;
  /** Last day of extended support (YYYY-MM-DD); EKS upgrades the cluster after it. */
  readonly endOfExtendedSupport: string;
  /** Where the dates come from. */
  readonly source: string;
}

/** The day the dates below were read; the default "today" of the checks that use them, so reports are reproducible. */
export const EKS_VERSIONS_READ = '2026-12-01';

const AWS_VERSIONS_PAGE = 'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html';

/** Newest first. */
export const EKS_VERSIONS: readonly EksVersionLifecycle[] = [
  {
    version: '1.36',
    eksRelease: '2026-06-02',
    endOfStandardSupport: '2027-08-02',
    endOfExtendedSupport: '2028-08-02',
    source:
      `EKS describe-cluster-versions output (STANDARD_SUPPORT until 2027-08-02) as quoted in public configurations dated 2026-08-15 and 2026-08-27; ` +
      `extended support = 12 more months (${AWS_VERSIONS_PAGE})`,
  },
  {
    version: '1.35',
    eksRelease: '2026-01-27',
    endOfStandardSupport: '2027-03-27',
    endOfExtendedSupport: '2028-03-27',
    source: `AWS version calendar (${AWS_VERSIONS_PAGE}) as scraped by endoflife.date/amazon-eks`,
  },
  {
    version: '1.33',
    eksRelease: '2025-05-29',
    endOfStandardSupport: '2026-07-29',
    endOfExtendedSupport: '2027-07-29',
    source: `AWS version calendar (${AWS_VERSIONS_PAGE})`,
  },
];

/**
 * The version new environments run: the newest EKS offers (1.36, released on EKS 2026-06-02;
 * 1.37 was released upstream on 2026-08-26 but no AWS page lists it on EKS yet:
 * https://github.com/aws/containers-roadmap/issues/2864 is open).
 */
export const DEFAULT_KUBERNETES_VERSION = EKS_VERSIONS[0].version;

/** The lifecycle of `version`, or undefined when the project has no dates for it. */
export function eksVersionLifecycle(version: string): EksVersionLifecycle | undefined {
  return EKS_VERSIONS.find((v) => v.version === version);
}

/** True when `version` is past its end of standard support on `asOf` (YYYY-MM-DD, UTC). */
export function pastStandardSupport(version: string, asOf: string): boolean {
  const lifecycle = eksVersionLifecycle(version);
  return lifecycle !== undefined && asOf >= lifecycle.endOfStandardSupport;
}
