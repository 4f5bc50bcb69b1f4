import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { checkString } from '../../lib/validation';

/**
 * Charts pinned for Kubernetes 1.33, each with where its version and values keys were
 * checked (the chart's Chart.yaml and values.yaml at that version).
 */
export const SECRETS_STORE_CHARTS = {
  /** kubernetes-sigs/secrets-store-csi-driver charts/secrets-store-csi-driver 1.6.0 (kubeVersion >=1.30; commit 0aad886f). */
  driver: { repository: 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts', chart: 'secrets-store-csi-driver', version: '1.6.0' },
  /** aws/secrets-store-csi-driver-provider-aws charts/secrets-store-csi-driver-provider-aws 3.1.1 = ASCP 3.1.1 (commit a74182c1). */
  awsProvider: { repository: 'https://aws.github.io/secrets-store-csi-driver-provider-aws', chart: 'secrets-store-csi-driver-provider-aws', version: '3.1.1' },
} as const;

/** Seconds Helm waits for a release to become ready. */
const RELEASE_TIMEOUT_SECONDS = 600;
const NAMESPACE = 'kube-system';

export interface SecretsStoreCsiProps {
  /** Region the AWS provider fetches secrets from (saves a node label lookup per mount). */
  readonly region: string;
}

/**
 * The Secrets Store CSI driver and the AWS Secrets and Configuration Provider (ASCP): pods
 * mount Secrets Manager secrets as files on an in-memory volume; no Kubernetes Secret holds
 * them (`syncSecret.enabled: false`).
 *
 * Two releases rather than ASCP's bundled dependency, so the driver's version is pinned here
 * and visible. The driver must request service-account tokens for the audiences ASCP uses:
 * `pods.eks.amazonaws.com` for EKS Pod Identity and `sts.amazonaws.com` for IRSA (the values
 * ASCP 3.1.1's chart sets on its bundled driver).
 */
export class SecretsStoreCsi extends Construct {
  public readonly driver: Release;
  public readonly awsProvider: Release;

  constructor(scope: Construct, id: string, props: SecretsStoreCsiProps) {
    super(scope, id);
    checkString(this, 'region', props.region, true);

    this.driver = new Release(this, 'driver', {
      name: 'secrets-store-csi-driver',
      namespace: NAMESPACE,
      ...SECRETS_STORE_CHARTS.driver,
      atomic: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      values: [
        JSON.stringify({
          tokenRequests: [{ audience: 'sts.amazonaws.com' }, { audience: 'pods.eks.amazonaws.com' }],
          syncSecret: { enabled: false },
          // A rotated database password reaches PgBouncer by a rollout restart (docs/data-tier.md).
          enableSecretRotation: false,
        }),
      ],
    });

    this.awsProvider = new Release(this, 'aws-provider', {
      name: 'secrets-store-csi-driver-provider-aws',
      namespace: NAMESPACE,
      ...SECRETS_STORE_CHARTS.awsProvider,
      atomic: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      values: [JSON.stringify({ awsRegion: props.region, 'secrets-store-csi-driver': { install: false } })],
      dependsOn: [this.driver],
    });
  }
}
