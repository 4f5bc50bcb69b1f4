import { CONTAINER_INSIGHTS_SERVICE_ACCOUNT, EksCluster, EksClusterProps, KubernetesVersion, NodeGroupSpec, SupportType } from '../../../constructs/eks-cluster';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Connections, Port } from '../../../constructs/connections';
import { INetwork, Network } from '../../../constructs/network';
import { allOf, countOf, onlyOf, policyOf, resourcesOf, synthConstructs, SynthesizedStack } from '../../support/synth';
import { Protection } from '../../../lib/protection';

const NETWORK: INetwork = Network.fromAttributes({
  vpcId: 'vpc-1',
  vpcCidr: '10.30.0.0/16',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: [],
  appSubnets: [
    { id: 'subnet-a', availabilityZone: 'us-east-1a', cidr: '10.30.0.0/18' },
    { id: 'subnet-b', availabilityZone: 'us-east-1b', cidr: '10.30.64.0/18' },
    { id: 'subnet-c', availabilityZone: 'us-east-1c', cidr: '10.30.128.0/18' },
  ],
  dataSubnets: [],
});

const GROUP: NodeGroupSpec = { name: 'services-az1', instanceTypes: ['c7i.8xlarge'], availabilityZone: 'us-east-1a', minSize: 11, desiredSize: 11, maxSize: 62, maxPodsPerNode: 250 };

const PROPS: EksClusterProps = {
  name: 'prod',
  network: NETWORK,
  kubernetesVersion: KubernetesVersion.V1_33,
  supportType: SupportType.EXTENDED,
  adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'],
  nodeGroups: [GROUP, { ...GROUP, name: 'services-az2', availabilityZone: 'us-east-1b' }, { ...GROUP, name: 'services-az3', availabilityZone: 'us-east-1c' }],
  protection: Protection.PRODUCTION,
};

function controlPlaneLogs(stack: SynthesizedStack) {
  return allOf(stack, 'aws_cloudwatch_log_group').find((g) => g.name === '/aws/eks/prod/cluster')!;
}

function synthCluster(props: Partial<EksClusterProps> = {}) {
  return synthConstructs((scope) => new EksCluster(scope, 'eks', { ...PROPS, ...props }));
}

describe('EksCluster', () => {
  describe('GIVEN prod-like props', () => {
    const stack = synthCluster();
    const cluster = onlyOf(stack, 'aws_eks_cluster');

    test('THEN the version is pinned with an explicit support type and the API endpoint is private', () => {
      expect(cluster.version).toBe('1.33');
      expect(cluster.upgrade_policy).toEqual({ support_type: 'EXTENDED' });
      expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false, subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'] });
    });

    test('THEN secrets are envelope-encrypted with a rotating KMS key and all five log types are kept', () => {
      expect(cluster.encryption_config).toMatchObject({ resources: ['secrets'] });
      expect(String((cluster.encryption_config as { provider: { key_arn: string } }).provider.key_arn)).toContain('aws_kms_key');
      expect(onlyOf(stack, 'aws_kms_key').enable_key_rotation).toBe(true);
      expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
      const logs = controlPlaneLogs(stack);
      expect(logs).toMatchObject({ name: '/aws/eks/prod/cluster', retention_in_days: 365 });
      expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('aws_cloudwatch_log_group')]));
    });

    test('THEN access is by access entries only, the creator is not admin, and the configured role is', () => {
      expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
      expect(onlyOf(stack, 'aws_eks_access_entry').principal_arn).toBe('arn:aws:iam::123456789012:role/platform-admin');
      const association = onlyOf(stack, 'aws_eks_access_policy_association');
      expect(String(association.policy_arn)).toContain(':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
      expect(association.access_scope).toEqual({ type: 'cluster' });
    });

    test('THEN production keeps Terraform from destroying the cluster, its key and its logs', () => {
      expect(cluster.lifecycle).toEqual({ prevent_destroy: true });
      expect(onlyOf(stack, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
      expect(controlPlaneLogs(stack).lifecycle).toEqual({ prevent_destroy: true });
    });

    test('THEN there is one node group per AZ with the given sizes, rolling by percentage, desired size left to the autoscaler', () => {
      const groups = allOf(stack, 'aws_eks_node_group');
      expect(groups).toHaveLength(3);
      expect(groups.map((g) => g.subnet_ids)).toEqual([['subnet-a'], ['subnet-b'], ['subnet-c']]);
      for (const g of groups) {
        expect(g.scaling_config).toEqual({ min_size: 11, desired_size: 11, max_size: 62 });
        expect(g.update_config).toEqual({ max_unavailable_percentage: 10 });
        expect(g.lifecycle).toEqual({ ignore_changes: ['scaling_config[0].desired_size'] });
        expect(g.ami_type).toBe('AL2023_x86_64_STANDARD');
        expect(g.node_group_name_prefix).toBeUndefined();
        // Following the cluster's version is an in-place rolling update, not a replacement.
        expect(String(g.version)).toContain('aws_eks_cluster');
        // 62 nodes, 6 at a time: 11 batches of 15 minutes.
        expect(g.timeouts).toEqual({ update: '165m' });
      }
    });

    test('THEN launch templates require IMDSv2, encrypt a gp3 root volume and set kubelet max pods', () => {
      const templates = allOf(stack, 'aws_launch_template');
      expect(templates).toHaveLength(3);
      const lt = templates[0];
      expect(lt.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
      expect(lt.block_device_mappings).toEqual([{ device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } }]);
      expect(Buffer.from(String(lt.user_data), 'base64').toString()).toContain('maxPods: 250');
      expect(lt.image_id).toBeUndefined();
    });

    test('THEN vpc-cni (prefix delegation, network policy), kube-proxy and the Pod Identity agent come before the nodes; CoreDNS and EBS CSI after', () => {
      const addons: Record<string, Record<string, unknown>> = Object.fromEntries(allOf(stack, 'aws_eks_addon').map((a) => [a.addon_name, a]));
      expect(Object.keys(addons).sort()).toEqual(['amazon-cloudwatch-observability', 'aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
      expect(JSON.parse(addons['vpc-cni'].configuration_values as string)).toEqual({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' }, enableNetworkPolicy: 'true' });
      expect(Object.values(addons).every((a) => /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(a.addon_version as string))).toBe(true);
      const group = allOf(stack, 'aws_eks_node_group')[0];
      for (const before of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']) {
        expect(group.depends_on).toEqual(expect.arrayContaining([expect.stringContaining(`addon-${before}`)]));
      }
      for (const after of ['coredns', 'aws-ebs-csi-driver', 'amazon-cloudwatch-observability']) {
        expect((addons[after].depends_on as string[]).filter((d) => d.startsWith('aws_eks_node_group'))).toHaveLength(3);
      }
      expect(onlyOf(stack, 'aws_eks_cluster').bootstrap_self_managed_addons).toBe(false);
    });

    test('THEN the controllers get Pod Identity roles, the Load Balancer Controller with its official policy', () => {
      const associations = allOf(stack, 'aws_eks_pod_identity_association').map((a) => `${a.namespace}/${a.service_account}`);
      expect(associations.sort()).toEqual(['kube-system/aws-load-balancer-controller', 'kube-system/cluster-autoscaler']);
      const roles = allOf(stack, 'aws_iam_role').filter((r) => (r.assume_role_policy as string).includes('pods.eks.amazonaws.com'));
      expect(roles.map((r) => r.name).sort()).toEqual(['prod-aws-load-balancer-controller', 'prod-cloudwatch-agent', 'prod-cluster-autoscaler', 'prod-ebs-csi-driver']);
      const lbc = allOf(stack, 'aws_iam_role_policy').find((p) => p.name === 'aws-load-balancer-controller');
      const actions = policyOf(lbc?.policy).Statement.flatMap((s) => s.Action as string[]);
      expect(actions).toEqual(expect.arrayContaining(['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets']));
      const ca = allOf(stack, 'aws_iam_role_policy').find((p) => p.name === 'cluster-autoscaler');
      expect(policyOf(ca?.policy).Statement[1].Condition).toEqual({ StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/prod': 'owned' } });
      const ebs = allOf(stack, 'aws_eks_addon').find((a) => a.addon_name === 'aws-ebs-csi-driver');
      expect(ebs?.pod_identity_association).toEqual([expect.objectContaining({ service_account: 'ebs-csi-controller-sa' })]);
    });

    test('THEN Container Insights is installed: the CloudWatch agent bound by Pod Identity to a role with exactly CloudWatchAgentServerPolicy', () => {
      const addon = allOf(stack, 'aws_eks_addon').find((a) => a.addon_name === 'amazon-cloudwatch-observability')!;
      expect(addon.addon_version).toBe('v4.10.3-eksbuild.1');
      expect(CONTAINER_INSIGHTS_SERVICE_ACCOUNT).toEqual({ namespace: 'amazon-cloudwatch', name: 'cloudwatch-agent' });
      const association = (addon.pod_identity_association as { role_arn: string; service_account: string }[])[0];
      expect(association.service_account).toBe('cloudwatch-agent');
      // No separate association: the add-on's own one exists before the agent's first pod.
      expect(allOf(stack, 'aws_eks_pod_identity_association').some((a) => a.namespace === 'amazon-cloudwatch')).toBe(false);

      const roles = resourcesOf(stack, 'aws_iam_role');
      const [roleKey, role] = Object.entries(roles).find(([, r]) => r.name === 'prod-cloudwatch-agent')!;
      expect(association.role_arn).toBe(`\${aws_iam_role.${roleKey}.arn}`);
      expect(policyOf(role.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
      const attached = allOf(stack, 'aws_iam_role_policy_attachment').filter((a) => a.role === `\${aws_iam_role.${roleKey}.name}`);
      // The partition comes from the secrets key's ARN (no data source): arn:<partition>:iam::aws:policy/...
      expect(attached.map((a) => a.policy_arn)).toEqual([expect.stringMatching(/^arn:\$\{element\(split\(":", aws_kms_key\.[\w-]+\.arn\), 1\)\}:iam::aws:policy\/CloudWatchAgentServerPolicy$/)]);
      expect(allOf(stack, 'aws_iam_role_policy').some((p) => String(p.role).includes(roleKey))).toBe(false);
      // The node role does not get the agent's policy.
      expect(allOf(stack, 'aws_iam_role_policy_attachment').filter((a) => String(a.policy_arn).endsWith('/CloudWatchAgentServerPolicy'))).toHaveLength(1);
    });

    test('THEN the agent runs enhanced observability only: no Application Signals, no container logs, and its log group has retention and the KMS key', () => {
      const addon = allOf(stack, 'aws_eks_addon').find((a) => a.addon_name === 'amazon-cloudwatch-observability')!;
      expect(JSON.parse(addon.configuration_values as string)).toEqual({
        agent: { config: { logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } } } },
        containerLogs: { enabled: false },
      });
      expect(addon).toMatchObject({ resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'OVERWRITE' });
      const groups = allOf(stack, 'aws_cloudwatch_log_group').filter((g) => String(g.name).startsWith('/aws/containerinsights/'));
      expect(groups.map((g) => g.name)).toEqual(['/aws/containerinsights/prod/performance']);
      expect(groups[0].retention_in_days).toBe(365);
      expect(String(groups[0].kms_key_id)).toContain('aws_kms_key');
      // Created before the agent, which would otherwise create it without retention or key.
      expect(addon.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('log-group-performance'), expect.stringContaining('aws_iam_role_policy_attachment')]));
    });

    test('THEN the control plane reaches the nodes on kubelet and webhook ports, and nodes reach the API', () => {
      const ingress = allOf(stack, 'aws_vpc_security_group_ingress_rule');
      const fromControlPlane = ingress.filter((r) => String(r.referenced_security_group_id).includes('control-plane-sg')).map((r) => r.from_port);
      expect(fromControlPlane.sort()).toEqual([10250, 443, 9443]);
      expect(ingress.some((r) => String(r.security_group_id).includes('control-plane-sg') && r.from_port === 443)).toBe(true);
    });
  });

  test('GIVEN no public CIDRs or admins THEN the public endpoint is off and no access entry exists', () => {
    const stack = synthCluster({ adminRoleArns: undefined });
    expect(countOf(stack, 'aws_eks_access_entry')).toBe(0);
  });

  test('GIVEN containerInsights false THEN there is no CloudWatch add-on, agent role or Container Insights log group', () => {
    const stack = synthCluster({ containerInsights: false });
    expect(allOf(stack, 'aws_eks_addon').map((a) => a.addon_name)).not.toContain('amazon-cloudwatch-observability');
    expect(allOf(stack, 'aws_iam_role').map((r) => r.name)).not.toContain('prod-cloudwatch-agent');
    expect(allOf(stack, 'aws_iam_role_policy_attachment').some((a) => String(a.policy_arn).endsWith('/CloudWatchAgentServerPolicy'))).toBe(false);
    expect(allOf(stack, 'aws_cloudwatch_log_group').map((g) => g.name)).toEqual(['/aws/eks/prod/cluster']);
  });

  test('GIVEN containerInsightsLogs THEN Fluent Bit is on and its three log groups exist first, with the cluster retention', () => {
    const stack = synthCluster({ containerInsightsLogs: true, logRetentionDays: 731 });
    const addon = allOf(stack, 'aws_eks_addon').find((a) => a.addon_name === 'amazon-cloudwatch-observability')!;
    expect(JSON.parse(addon.configuration_values as string).containerLogs).toEqual({ enabled: true });
    const groups = allOf(stack, 'aws_cloudwatch_log_group').filter((g) => String(g.name).startsWith('/aws/containerinsights/'));
    expect(groups.map((g) => g.name).sort()).toEqual(['application', 'dataplane', 'host', 'performance'].map((g) => `/aws/containerinsights/prod/${g}`));
    expect(groups.every((g) => g.retention_in_days === 731)).toBe(true);
    expect((addon.depends_on as string[]).filter((d) => d.includes('aws_cloudwatch_log_group'))).toHaveLength(4);
  });

  describe.each([
    ['Protection.PRODUCTION', Protection.PRODUCTION, { prevent_destroy: true }],
    ['Protection.NON_PRODUCTION', Protection.NON_PRODUCTION, undefined],
  ] as const)('GIVEN %s with container logs', (_, protection, lifecycle) => {
    const stack = synthCluster({ protection, containerInsightsLogs: true });
    const groups = allOf(stack, 'aws_cloudwatch_log_group').filter((g) => String(g.name).startsWith('/aws/containerinsights/'));

    test(`THEN every Container Insights log group ${lifecycle ? 'has' : 'lacks'} prevent_destroy, like the control-plane log group`, () => {
      expect(groups).toHaveLength(4);
      for (const g of groups) expect(g.lifecycle).toEqual(lifecycle);
      expect(controlPlaneLogs(stack).lifecycle).toEqual(lifecycle);
    });
  });

  test('GIVEN Protection.NON_PRODUCTION THEN the control-plane and Container Insights logs are kept a month, nothing retained', () => {
    const stack = synthCluster({ protection: Protection.NON_PRODUCTION });
    expect(allOf(stack, 'aws_cloudwatch_log_group').map((g) => [g.name, g.retention_in_days, g.lifecycle]).sort()).toEqual([
      ['/aws/containerinsights/prod/performance', 30, undefined],
      ['/aws/eks/prod/cluster', 30, undefined],
    ]);
    expect(onlyOf(stack, 'aws_eks_cluster').lifecycle).toBeUndefined();
  });

  test('GIVEN the old preventDestroy flag (JavaScript) THEN synth fails with the migration', () => {
    expect(() => synthCluster({ preventDestroy: true } as Partial<EksClusterProps>)).toThrow(/EksCluster \(test\/eks\): preventDestroy = true is no longer a prop.*Fix: pass protection: Protection\.PRODUCTION/);
  });

  test('GIVEN resources the node groups must wait for THEN each group depends on them after the add-ons it already waited for', () => {
    const stack = synthConstructs((scope) => {
      const eks = new EksCluster(scope, 'eks', PROPS);
      const marker = new SecurityGroup(scope, 'marker', { name: 'marker', description: 'something created first', vpcId: 'vpc-1' });
      eks.addNodeGroupDependency(marker);
    });
    for (const group of allOf(stack, 'aws_eks_node_group')) {
      const dependsOn = group.depends_on as string[];
      expect(dependsOn[dependsOn.length - 1]).toBe('aws_security_group.marker');
      expect(dependsOn.filter((d) => d.startsWith('aws_eks_addon.'))).toHaveLength(3);
    }
  });

  test('GIVEN a client of the pods THEN the node group admits it, and no egress is added (the nodes already reach anywhere)', () => {
    const stack = synthConstructs((scope) => {
      const eks = new EksCluster(scope, 'eks', PROPS);
      eks.connections.allowFrom(Connections.fromSecurityGroupId(scope, 'monitor', 'sg-monitor'), Port.tcp(10250), 'kubelet metrics from the monitor');
      Connections.fromSecurityGroupId(scope, 'db', 'sg-db', { allowAllOutbound: false }).allowFrom(eks, Port.tcp(5432), 'PostgreSQL from the pods');
    });
    const fromMonitor = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.referenced_security_group_id === 'sg-monitor');
    expect(fromMonitor).toEqual([expect.objectContaining({ security_group_id: expect.stringContaining('aws_security_group.eks_node-sg'), from_port: 10250 })]);
    expect(allOf(stack, 'aws_vpc_security_group_egress_rule').filter((r) => r.referenced_security_group_id === 'sg-db')).toEqual([]);
  });

  test('GIVEN public CIDRs THEN the public endpoint admits only them', () => {
    const cluster = onlyOf(synthCluster({ publicAccessCidrs: ['203.0.113.0/24'] }), 'aws_eks_cluster');
    expect(cluster.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
  });

  describe('GIVEN a Spot node group with a schedule', () => {
    const stack = synthCluster({
      nodeGroups: [{ ...GROUP, instanceTypes: ['c7i.8xlarge', 'm7i.8xlarge'], capacityType: 'SPOT', scheduledScaling: [{ name: 'night', recurrence: '0 19 * * MON-FRI', timeZone: 'Europe/Berlin', minSize: 11, maxSize: 11, desiredCapacity: 11 }] }],
    });
    test('THEN the group buys Spot over both types and the action acts on the Auto Scaling group EKS created for it', () => {
      const group = onlyOf(stack, 'aws_eks_node_group');
      expect(group).toMatchObject({ capacity_type: 'SPOT', instance_types: ['c7i.8xlarge', 'm7i.8xlarge'] });
      const name = Object.keys(resourcesOf(stack, 'aws_eks_node_group'))[0];
      expect(onlyOf(stack, 'aws_autoscaling_schedule')).toEqual(
        expect.objectContaining({
          scheduled_action_name: 'night',
          autoscaling_group_name: `\${aws_eks_node_group.${name}.resources[0].autoscaling_groups[0].name}`,
          recurrence: '0 19 * * MON-FRI',
          time_zone: 'Europe/Berlin',
          min_size: 11,
          max_size: 11,
          desired_capacity: 11,
        }),
      );
    });
  });

  describe('bad props are rejected with the limit and the fix', () => {
    const cases: [string, Partial<EksClusterProps>, RegExp][] = [
      ['an unsupported Kubernetes version', { kubernetesVersion: KubernetesVersion.of('1.29') as KubernetesVersion }, /EksCluster \(test\/eks\): kubernetesVersion = "undefined" is not a Kubernetes version this construct has pinned add-on versions for. Fix: use one of KubernetesVersion.V1_33/],
      ['a node group over 450 nodes', { nodeGroups: [{ ...GROUP, maxSize: 451 }] }, /nodeGroups\[0\].maxSize = 451 is out of range \(EKS quota "Nodes per managed node group" is 450/],
      ['max pods the instance type cannot hold', { nodeGroups: [{ ...GROUP, instanceTypes: ['c7i.large'], maxPodsPerNode: 111 }] }, /nodeGroups\[0\].maxPodsPerNode = 111 is more than c7i.large holds with VPC CNI prefix delegation \(110 = min/],
      ['max pods above the 250 ceiling', { nodeGroups: [{ ...GROUP, maxPodsPerNode: 300 }] }, /maxPodsPerNode = 300 is more than c7i.8xlarge holds .*Fix: use at most 250/],
      ['min above max', { nodeGroups: [{ ...GROUP, minSize: 70 }] }, /nodeGroups\[0\].minSize = 70 is greater than nodeGroups\[0\].maxSize \(62\)/],
      ['an instance type outside the catalog', { nodeGroups: [{ ...GROUP, instanceTypes: ['x9.huge'] }] }, /instanceType = "x9.huge" is not in the instance catalog/],
      ['mixed architectures', { nodeGroups: [{ ...GROUP, instanceTypes: ['c7i.8xlarge', 'c7g.8xlarge'] }] }, /mixes arm64 and x86_64/],
      ['a node group outside the network', { nodeGroups: [{ ...GROUP, availabilityZone: 'us-east-1d' }] }, /availabilityZone = "us-east-1d" is not one of the network's AZs/],
      ['a public endpoint open to the internet', { publicAccessCidrs: ['0.0.0.0/0'] }, /opens the Kubernetes API to the whole internet/],
      ['an admin that is a user', { adminRoleArns: ['arn:aws:iam::123456789012:user/bob'] }, /adminRoleArns\[0\] = .* is not an IAM role ARN/],
      [
        'container logs without Container Insights',
        { containerInsights: false, containerInsightsLogs: true },
        /EksCluster \(test\/eks\): containerInsightsLogs = true needs Container Insights: the add-on that runs Fluent Bit is not installed \(containerInsights is false\). Fix: set containerInsights to true, or drop containerInsightsLogs/,
      ],
      ['a non-boolean containerInsights', { containerInsights: 'yes' as unknown as boolean }, /containerInsights = "yes" is not a boolean/],
      ['an unknown capacity type', { nodeGroups: [{ ...GROUP, capacityType: 'RESERVED' as NodeGroupSpec['capacityType'] }] }, /nodeGroups\[0\].capacityType = "RESERVED" is not supported. Fix: use one of "ON_DEMAND", "SPOT"/],
      ['a schedule that is not cron', { nodeGroups: [{ ...GROUP, scheduledScaling: [{ name: 'night', recurrence: 'every night', maxSize: 11 }] }] }, /nodeGroups\[0\].scheduledScaling\[0\].recurrence = "every night" is not a five-field cron expression/],
      ['a schedule with min above max', { nodeGroups: [{ ...GROUP, scheduledScaling: [{ name: 'night', recurrence: '0 19 * * *', minSize: 12, maxSize: 11 }] }] }, /scheduledScaling\[0\].minSize = 12 is greater than nodeGroups\[0\].scheduledScaling\[0\].maxSize \(11\)/],
      ['a schedule over the node quota', { nodeGroups: [{ ...GROUP, scheduledScaling: [{ name: 'day', recurrence: '0 7 * * *', maxSize: 451 }] }] }, /scheduledScaling\[0\].maxSize = 451 is out of range \(EKS quota "Nodes per managed node group" is 450\)/],
      ['a schedule that changes nothing', { nodeGroups: [{ ...GROUP, scheduledScaling: [{ name: 'noop', recurrence: '0 7 * * *' }] }] }, /scheduledScaling\[0\] = "noop" changes nothing.*Fix: set at least one of them/],
      [
        'two schedules of one name',
        { nodeGroups: [{ ...GROUP, scheduledScaling: [{ name: 'night', recurrence: '0 19 * * *', maxSize: 11 }, { name: 'night', recurrence: '0 7 * * *', maxSize: 62 }] }] },
        /scheduledScaling\[1\].name = "night" names two scheduled actions/,
      ],
      ['a negative scheduled size', { nodeGroups: [{ ...GROUP, scheduledScaling: [{ name: 'night', recurrence: '0 19 * * *', desiredCapacity: -2 }] }] }, /scheduledScaling\[0\].desiredCapacity = -2 is out of range/],
    ];
    test.each(cases)('%s', (_label, change, message) => {
      expect(() => synthCluster(change)).toThrow(message);
    });
  });
});
