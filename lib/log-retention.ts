import { IConstruct } from 'constructs';
import { checkOneOf } from './validation';

/**
 * The only retention periods CloudWatch Logs accepts (days).
 * Source: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function checkLogRetention(scope: IConstruct | string, prop: string, value: unknown): void {
  checkOneOf(scope, prop, value, CLOUDWATCH_LOG_RETENTION_DAYS);
}

/**
 * Lets CloudWatch Logs in `region` encrypt log groups with a key, scoped to this account's
 * log groups. Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function cloudWatchLogsKeyGrant(region: string, partition: string, accountId: string) {
  return {
    servicePrincipal: `logs.${region}.amazonaws.com`,
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${accountId}:log-group:*` },
    },
  };
}
