import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

/** TTL of the validation CNAME: short, so a re-issued certificate validates quickly. */
const VALIDATION_RECORD_TTL_SECONDS = 60;

export interface DnsValidatedCertificateOptions {
  /** The one name on the certificate. */
  readonly domainName: string;
  /** The public zone that holds the validation record. */
  readonly zoneId: string;
  /** The provider of the certificate's Region (us-east-1 for CloudFront). @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * An ACM certificate for one name (ECDSA P-256, created before the one it replaces), its DNS
 * validation record in the zone and the validation wait; returns the validated ARN. Shared by
 * AlbNginxTier (the ALBs' Region), StaticAssets and ApiFront (us-east-1). The children keep the
 * ids `certificate`, `certificate-validation` and `certificate-validated` in `scope`, so the
 * Terraform addresses stay those the constructs always had.
 */
export function dnsValidatedCertificate(scope: Construct, options: DnsValidatedCertificateOptions): string {
  const { domainName, zoneId, provider } = options;
  const certificate = new AcmCertificate(scope, 'certificate', {
    provider,
    domainName,
    validationMethod: 'DNS',
    keyAlgorithm: 'EC_prime256v1',
    lifecycle: { createBeforeDestroy: true },
    tags: { Name: domainName },
  });
  // One validation record per name on the certificate (here one: the domain itself).
  const option = certificate.domainValidationOptions.get(0);
  const record = new Route53Record(scope, 'certificate-validation', {
    zoneId,
    name: option.resourceRecordName,
    type: option.resourceRecordType,
    records: [option.resourceRecordValue],
    ttl: VALIDATION_RECORD_TTL_SECONDS,
    allowOverwrite: true,
  });
  return new AcmCertificateValidation(scope, 'certificate-validated', { provider, certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] }).certificateArn;
}
