import { secretsIn } from '../../../lib/policy';
import { checkResources, FAIL, NOT_APPLICABLE, outcomeOf, PASS } from '../../support/policy';

const ENCRYPTED_ROOT = { device_name: '/dev/xvda', ebs: { encrypted: 'true' } };

describe('CKV_AWS_79: IMDSv2 only', () => {
  test.each([
    ['aws_launch_template', { metadata_options: { http_tokens: 'required' } }, PASS],
    ['aws_launch_template', { metadata_options: [{ http_tokens: 'required' }] }, PASS],
    ['aws_launch_template', { metadata_options: { http_endpoint: 'disabled' } }, PASS],
    ['aws_launch_template', { metadata_options: { http_tokens: 'optional' } }, FAIL('metadata_options.http_tokens is "optional"')],
    ['aws_launch_template', { metadata_options: { http_endpoint: 'enabled' } }, FAIL('metadata_options.http_tokens is "unset"')],
    ['aws_launch_template', {}, FAIL('metadata_options is not set, so IMDSv1 stays enabled')],
    ['aws_instance', { metadata_options: { http_tokens: 'required' } }, PASS],
    ['aws_instance', {}, FAIL('metadata_options is not set, so IMDSv1 stays enabled')],
    ['aws_launch_configuration', { metadata_options: { http_tokens: 'optional' } }, FAIL('metadata_options.http_tokens is "optional"')],
  ])('GIVEN %s with %j THEN %j', (type, config, expected) => {
    expect(outcomeOf('CKV_AWS_79', { [type]: { r: config } })).toEqual(expected);
  });
});

describe('CKV_AWS_341: metadata hop limit 1', () => {
  test.each([
    ['aws_launch_template', { metadata_options: { http_put_response_hop_limit: 1 } }, PASS],
    ['aws_launch_template', { metadata_options: { http_put_response_hop_limit: '1' } }, PASS],
    ['aws_launch_template', { metadata_options: {} }, PASS],
    ['aws_launch_template', {}, PASS],
    ['aws_launch_template', { metadata_options: { http_put_response_hop_limit: 2 } }, FAIL('http_put_response_hop_limit is 2')],
    ['aws_launch_configuration', { metadata_options: { http_put_response_hop_limit: 3 } }, FAIL('http_put_response_hop_limit is 3')],
  ])('GIVEN %s with %j THEN %j', (type, config, expected) => {
    expect(outcomeOf('CKV_AWS_341', { [type]: { r: config } })).toEqual(expected);
  });

  test('GIVEN an instance THEN the rule does not read it (instances have no launch-time hop limit here)', () => {
    expect(checkResources('CKV_AWS_341', { aws_instance: { i: { metadata_options: { http_put_response_hop_limit: 2 } } } })).toEqual([]);
  });
});

describe('CKV_AWS_8: encrypted EBS volumes of instances and templates', () => {
  test.each([
    [{ block_device_mappings: [ENCRYPTED_ROOT] }, PASS],
    [{ block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: true } }, { device_name: '/dev/xvdb', ebs: { snapshot_id: 'snap-1' } }] }, PASS],
    [{ block_device_mappings: [ENCRYPTED_ROOT, { device_name: '/dev/xvdb', ebs: { encrypted: 'false' } }] }, FAIL('1 EBS block device(s) without encrypted = true')],
    [{ block_device_mappings: [{ device_name: '/dev/xvda', ebs: {} }, { device_name: '/dev/xvdb', ebs: {} }] }, FAIL('2 EBS block device(s) without encrypted = true')],
    [{ block_device_mappings: [{ device_name: '/dev/sdf', virtual_name: 'ephemeral0' }] }, FAIL('no block_device_mappings: the root volume takes the AMI default, unencrypted unless the account enables EBS encryption by default')],
    [{}, FAIL('no block_device_mappings: the root volume takes the AMI default, unencrypted unless the account enables EBS encryption by default')],
  ])('GIVEN a launch template with %j THEN %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_8', { aws_launch_template: { lt: config } })).toEqual(expected);
  });

  test.each([
    ['aws_instance', { root_block_device: { encrypted: true } }, PASS],
    ['aws_instance', { root_block_device: { encrypted: true }, ebs_block_device: [{ device_name: '/dev/xvdb', encrypted: true }] }, PASS],
    ['aws_instance', { root_block_device: { encrypted: true }, ebs_block_device: [{ device_name: '/dev/xvdb' }] }, FAIL('1 EBS block device(s) without encrypted = true')],
    ['aws_instance', { root_block_device: {} }, FAIL('1 EBS block device(s) without encrypted = true')],
    ['aws_instance', {}, FAIL('root_block_device is not set, so the root volume is unencrypted by default')],
    ['aws_launch_configuration', { root_block_device: [{ encrypted: 'true' }] }, PASS],
    ['aws_launch_configuration', {}, FAIL('root_block_device is not set, so the root volume is unencrypted by default')],
  ])('GIVEN %s with %j THEN %j', (type, config, expected) => {
    expect(outcomeOf('CKV_AWS_8', { [type]: { r: config } })).toEqual(expected);
  });
});

// Secrets are assembled from parts so this file holds none that a scanner would flag.
const ACCESS_KEY_ID = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('CKV_AWS_46: no secrets in user data', () => {
  test.each([
    [{}, NOT_APPLICABLE('no user data')],
    [{ user_data: '#!/bin/sh\naws secretsmanager get-secret-value --secret-id app\n' }, PASS],
    [{ user_data: `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${ACCESS_KEY_ID}\n` }, FAIL('user data holds an AWS access key id')],
    [{ user_data_base64: b64(`#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${ACCESS_KEY_ID}\nexport AWS_SECRET_ACCESS_KEY=${SECRET_KEY}\n`) }, FAIL('user data holds an AWS access key id (base64-encoded), an AWS secret access key (base64-encoded)')],
    [{ user_data: ACCESS_KEY_ID, user_data_base64: ACCESS_KEY_ID }, FAIL('user data holds an AWS access key id')],
  ])('GIVEN an instance with %j THEN %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_46', { aws_instance: { i: config } })).toEqual(expected);
  });

  test('GIVEN a launch template or configuration THEN its user data is read too', () => {
    expect(outcomeOf('CKV_AWS_46', { aws_launch_template: { lt: { user_data: b64(`key=${ACCESS_KEY_ID} and more text to pass forty characters`) } } })).toEqual(
      FAIL('user data holds an AWS access key id (base64-encoded)'),
    );
    expect(outcomeOf('CKV_AWS_46', { aws_launch_configuration: { lc: { user_data: '-----BEGIN RSA PRIVATE KEY-----' } } })).toEqual(FAIL('user data holds a PEM private key'));
  });
});

describe('secretsIn: what counts as a secret', () => {
  const slack = (kind: string, body: string) => `xox${kind}-${body}`;
  const github = (kind: string, length: number) => `gh${kind}_${'a1B2'.repeat(10).slice(0, length)}`;

  test.each([
    ['-----BEGIN PRIVATE KEY-----', ['a PEM private key']],
    ['-----BEGIN RSA PRIVATE KEY-----', ['a PEM private key']],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', ['a PEM private key']],
    ['-----BEGIN PUBLIC KEY-----', []],
    ['-----BEGIN CERTIFICATE-----', []],
    ['-----BEGIN rsa PRIVATE KEY-----', []],
    ['-----BEGIN PRIVATE KEY----', []],
    [ACCESS_KEY_ID, ['an AWS access key id']],
    [`id=${ACCESS_KEY_ID};`, ['an AWS access key id']],
    [ACCESS_KEY_ID.replace('AKIA', 'ASIA'), ['an AWS access key id']],
    [ACCESS_KEY_ID.slice(0, -1), []],
    [`${ACCESS_KEY_ID}Q`, []],
    [`X${ACCESS_KEY_ID}`, []],
    [ACCESS_KEY_ID.toLowerCase(), []],
    [ACCESS_KEY_ID.replace('AKIA', 'ABIA'), []],
    [`${ACCESS_KEY_ID.slice(0, 10)}abcdef`, []],
    [`aws_secret_access_key=${SECRET_KEY}`, ['an AWS secret access key']],
    [`AWS_SECRET_ACCESS_KEY : ${SECRET_KEY}`, ['an AWS secret access key']],
    [`aws_secret_access_key=${SECRET_KEY.slice(1)}`, []],
    [`aws_secret_access_key ${SECRET_KEY}`, []],
    [`secret_access_key=${SECRET_KEY}`, []],
    [`aws_secret_access_key=${SECRET_KEY.replace(/\//g, '-')}`, []],
    [slack('b', '1234567890'), ['a Slack token']],
    [slack('p', '12345-abcDE-f'), ['a Slack token']],
    ...['a', 'o', 's', 'r'].map((k) => [slack(k, '1234567890'), ['a Slack token']] as [string, string[]]),
    [slack('b', '123456789'), []],
    [slack('z', '1234567890'), []],
    [`a${slack('b', '1234567890')}`, []],
    [`xoxb_${'1234567890'}`, []],
    [github('p', 36), ['a GitHub token']],
    ...['o', 'u', 's', 'r'].map((k) => [github(k, 36), ['a GitHub token']] as [string, string[]]),
    [github('p', 35), []],
    [github('p', 37), []],
    [github('x', 36), []],
    [`x${github('p', 36)}`, []],
    [`${github('p', 35)}-`, []],
    [`${ACCESS_KEY_ID} ${slack('b', '1234567890')}`, ['an AWS access key id', 'a Slack token']],
  ])('GIVEN %p THEN it holds %j', (text, found) => {
    expect(secretsIn(text)).toEqual(found);
  });

  test('GIVEN base64 text of at least 40 characters THEN what it decodes to is scanned too', () => {
    const encoded = b64(`export AWS_ACCESS_KEY_ID=${ACCESS_KEY_ID}`);
    expect(encoded.length).toBeGreaterThanOrEqual(40);
    expect(secretsIn(encoded)).toEqual(['an AWS access key id (base64-encoded)']);
    expect(secretsIn(`${encoded.slice(0, 20)}\n${encoded.slice(20)}\n`)).toEqual(['an AWS access key id (base64-encoded)']);
    expect(secretsIn(b64(`${ACCESS_KEY_ID} and some padding text`))).toEqual(['an AWS access key id (base64-encoded)']);
    expect(secretsIn(b64(`x=${ACCESS_KEY_ID}`))).toEqual([]);
    expect(secretsIn(`${encoded}!`)).toEqual([]);
    expect(secretsIn(`${encoded.replace(/=+$/, '')}===`)).toEqual([]);
    expect(secretsIn(`${b64('plain text that is long enough to be decoded')}`)).toEqual([]);
  });
});

describe('CKV_AWS_3, CKV_AWS_88: volumes and public addresses', () => {
  test.each([
    [{ encrypted: true }, PASS],
    [{ encrypted: 'true' }, PASS],
    [{ encrypted: false }, FAIL('encrypted is not true')],
    [{}, FAIL('encrypted is not true')],
  ])('GIVEN a volume with %j THEN CKV_AWS_3 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_3', { aws_ebs_volume: { v: config } })).toEqual(expected);
  });

  test.each([
    ['aws_instance', {}, PASS],
    ['aws_instance', { associate_public_ip_address: false }, PASS],
    ['aws_instance', { associate_public_ip_address: true }, FAIL('associate_public_ip_address is true')],
    ['aws_launch_template', { network_interfaces: [{ associate_public_ip_address: 'true' }] }, FAIL('a network interface sets associate_public_ip_address = true')],
    ['aws_launch_template', { network_interfaces: [{ associate_public_ip_address: 'false' }, { device_index: 1 }] }, PASS],
    ['aws_launch_template', { network_interfaces: { associate_public_ip_address: true } }, FAIL('a network interface sets associate_public_ip_address = true')],
  ])('GIVEN %s with %j THEN CKV_AWS_88 is %j', (type, config, expected) => {
    expect(outcomeOf('CKV_AWS_88', { [type]: { r: config } })).toEqual(expected);
  });
});

describe('Auto Scaling groups', () => {
  const asg = (config: Record<string, unknown>, others: Record<string, Record<string, Record<string, unknown>>> = {}) =>
    outcomeOf('CKV2_AWS_15', { aws_autoscaling_group: { asg: { name: 'nginx', max_size: 2, min_size: 1, ...config } }, ...others });

  test.each([
    [{ target_group_arns: ['arn:tg'], health_check_type: 'ELB' }, PASS],
    [{ target_group_arns: ['arn:tg'] }, FAIL('health_check_type is "EC2 (default)"')],
    [{ target_group_arns: ['arn:tg'], health_check_type: 'EC2' }, FAIL('health_check_type is "EC2"')],
    [{ load_balancers: ['classic'] }, FAIL('health_check_type is "EC2 (default)"')],
    [{ target_group_arns: [] }, NOT_APPLICABLE('not registered with a load balancer')],
    [{}, NOT_APPLICABLE('not registered with a load balancer')],
  ])('GIVEN a group with %j THEN CKV2_AWS_15 is %j', (config, expected) => {
    expect(asg(config)).toEqual(expected);
  });

  test('GIVEN a group attached through aws_autoscaling_attachment, by reference or by name THEN it is behind a load balancer', () => {
    expect(asg({}, { aws_autoscaling_attachment: { a: { autoscaling_group_name: '${aws_autoscaling_group.asg.id}', lb_target_group_arn: 'arn:tg' } } })).toEqual(FAIL('health_check_type is "EC2 (default)"'));
    expect(asg({}, { aws_autoscaling_attachment: { a: { autoscaling_group_name: 'nginx', lb_target_group_arn: 'arn:tg' } } })).toEqual(FAIL('health_check_type is "EC2 (default)"'));
    expect(asg({}, { aws_autoscaling_attachment: { a: { autoscaling_group_name: 'other', lb_target_group_arn: 'arn:tg' } } })).toEqual(NOT_APPLICABLE('not registered with a load balancer'));
  });

  test.each([
    [{ launch_template: { id: 'lt-1', version: '1' } }, PASS],
    [{ mixed_instances_policy: { launch_template: {} } }, PASS],
    [{ launch_configuration: 'legacy' }, FAIL('no launch_template or mixed_instances_policy')],
    [{}, FAIL('no launch_template or mixed_instances_policy')],
  ])('GIVEN a group with %j THEN CKV_AWS_315 is %j', (config, expected) => {
    expect(outcomeOf('CKV_AWS_315', { aws_autoscaling_group: { asg: config } })).toEqual(expected);
  });
});
