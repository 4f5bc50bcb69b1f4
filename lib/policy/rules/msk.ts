import { fail, pass, PolicyRule } from '../rule';
import { block, isFalse, isSet, isTrue } from '../stack-view';

/** Amazon MSK (`aws_msk_cluster`): logging, encryption in transit and at rest, private brokers, IAM-only clients. */
export const MSK_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_80',
    title: 'Ensure MSK Cluster logging is enabled',
    resourceTypes: ['aws_msk_cluster'],
    fix: 'send the broker logs to CloudWatch Logs, Firehose or S3 (logging_info.broker_logs; MskCluster does)',
    check(r) {
      const logs = block(block(r.config.logging_info)?.broker_logs);
      if (!logs) return fail('logging_info.broker_logs is not set');
      const enabled = ['cloudwatch_logs', 'firehose', 's3'].some((k) => isTrue(block(logs[k])?.enabled));
      return enabled ? pass() : fail('no broker log destination is enabled');
    },
  },
  {
    id: 'CKV_AWS_81',
    title: 'Ensure MSK Cluster encryption in rest and transit is enabled',
    resourceTypes: ['aws_msk_cluster'],
    fix: 'set encryption_info with encryption_in_transit { client_broker = "TLS", in_cluster = true } and a customer managed key (MskCluster does)',
    deviation: 'Also requires encryption_at_rest_kms_key_arn (a customer managed key); checkov accepts the AWS managed key.',
    check(r) {
      const info = block(r.config.encryption_info);
      if (!info) return fail('encryption_info is not set');
      const transit = block(info.encryption_in_transit);
      if (transit && isSet(transit.client_broker) && transit.client_broker !== 'TLS') return fail(`encryption_in_transit.client_broker is ${JSON.stringify(transit.client_broker)}, not "TLS"`);
      if (transit && isFalse(transit.in_cluster)) return fail('encryption_in_transit.in_cluster is false');
      return isSet(info.encryption_at_rest_kms_key_arn) ? pass() : fail('encryption_at_rest_kms_key_arn is not set (AWS managed key)');
    },
  },
  {
    id: 'CKV_AWS_291',
    title: 'Ensure MSK nodes are private',
    resourceTypes: ['aws_msk_cluster'],
    fix: 'leave broker_node_group_info.connectivity_info.public_access.type "DISABLED"',
    check(r) {
      const access = block(block(block(r.config.broker_node_group_info)?.connectivity_info)?.public_access);
      const type = access?.type;
      return type === undefined || type === 'DISABLED' ? pass() : fail(`public_access.type is ${JSON.stringify(type)}`);
    },
  },
  {
    id: 'MRPS_AWS_3',
    title: 'Ensure MSK clients authenticate with IAM only (no unauthenticated or SCRAM access)',
    resourceTypes: ['aws_msk_cluster'],
    fix: 'set client_authentication { sasl { iam = true }, unauthenticated = false } and no SCRAM (MskCluster does)',
    check(r) {
      const auth = block(r.config.client_authentication);
      if (!auth) return fail('client_authentication is not set (MSK then allows unauthenticated clients)');
      if (isTrue(auth.unauthenticated)) return fail('client_authentication.unauthenticated is true');
      const sasl = block(auth.sasl);
      if (!isTrue(sasl?.iam)) return fail('client_authentication.sasl.iam is not true');
      return isTrue(sasl?.scram) ? fail('client_authentication.sasl.scram is true (passwords in Secrets Manager)') : pass();
    },
  },
];
