import { fail, notApplicable, pass, PolicyRule } from '../rule';
import { secretsIn } from '../secret-patterns';
import { asList, asNumber, block, blocks, isSet, isTrue, ResourceView, StackView } from '../stack-view';

/** Checkov's reading: a block is encrypted when `encrypted` is true or it restores a snapshot. */
function unencryptedBlocks(devices: Record<string, unknown>[]): number {
  return devices.filter((d) => !isTrue(d.encrypted) && !isSet(d.snapshot_id)).length;
}

/** IMDS hop limit AWS applies when unset: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html */
const MAX_METADATA_HOP_LIMIT = 1;

/** Target groups an ASG registers in, inline or through aws_autoscaling_attachment. */
function isBehindLoadBalancer(asg: ResourceView, stack: StackView): boolean {
  if (asList(asg.config.target_group_arns).length > 0 || asList(asg.config.load_balancers).length > 0) return true;
  return stack.referencing(asg, ['aws_autoscaling_attachment'], 'autoscaling_group_name', [asg.config.name]).length > 0;
}

export const COMPUTE_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_79',
    title: 'Ensure Instance Metadata Service Version 1 is not enabled',
    resourceTypes: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
    fix: 'set metadataOptions { httpTokens: "required" } (IMDSv2 only)',
    check(r) {
      const options = block(r.config.metadata_options);
      if (!options) return fail('metadata_options is not set, so IMDSv1 stays enabled');
      if (options.http_endpoint === 'disabled' || options.http_tokens === 'required') return pass();
      return fail(`metadata_options.http_tokens is ${JSON.stringify(options.http_tokens ?? 'unset')}`);
    },
  },
  {
    id: 'CKV_AWS_341',
    title: 'Ensure Launch template should not have a metadata response hop limit greater than 1',
    resourceTypes: ['aws_launch_template', 'aws_launch_configuration'],
    fix: 'set metadataOptions.httpPutResponseHopLimit to 1 so containers cannot reach the node role through IMDS',
    check(r) {
      const hops = asNumber(block(r.config.metadata_options)?.http_put_response_hop_limit);
      return hops === undefined || hops <= MAX_METADATA_HOP_LIMIT ? pass() : fail(`http_put_response_hop_limit is ${hops}`);
    },
  },
  {
    id: 'CKV_AWS_8',
    title: 'Ensure all data stored in the Launch configuration or instance Elastic Blocks Store is securely encrypted',
    resourceTypes: ['aws_instance', 'aws_launch_configuration', 'aws_launch_template'],
    fix: 'declare the root volume (and every other volume) with encrypted: true and a customer managed kmsKeyId',
    deviation: 'Also applied to aws_launch_template block_device_mappings, which checkov does not inspect.',
    check(r) {
      if (r.type === 'aws_launch_template') {
        const devices = blocks(r.config.block_device_mappings).flatMap((m) => blocks(m.ebs));
        if (devices.length === 0) return fail('no block_device_mappings: the root volume takes the AMI default, unencrypted unless the account enables EBS encryption by default');
        const bad = unencryptedBlocks(devices);
        return bad === 0 ? pass() : fail(`${bad} EBS block device(s) without encrypted = true`);
      }
      const root = blocks(r.config.root_block_device);
      if (root.length === 0) return fail('root_block_device is not set, so the root volume is unencrypted by default');
      const bad = unencryptedBlocks([...root, ...blocks(r.config.ebs_block_device)]);
      return bad === 0 ? pass() : fail(`${bad} EBS block device(s) without encrypted = true`);
    },
  },
  {
    id: 'CKV_AWS_46',
    title: 'Ensure no hard-coded secrets exist in EC2 user data',
    resourceTypes: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
    fix: 'give the instance role access to the secret (Secrets Manager, SSM SecureString) and read it at boot instead of writing it into user data',
    check(r) {
      const userData = [r.config.user_data, r.config.user_data_base64].filter((v): v is string => typeof v === 'string');
      if (userData.length === 0) return notApplicable('no user data');
      const found = userData.flatMap(secretsIn);
      return found.length === 0 ? pass() : fail(`user data holds ${[...new Set(found)].join(', ')}`);
    },
  },
  {
    id: 'CKV_AWS_3',
    title: 'Ensure all data stored in the EBS is securely encrypted',
    resourceTypes: ['aws_ebs_volume'],
    fix: 'set encrypted: true with a customer managed kmsKeyId',
    check: (r) => (isTrue(r.config.encrypted) ? pass() : fail('encrypted is not true')),
  },
  {
    id: 'CKV_AWS_88',
    title: 'EC2 instance should not have public IP.',
    resourceTypes: ['aws_instance', 'aws_launch_template'],
    fix: 'run instances in private subnets behind the load balancers; do not associate public IPs',
    check(r) {
      if (isTrue(r.config.associate_public_ip_address)) return fail('associate_public_ip_address is true');
      const nics = blocks(r.config.network_interfaces).filter((n) => isTrue(n.associate_public_ip_address));
      return nics.length === 0 ? pass() : fail('a network interface sets associate_public_ip_address = true');
    },
  },
  {
    id: 'CKV2_AWS_15',
    title: 'Ensure that auto Scaling groups that are associated with a load balancer are using Elastic Load Balancing health checks.',
    resourceTypes: ['aws_autoscaling_group'],
    fix: 'set healthCheckType: "ELB" (with a grace period) so instances the load balancer marks unhealthy are replaced',
    check(r, stack) {
      if (!isBehindLoadBalancer(r, stack)) return notApplicable('not registered with a load balancer');
      return r.config.health_check_type === 'ELB' ? pass() : fail(`health_check_type is ${JSON.stringify(r.config.health_check_type ?? 'EC2 (default)')}`);
    },
  },
  {
    id: 'CKV_AWS_315',
    title: 'Ensure EC2 Auto Scaling groups use EC2 launch templates',
    resourceTypes: ['aws_autoscaling_group'],
    fix: 'use a launch template (launchTemplate or mixedInstancesPolicy) instead of a launch configuration',
    check: (r) => (isSet(r.config.launch_template) || isSet(r.config.mixed_instances_policy) ? pass() : fail('no launch_template or mixed_instances_policy')),
  },
];
