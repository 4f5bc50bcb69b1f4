import { fail, pass, PolicyRule, unknown } from '../rule';
import { asNumber, isExpression, isSet } from '../stack-view';

/** CKV_AWS_338: at least a year. */
export const MIN_PRODUCTION_RETENTION_DAYS = 365;

export const LOGGING_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_26',
    title: 'Ensure all data stored in the SNS topic is encrypted',
    resourceTypes: ['aws_sns_topic'],
    fix: 'set kmsMasterKeyId to a customer managed key that grants CloudWatch (cloudwatch.amazonaws.com) kms:GenerateDataKey* and kms:Decrypt',
    check: (r) => (isSet(r.config.kms_master_key_id) ? pass() : fail('kms_master_key_id is not set')),
  },
  {
    id: 'CKV_AWS_158',
    title: 'Ensure that CloudWatch Log Group is encrypted by KMS',
    resourceTypes: ['aws_cloudwatch_log_group'],
    fix: 'set kmsKeyId to a customer managed key granted to logs.<region>.amazonaws.com (lib/log-retention.ts cloudWatchLogsKeyGrant)',
    check: (r) => (isSet(r.config.kms_key_id) ? pass() : fail('kms_key_id is not set')),
  },
  {
    id: 'CKV_AWS_66',
    title: 'Ensure that CloudWatch Log Group specifies retention days',
    resourceTypes: ['aws_cloudwatch_log_group'],
    fix: 'set retentionInDays to one of the values CloudWatch accepts (lib/log-retention.ts)',
    check(r) {
      const days = r.config.retention_in_days;
      if (isExpression(days)) return unknown('retention_in_days is an expression');
      return (asNumber(days) ?? 0) > 0 ? pass() : fail('retention_in_days is not set: logs are kept forever');
    },
  },
  {
    id: 'CKV_AWS_338',
    title: 'Ensure CloudWatch log groups retains logs for at least 1 year',
    resourceTypes: ['aws_cloudwatch_log_group'],
    productionOnly: true,
    fix: `set retentionInDays to at least ${MIN_PRODUCTION_RETENTION_DAYS} in production`,
    check(r) {
      const days = asNumber(r.config.retention_in_days);
      if (days === undefined || days === 0) return pass(); // never expires
      return days >= MIN_PRODUCTION_RETENTION_DAYS ? pass() : fail(`retention_in_days is ${days}`);
    },
  },
];
