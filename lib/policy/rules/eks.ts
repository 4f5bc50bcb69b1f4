import { fail, pass, PolicyRule } from '../rule';
import { asList, block, blocks, isFalse, isSet } from '../stack-view';

/** Every control-plane log type EKS offers. https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html */
export const EKS_CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const WORLD = ['0.0.0.0/0', '::/0'];

export const EKS_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_58',
    title: 'Ensure EKS Cluster has Secrets Encryption Enabled',
    resourceTypes: ['aws_eks_cluster'],
    fix: 'set encryptionConfig { resources: ["secrets"], provider: { keyArn } } with a customer managed key',
    check(r) {
      const encrypted = blocks(r.config.encryption_config).some((c) => asList(c.resources).includes('secrets') && isSet(block(c.provider)?.key_arn));
      return encrypted ? pass() : fail('encryption_config does not encrypt "secrets" with a KMS key');
    },
  },
  {
    id: 'CKV_AWS_37',
    title: 'Ensure Amazon EKS control plane logging is enabled for all log types',
    resourceTypes: ['aws_eks_cluster'],
    fix: `set enabledClusterLogTypes to ${JSON.stringify(EKS_CONTROL_PLANE_LOG_TYPES)}`,
    check(r) {
      const enabled = asList(r.config.enabled_cluster_log_types);
      const missing = EKS_CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.includes(t));
      return missing.length === 0 ? pass() : fail(`log types ${missing.join(', ')} are not enabled`);
    },
  },
  {
    id: 'CKV_AWS_39',
    title: 'Ensure Amazon EKS public endpoint disabled',
    resourceTypes: ['aws_eks_cluster'],
    fix: 'set vpcConfig.endpointPublicAccess: false and endpointPrivateAccess: true (reach the API from inside the VPC)',
    check: (r) => (isFalse(block(r.config.vpc_config)?.endpoint_public_access) ? pass() : fail('endpoint_public_access is not false (the EKS default is true)')),
  },
  {
    id: 'CKV_AWS_38',
    title: 'Ensure Amazon EKS public endpoint not accessible to 0.0.0.0/0',
    resourceTypes: ['aws_eks_cluster'],
    fix: 'disable the public endpoint, or list the operator CIDRs in vpcConfig.publicAccessCidrs',
    check(r) {
      const vpc = block(r.config.vpc_config);
      if (isFalse(vpc?.endpoint_public_access)) return pass();
      const cidrs = asList(vpc?.public_access_cidrs);
      if (cidrs.length === 0) return fail('the public endpoint is open to 0.0.0.0/0 (public_access_cidrs unset)');
      return cidrs.some((c) => WORLD.includes(String(c))) ? fail('public_access_cidrs contains 0.0.0.0/0') : pass();
    },
  },
  {
    id: 'CKV_AWS_100',
    title: 'Ensure AWS EKS node group does not have implicit SSH access from 0.0.0.0/0',
    resourceTypes: ['aws_eks_node_group'],
    fix: 'drop remoteAccess (use SSM Session Manager) or restrict it with sourceSecurityGroupIds',
    check(r) {
      const remote = block(r.config.remote_access);
      if (!remote || !isSet(remote.ec2_ssh_key)) return pass();
      return isSet(remote.source_security_group_ids) ? pass() : fail('remote_access opens SSH without source_security_group_ids');
    },
  },
];
