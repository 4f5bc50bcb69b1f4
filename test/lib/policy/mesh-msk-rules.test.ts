import { FAIL, NOT_APPLICABLE, outcomeOf, PASS } from '../../support/policy';

/**
 * The Istio mesh rules (MRPS_K8S_1, MRPS_K8S_2) and the MSK cluster rules (CKV_AWS_80, 81,
 * 291, MRPS_AWS_3) on Terraform JSON: each case changes one field of a compliant object and
 * expects the exact finding, so that a rule failing for another reason (or with an empty
 * message) is caught, not only one that stops failing.
 */
type Attrs = Record<string, unknown>;

/** A `kubernetes_manifest` holding an object of this kind and apiVersion with this spec. */
const manifest = (kind: string, spec: Attrs, apiVersion = 'security.istio.io/v1') => ({
  kubernetes_manifest: { m: { manifest: { apiVersion, kind, metadata: { name: 'x', namespace: 'services' }, spec } } },
});
const STRICT = { mtls: { mode: 'STRICT' } };
const SELECTOR = { matchLabels: { app: 'orders' } };
const PERMISSIVE_PORT = { '8080': { mode: 'PERMISSIVE' } };
const FROM_GATEWAY = { from: [{ source: { principals: ['cluster.local/ns/services/sa/api-gateway'] } }] };
const TO_PORT = { to: [{ operation: { ports: ['8080'] } }] };

describe('MRPS_K8S_1: PeerAuthentication keeps mutual TLS STRICT', () => {
  test.each([
    ['mtls.mode unset', {}, FAIL('spec.mtls.mode is unset (inherits, PERMISSIVE by default)')],
    ['an mtls block without a mode', { mtls: {} }, FAIL('spec.mtls.mode is unset (inherits, PERMISSIVE by default)')],
    ['mtls.mode PERMISSIVE', { mtls: { mode: 'PERMISSIVE' } }, FAIL('spec.mtls.mode is PERMISSIVE')],
    ['mtls.mode DISABLE', { mtls: { mode: 'DISABLE' } }, FAIL('spec.mtls.mode is DISABLE')],
    ['mtls.mode STRICT', STRICT, PASS],
  ])('GIVEN a PeerAuthentication with %s THEN it reports exactly the expected outcome', (_case, spec, expected) => {
    expect(outcomeOf('MRPS_K8S_1', manifest('PeerAuthentication', spec))).toEqual(expected);
  });

  test.each([
    ['portLevelMtls', { ...STRICT, portLevelMtls: PERMISSIVE_PORT }],
    ['port_level_mtls', { ...STRICT, port_level_mtls: PERMISSIVE_PORT }],
  ])('GIVEN a STRICT PeerAuthentication with a port-level exception spelled %s and no selector THEN it fails: the exception opens the port on every workload', (_spelling, spec) => {
    expect(outcomeOf('MRPS_K8S_1', manifest('PeerAuthentication', spec))).toEqual(
      FAIL('port-level exceptions without a workload selector apply to every workload of the namespace'),
    );
  });

  test.each([
    ['portLevelMtls', { ...STRICT, selector: SELECTOR, portLevelMtls: PERMISSIVE_PORT }],
    ['port_level_mtls', { ...STRICT, selector: SELECTOR, port_level_mtls: PERMISSIVE_PORT }],
  ])('GIVEN a STRICT PeerAuthentication with a port-level exception spelled %s and a workload selector THEN it passes', (_spelling, spec) => {
    expect(outcomeOf('MRPS_K8S_1', manifest('PeerAuthentication', spec))).toEqual(PASS);
  });

  test('GIVEN a STRICT PeerAuthentication with an empty portLevelMtls and no selector THEN it passes (no port is excepted)', () => {
    expect(outcomeOf('MRPS_K8S_1', manifest('PeerAuthentication', { ...STRICT, portLevelMtls: {} }))).toEqual(PASS);
  });

  test.each([
    ['another Istio security kind', manifest('AuthorizationPolicy', {})],
    ['a PeerAuthentication outside security.istio.io', manifest('PeerAuthentication', {}, 'networking.istio.io/v1')],
    ['a PeerAuthentication under a core apiVersion', manifest('PeerAuthentication', {}, 'v1')],
    ['a PeerAuthentication without an apiVersion', { kubernetes_manifest: { m: { manifest: { kind: 'PeerAuthentication', metadata: { name: 'x' }, spec: {} } } } }],
  ])('GIVEN %s THEN MRPS_K8S_1 does not apply', (_case, resources) => {
    expect(outcomeOf('MRPS_K8S_1', resources)).toEqual(NOT_APPLICABLE('not a PeerAuthentication'));
  });

  test('GIVEN a PeerAuthentication whose apiVersion is spelled api_version THEN MRPS_K8S_1 reads it', () => {
    const resources = { kubernetes_manifest: { m: { manifest: { api_version: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', spec: { mtls: { mode: 'PERMISSIVE' } } } } } };
    expect(outcomeOf('MRPS_K8S_1', resources)).toEqual(FAIL('spec.mtls.mode is PERMISSIVE'));
  });
});

describe('MRPS_K8S_2: no AuthorizationPolicy allows every request', () => {
  test.each([
    ['no action (ALLOW by default) and a rule without from', { rules: [TO_PORT] }, FAIL('1 ALLOW rule(s) without a source (from): they admit every caller')],
    ['action ALLOW and a rule without from', { action: 'ALLOW', rules: [TO_PORT] }, FAIL('1 ALLOW rule(s) without a source (from): they admit every caller')],
    ['action ALLOW, two of three rules without from', { action: 'ALLOW', rules: [TO_PORT, FROM_GATEWAY, {}] }, FAIL('2 ALLOW rule(s) without a source (from): they admit every caller')],
    ['action ALLOW and a rule with an empty from', { action: 'ALLOW', rules: [{ from: [], ...TO_PORT }] }, FAIL('1 ALLOW rule(s) without a source (from): they admit every caller')],
    ['no action and every rule with a source', { rules: [FROM_GATEWAY] }, PASS],
    ['action ALLOW and no rules (allows nothing)', { action: 'ALLOW' }, PASS],
    ['action DENY and a rule without from', { action: 'DENY', rules: [TO_PORT] }, PASS],
    ['action AUDIT and a rule without from', { action: 'AUDIT', rules: [TO_PORT] }, PASS],
  ])('GIVEN an AuthorizationPolicy with %s THEN it reports exactly the expected outcome', (_case, spec, expected) => {
    expect(outcomeOf('MRPS_K8S_2', manifest('AuthorizationPolicy', spec))).toEqual(expected);
  });

  test.each([
    ['another Istio security kind', manifest('PeerAuthentication', { rules: [TO_PORT] })],
    ['an AuthorizationPolicy outside security.istio.io', manifest('AuthorizationPolicy', { rules: [TO_PORT] }, 'example.com/v1')],
  ])('GIVEN %s THEN MRPS_K8S_2 does not apply', (_case, resources) => {
    expect(outcomeOf('MRPS_K8S_2', resources)).toEqual(NOT_APPLICABLE('not an AuthorizationPolicy'));
  });
});

/** An `aws_msk_cluster` that passes every MSK rule, with `extra` replacing whole top-level blocks. */
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000';
const msk = (extra: Attrs = {}) => ({
  aws_msk_cluster: {
    c: {
      cluster_name: 'events',
      kafka_version: '3.9.x',
      number_of_broker_nodes: 3,
      broker_node_group_info: { instance_type: 'express.m7g.large', client_subnets: ['subnet-1', 'subnet-2', 'subnet-3'], security_groups: ['sg-1'], connectivity_info: { public_access: { type: 'DISABLED' } } },
      client_authentication: { unauthenticated: false, sasl: { iam: true } },
      encryption_info: { encryption_at_rest_kms_key_arn: KEY, encryption_in_transit: { client_broker: 'TLS', in_cluster: true } },
      logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: '/aws/msk/events/broker' } } },
      ...extra,
    },
  },
});
const brokerLogs = (logs: Attrs) => ({ logging_info: { broker_logs: logs } });
const encryption = (info: Attrs) => ({ encryption_info: info });
const publicAccess = (access: Attrs | undefined) => ({ broker_node_group_info: { instance_type: 'express.m7g.large', client_subnets: ['subnet-1'], connectivity_info: access === undefined ? {} : { public_access: access } } });
const auth = (authentication: Attrs | undefined) => ({ client_authentication: authentication });

describe('MSK cluster rules', () => {
  test('GIVEN the compliant cluster THEN every MSK rule passes', () => {
    const ids = ['CKV_AWS_80', 'CKV_AWS_81', 'CKV_AWS_291', 'MRPS_AWS_3'];
    expect(ids.map((id) => [id, outcomeOf(id, msk())])).toEqual(ids.map((id) => [id, PASS]));
  });

  test.each([
    ['CloudWatch Logs only', brokerLogs({ cloudwatch_logs: { enabled: true, log_group: '/aws/msk/events/broker' } }), PASS],
    ['Firehose only', brokerLogs({ firehose: { enabled: true, delivery_stream: 'msk-broker' } }), PASS],
    ['S3 only', brokerLogs({ s3: { enabled: 'true', bucket: 'million-rps-logs' } }), PASS],
    ['every destination disabled', brokerLogs({ cloudwatch_logs: { enabled: false }, firehose: { enabled: false }, s3: { enabled: 'false' } }), FAIL('no broker log destination is enabled')],
    ['an empty broker_logs block', brokerLogs({}), FAIL('no broker log destination is enabled')],
    ['no broker_logs block', { logging_info: {} }, FAIL('logging_info.broker_logs is not set')],
    ['no logging_info', { logging_info: undefined }, FAIL('logging_info.broker_logs is not set')],
  ])('GIVEN broker logs with %s THEN CKV_AWS_80 reports exactly the expected outcome', (_case, extra, expected) => {
    expect(outcomeOf('CKV_AWS_80', msk(extra))).toEqual(expected);
  });

  test.each([
    ['no encryption_info', { encryption_info: undefined }, FAIL('encryption_info is not set')],
    ['client_broker TLS_PLAINTEXT', encryption({ encryption_at_rest_kms_key_arn: KEY, encryption_in_transit: { client_broker: 'TLS_PLAINTEXT', in_cluster: true } }), FAIL('encryption_in_transit.client_broker is "TLS_PLAINTEXT", not "TLS"')],
    ['client_broker PLAINTEXT', encryption({ encryption_at_rest_kms_key_arn: KEY, encryption_in_transit: { client_broker: 'PLAINTEXT' } }), FAIL('encryption_in_transit.client_broker is "PLAINTEXT", not "TLS"')],
    ['in_cluster false', encryption({ encryption_at_rest_kms_key_arn: KEY, encryption_in_transit: { client_broker: 'TLS', in_cluster: false } }), FAIL('encryption_in_transit.in_cluster is false')],
    ['in_cluster "false"', encryption({ encryption_at_rest_kms_key_arn: KEY, encryption_in_transit: { in_cluster: 'false' } }), FAIL('encryption_in_transit.in_cluster is false')],
    ['no KMS key', encryption({ encryption_in_transit: { client_broker: 'TLS', in_cluster: true } }), FAIL('encryption_at_rest_kms_key_arn is not set (AWS managed key)')],
    ['an empty KMS key', encryption({ encryption_at_rest_kms_key_arn: '', encryption_in_transit: { client_broker: 'TLS', in_cluster: true } }), FAIL('encryption_at_rest_kms_key_arn is not set (AWS managed key)')],
    ['a KMS key and no encryption_in_transit (TLS both ways by default)', encryption({ encryption_at_rest_kms_key_arn: KEY }), PASS],
  ])('GIVEN %s THEN CKV_AWS_81 reports exactly the expected outcome', (_case, extra, expected) => {
    expect(outcomeOf('CKV_AWS_81', msk(extra))).toEqual(expected);
  });

  test.each([
    ['SERVICE_PROVIDED_EIPS', publicAccess({ type: 'SERVICE_PROVIDED_EIPS' }), FAIL('public_access.type is "SERVICE_PROVIDED_EIPS"')],
    ['DISABLED', publicAccess({ type: 'DISABLED' }), PASS],
    ['unset in a public_access block', publicAccess({}), PASS],
    ['unset: no public_access block', publicAccess(undefined), PASS],
    ['unset: no broker_node_group_info', { broker_node_group_info: undefined }, PASS],
  ])('GIVEN public_access.type %s THEN CKV_AWS_291 reports exactly the expected outcome', (_case, extra, expected) => {
    expect(outcomeOf('CKV_AWS_291', msk(extra))).toEqual(expected);
  });

  test.each([
    ['no client_authentication', auth(undefined), FAIL('client_authentication is not set (MSK then allows unauthenticated clients)')],
    ['unauthenticated true beside IAM', auth({ unauthenticated: true, sasl: { iam: true } }), FAIL('client_authentication.unauthenticated is true')],
    ['unauthenticated "true" beside IAM', auth({ unauthenticated: 'true', sasl: { iam: true } }), FAIL('client_authentication.unauthenticated is true')],
    ['sasl.iam false', auth({ unauthenticated: false, sasl: { iam: false } }), FAIL('client_authentication.sasl.iam is not true')],
    ['TLS client certificates and no sasl block', auth({ tls: { certificate_authority_arns: ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/1'] } }), FAIL('client_authentication.sasl.iam is not true')],
    ['SCRAM beside IAM', auth({ sasl: { iam: true, scram: true } }), FAIL('client_authentication.sasl.scram is true (passwords in Secrets Manager)')],
    ['IAM and SCRAM false', auth({ sasl: { iam: 'true', scram: false } }), PASS],
  ])('GIVEN %s THEN MRPS_AWS_3 reports exactly the expected outcome', (_case, extra, expected) => {
    expect(outcomeOf('MRPS_AWS_3', msk(extra))).toEqual(expected);
  });
});
