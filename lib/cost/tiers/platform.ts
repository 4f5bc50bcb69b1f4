import { fmt } from '../../capacity/spread';
import { BYTES_PER_GB, fixed, priceLine, requestsPerMonth } from '../line';
import { CostTier } from './tier';

const DAYS_PER_MONTH = 30.4;

/** KMS, Secrets Manager, Route 53, ECR and the ALB access log bucket. */
export const PLATFORM_SERVICES_TIER: CostTier = {
  name: 'KMS, Secrets Manager, Route 53, ECR, S3 access logs',
  lines(ctx) {
    const i = ctx.inputs;
    const a = ctx.assumptions;
    const accessLogGb = (s: 'min' | 'target' | 'max') =>
      ((requestsPerMonth(ctx, s) * a.albAccessLogBytesPerRequest.value * a.albAccessLogCompression.value) / BYTES_PER_GB) * (i.accessLogRetentionDays / DAYS_PER_MONTH);
    return [
      priceLine(ctx, { key: 'kms.key.month', item: 'KMS customer managed keys', quantity: fixed(i.kmsKeys), basis: `${i.kmsKeys} keys, rotation on` }),
      priceLine(ctx, {
        key: 'kms.requests.10k',
        item: 'KMS requests',
        quantity: fixed((i.kmsKeys * a.kmsRequestsPerKeyMonth.value) / 10_000),
        basis: `${i.kmsKeys} keys x ${fmt(a.kmsRequestsPerKeyMonth.value)} requests (PLACEHOLDER) / 10,000; 20,000 free`,
      }),
      priceLine(ctx, { key: 'secretsmanager.secret.month', item: 'Secrets Manager secrets', quantity: fixed(i.secrets), basis: `${i.secrets} secret (database master credentials)` }),
      priceLine(ctx, { key: 'route53.hosted-zone.month', item: 'Route 53 hosted zones', quantity: fixed(i.hostedZones), basis: `${i.hostedZones} zone(s): the public zone and the data tier's private zone` }),
      priceLine(ctx, {
        key: 'route53.queries.million',
        item: 'Route 53 queries (private zone)',
        quantity: fixed(a.privateDnsQueriesPerMonth.value / 1e6),
        basis: `${fmt(a.privateDnsQueriesPerMonth.value)} queries (PLACEHOLDER); the public zone's alias records to the ALBs are not billed per query`,
      }),
      priceLine(ctx, {
        key: 'ecr.storage.gb-month',
        item: 'ECR image storage',
        quantity: fixed(i.ecrRepositories * a.ecrGBPerRepository.value),
        basis: `${i.ecrRepositories} repositories x ${a.ecrGBPerRepository.value} GB (PLACEHOLDER)`,
      }),
      priceLine(ctx, {
        key: 's3.standard.gb-month',
        item: 'ALB access logs in S3 at steady state',
        quantity: accessLogGb,
        basis: `${fmt(i.rps.target)} req/s x ${a.albAccessLogBytesPerRequest.value} B x ${a.albAccessLogCompression.value} gzip (PLACEHOLDERs) x ${i.accessLogRetentionDays} days kept`,
      }),
    ];
  },
};
