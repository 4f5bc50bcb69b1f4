import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { instanceSpec, InstanceSpec } from '../../lib/capacity';
import { PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { parseCidr } from '../../lib/cidr';
import { CONTROL_PLANE_PORTS, controlPlanePortRules } from '../../lib/platform-ports';
import { describeScope, invalid } from '../../lib/errors';
import { cloudWatchLogsKeyGrant } from '../../lib/log-retention';
import { resolveProtection } from '../../lib/protection';
import { checkPlanSlice, planned, plannedRequired } from '../../lib/plan-slice';
import { checkArray, checkBoolean, checkInteger, checkKubernetesLabelKey, checkKubernetesLabels, checkKubernetesLabelValue, checkLiteralInteger, checkMinMax, checkName, checkOneOf, checkProps, checkRequiredObject, isUnresolved } from '../../lib/validation';
import { Connections, IConnectable } from '../connections';
import { EncryptionKey } from '../encryption-key';
import { COREDNS_MAX_REPLICAS, COREDNS_MIN_REPLICAS, COREDNS_RESOURCES } from './add-on-resources';
import { ContainerInsights } from './container-insights';
import { ControllerRoles, CONTROLLER_SERVICE_ACCOUNTS } from './controller-roles';
import { EksClusterProps, INodeGroupOrdering, NODE_CAPACITY_TYPES, NodeGroupSpec, TaintEffect } from './eks-cluster-props';
import { checkScheduledScaling } from '../auto-scaling-group/auto-scaling-group';
import { KubernetesVersion, SupportType } from './kubernetes-version';
import { ManagedNodeGroup } from './node-group';

/** Every control-plane log type. https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
/** AWS quotas. https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html */
export const MAX_NODES_PER_MANAGED_NODE_GROUP = 450;
export const MAX_MANAGED_NODE_GROUPS_PER_CLUSTER = 30;
const DEFAULT_MAX_UNAVAILABLE_PERCENT = 10;
/**
 * Ports the control plane opens on nodes, by port, from lib/platform-ports.ts (each with the
 * chart value or AWS requirement behind it).
 */
export const CONTROL_PLANE_TO_NODE_PORTS: readonly number[] = controlPlanePortRules().map((r) => r.port);
const HTTPS = 443;
/** EKS cluster names: 1-100 characters; IAM role names built from it stay under 64. */
const NAME_MAX = 32;

/**
 * An EKS cluster in the network's app subnets: private API endpoint, secrets encrypted
 * with a rotating KMS key, every control-plane log type kept with retention, access by
 * access entries only (no aws-auth ConfigMap; the creator is not admin), managed add-ons
 * pinned to the Kubernetes version, one managed node group per spec, and Pod Identity
 * roles for the in-cluster controllers, and CloudWatch Container Insights (the
 * amazon-cloudwatch-observability add-on) unless `containerInsights` is false.
 *
 * Ordering (what users of EKS modules trip over): vpc-cni (with prefix delegation and
 * network policy), kube-proxy and the Pod Identity agent exist before any node joins, so
 * max pods and pod networking are right from the first node; CoreDNS, the EBS CSI driver
 * and the CloudWatch agent are created after the node groups, since their pods need nodes to
 * become healthy.
 */
export class EksCluster extends Construct implements IConnectable, INodeGroupOrdering {
  public readonly cluster: EksClusterResource;
  public readonly clusterName: string;
  public readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as EKS returns it. */
  public readonly certificateAuthorityData: string;
  public readonly oidcIssuerUrl: string;
  public readonly kubernetesVersion: KubernetesVersion;
  /** Security group on every node (and so every pod): other tiers admit it as a client. */
  public readonly nodeSecurityGroupId: string;
  /**
   * The nodes and their pods (VPC CNI without security groups for pods, so pods share the
   * node group): `db.connections.allowDefaultPortFrom(cluster)` admits them. The group allows
   * all outbound traffic, so connections add no egress rule to it.
   */
  public readonly connections: Connections;
  /** Additional security group on the control-plane ENIs. */
  public readonly controlPlaneSecurityGroupId: string;
  /**
   * The control plane's ENIs as something to connect (webhooks the API server calls on pods):
   * `cluster.connections.allowFrom(cluster.controlPlane, Port.tcp(15017), '...')`. Its group
   * has explicit egress only, so connections add the matching egress rule to it.
   */
  public readonly controlPlane: IConnectable;
  /** The security group EKS creates for the cluster. */
  public readonly clusterSecurityGroupId: string;
  public readonly nodeRoleArn: string;
  public readonly secretsKey: EncryptionKey;
  public readonly controllerRoles: ControllerRoles;
  public readonly nodeGroups: ManagedNodeGroup[];
  /** The CloudWatch agent's add-on and role; undefined when `containerInsights` is false. */
  public readonly containerInsights?: ContainerInsights;
  /** Service accounts the controllers' Helm releases must use. */
  public readonly controllerServiceAccounts = CONTROLLER_SERVICE_ACCOUNTS;

  constructor(scope: Construct, id: string, given: EksClusterProps) {
    super(scope, id);
    checkProps(this, given, `{ name: 'prod', network, kubernetesVersion, capacity: plan.eks }`);
    checkRequiredObject(this, 'network', given.network, 'pass the Network construct, or Network.fromAttributes({ ... }) for a VPC made elsewhere');
    const props = this.sized(given);
    const protection = resolveProtection(this, props);
    const specs = this.validate(props);
    const name = props.name;
    const network = props.network;
    this.kubernetesVersion = props.kubernetesVersion;
    const lifecycle = protection.lifecycle();
    const logRetentionDays = protection.logRetention(this, 'logRetentionDays', props.logRetentionDays);

    this.secretsKey = new EncryptionKey(this, 'key', {
      alias: `${name}-eks`,
      description: `Encrypts the Kubernetes secrets and the control-plane and Container Insights logs of EKS cluster ${name}`,
      protection,
    });
    const partition = this.secretsKey.partition;
    this.secretsKey.grantToService(cloudWatchLogsKeyGrant(network.region, partition, this.secretsKey.accountId));

    // EKS writes to this exact group name; creating it first sets retention and encryption.
    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: logRetentionDays,
      kmsKeyId: this.secretsKey.keyArn,
      lifecycle,
    });

    const clusterRole = new IamRole(this, 'cluster-role', {
      name: `${name}-eks-cluster`,
      description: `Control plane of EKS cluster ${name}`,
      assumeRolePolicy: trustPolicy('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', { role: clusterRole.name, policyArn: `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy` });
    // Envelope encryption of secrets: the control plane uses the key through this role.
    const clusterKmsPolicy = new IamRolePolicy(this, 'cluster-kms', {
      role: clusterRole.id,
      name: 'secrets-encryption',
      policy: new PolicyDocument([new PolicyStatement({ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [this.secretsKey.keyArn] })]).toJson(),
    });

    const controlPlaneSg = new SecurityGroup(this, 'control-plane-sg', {
      name: `${name}-eks-control-plane`,
      description: `EKS ${name}: control-plane ENIs`,
      vpcId: network.vpcId,
      tags: { Name: `${name}-eks-control-plane` },
    });
    const nodeSg = new SecurityGroup(this, 'node-sg', {
      name: `${name}-eks-nodes`,
      description: `EKS ${name}: nodes and pods`,
      vpcId: network.vpcId,
      tags: { Name: `${name}-eks-nodes`, [`kubernetes.io/cluster/${name}`]: 'owned' },
    });
    this.nodeSecurityGroupId = nodeSg.id;
    this.connections = new Connections({ securityGroups: [{ securityGroupId: nodeSg.id, owner: this, name: 'nodes', allowAllOutbound: true }] });
    this.controlPlaneSecurityGroupId = controlPlaneSg.id;
    this.controlPlane = new Connections({ securityGroups: [{ securityGroupId: controlPlaneSg.id, owner: this, name: 'control-plane' }] });
    new VpcSecurityGroupIngressRule(this, 'api-from-nodes', {
      securityGroupId: controlPlaneSg.id,
      description: 'Kubernetes API from nodes and pods',
      referencedSecurityGroupId: nodeSg.id,
      ipProtocol: 'tcp',
      fromPort: HTTPS,
      toPort: HTTPS,
    });
    (props.apiAccessCidrs ?? []).forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `api-from-deployer-cidr-${i}`, {
        securityGroupId: controlPlaneSg.id,
        description: `Kubernetes API from deployer network ${cidr}`,
        cidrIpv4: cidr,
        ipProtocol: 'tcp',
        fromPort: HTTPS,
        toPort: HTTPS,
      });
    });
    (props.apiAccessSecurityGroupIds ?? []).forEach((groupId, i) => {
      new VpcSecurityGroupIngressRule(this, `api-from-deployer-sg-${i}`, {
        securityGroupId: controlPlaneSg.id,
        description: 'Kubernetes API from a deployer security group',
        referencedSecurityGroupId: groupId,
        ipProtocol: 'tcp',
        fromPort: HTTPS,
        toPort: HTTPS,
      });
    });
    for (const { port, purposes } of controlPlanePortRules(props.controlPlanePorts ?? CONTROL_PLANE_PORTS)) {
      const purpose = purposes.join(', ');
      new VpcSecurityGroupIngressRule(this, `node-from-control-plane-${port}`, {
        securityGroupId: nodeSg.id,
        description: `Control plane to nodes: ${purpose}`,
        referencedSecurityGroupId: controlPlaneSg.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
      });
      new VpcSecurityGroupEgressRule(this, `control-plane-to-node-${port}`, {
        securityGroupId: controlPlaneSg.id,
        description: `Control plane to nodes: ${purpose}`,
        referencedSecurityGroupId: nodeSg.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
      });
    }
    // Pod-to-pod and node-to-node (DNS, service traffic, kubelet) inside the cluster.
    new VpcSecurityGroupIngressRule(this, 'node-from-node', {
      securityGroupId: nodeSg.id,
      description: 'Nodes and pods to each other',
      referencedSecurityGroupId: nodeSg.id,
      ipProtocol: '-1',
    });
    // Image pulls, AWS APIs (endpoints and NAT) and the services' dependencies.
    new VpcSecurityGroupEgressRule(this, 'node-egress', {
      securityGroupId: nodeSg.id,
      description: 'Nodes and pods to anywhere (AWS APIs, image registries, data tier)',
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: '-1',
    });

    const publicCidrs = props.publicAccessCidrs ?? [];
    this.cluster = new EksClusterResource(this, 'cluster', {
      name,
      version: props.kubernetesVersion.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: network.appSubnets.map((s) => s.id),
        securityGroupIds: [controlPlaneSg.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
      },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: props.clusterCreatorAdmin ?? false },
      upgradePolicy: { supportType: props.supportType },
      // A shift drains the AZ's endpoints from the EndpointSlices; the plan spreads the pods per AZ.
      zonalShiftConfig: { enabled: props.zonalShift ?? true },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.keyArn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      // The managed add-ons below own vpc-cni, kube-proxy and CoreDNS from the start.
      bootstrapSelfManagedAddons: false,
      lifecycle,
      dependsOn: [logGroup, clusterPolicy, clusterKmsPolicy],
      tags: { Name: name },
    });
    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    (props.adminRoleArns ?? []).forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
        dependsOn: [entry],
      });
    });

    const nodeRole = new IamRole(this, 'node-role', {
      name: `${name}-eks-nodes`,
      description: `Nodes of EKS cluster ${name}`,
      assumeRolePolicy: trustPolicy('ec2.amazonaws.com', ['sts:AssumeRole']),
    });
    // With authentication mode API, EKS creates the nodes' access entry for managed node groups.
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy'].map(
      (policy) => new IamRolePolicyAttachment(this, `node-${policy}`, { role: nodeRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` }),
    );
    this.nodeRoleArn = nodeRole.arn;

    this.controllerRoles = new ControllerRoles(this, 'controllers', { clusterName: this.cluster.name, namePrefix: name, partition });

    const addons = props.kubernetesVersion.addons;
    const addon = (addonName: string, version: string, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) =>
      new EksAddon(this, `addon-${addonName}`, {
        clusterName: this.cluster.name,
        addonName,
        addonVersion: version,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        ...extra,
      });
    const beforeNodes: ITerraformDependable[] = [
      addon('vpc-cni', addons.vpcCni, {
        // Prefix delegation: each ENI slot holds a /28, so max pods reaches the 110/250
        // ceiling. Network policy: the namespaces' NetworkPolicies are enforced.
        // https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
        configurationValues: JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' }, enableNetworkPolicy: 'true' }),
      }),
      addon('kube-proxy', addons.kubeProxy),
      addon('eks-pod-identity-agent', addons.podIdentityAgent),
    ];

    this.nodeGroups = specs.map(
      ({ spec, instance }) =>
        new ManagedNodeGroup(this, `node-group-${spec.name}`, {
          spec,
          clusterName: this.cluster.name,
          kubernetesVersion: this.cluster.version,
          nodeRoleArn: nodeRole.arn,
          subnetId: network.appSubnets[network.availabilityZones.indexOf(spec.availabilityZone)].id,
          securityGroupIds: [nodeSg.id],
          amiType: instance.architecture === 'arm64' ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD',
          maxUnavailablePercent: props.nodeUpdateMaxUnavailablePercent ?? DEFAULT_MAX_UNAVAILABLE_PERCENT,
          dependsOn: [...beforeNodes, ...nodePolicies],
        }),
    );
    const afterNodes = this.nodeGroups.map((g) => g.nodeGroup);

    addon('coredns', addons.coreDns, {
      configurationValues: JSON.stringify({ autoScaling: { enabled: true, minReplicas: COREDNS_MIN_REPLICAS, maxReplicas: COREDNS_MAX_REPLICAS }, resources: COREDNS_RESOURCES }),
      dependsOn: afterNodes,
    });
    addon('aws-ebs-csi-driver', addons.ebsCsiDriver, {
      podIdentityAssociation: [{ roleArn: this.controllerRoles.ebsCsiDriverRoleArn, serviceAccount: CONTROLLER_SERVICE_ACCOUNTS.ebsCsiController.name }],
      dependsOn: afterNodes,
    });
    if (props.containerInsights ?? true) {
      this.containerInsights = new ContainerInsights(this, 'container-insights', {
        clusterName: this.cluster.name,
        namePrefix: name,
        addonVersion: addons.cloudWatchObservability,
        partition,
        containerLogs: props.containerInsightsLogs ?? false,
        logRetentionDays,
        logKeyArn: this.secretsKey.keyArn,
        protection,
        dependsOn: afterNodes,
      });
    }
  }

  /**
   * Creates every node group after `resources` (appended to the add-ons they already wait
   * for). ServiceIngress uses it: its NLB takes fixed addresses in the app subnets, which
   * must be claimed before any node's VPC CNI takes /28 prefixes around them.
   */
  public addNodeGroupDependency(...resources: ITerraformDependable[]): void {
    for (const group of this.nodeGroups) group.addDependency(...resources);
  }

  /** The sizes: each explicit prop, else the capacity slice's; both and different is an error. */
  private sized(props: EksClusterProps): EksClusterProps & { readonly nodeGroups: NodeGroupSpec[] } {
    const plan = props.capacity;
    checkPlanSlice(this, 'capacity', plan, props.network);
    const labels = props.nodeGroupLabels;
    const fromPlan = plan?.nodeGroups.map((g): NodeGroupSpec => ({
      name: g.name,
      instanceTypes: [...g.instanceTypes],
      availabilityZone: props.network.availabilityZones[g.azIndex],
      minSize: g.minSize,
      desiredSize: g.desiredSize,
      maxSize: g.maxSize,
      maxPodsPerNode: g.maxPodsPerNode,
      ...(labels !== undefined ? { labels: { ...labels } } : {}),
    }));
    return {
      ...props,
      nodeGroups: plannedRequired(this, 'nodeGroups', props.nodeGroups, fromPlan, "nodeGroups: [{ name: 'services-az1', instanceTypes: ['c7g.4xlarge'], availabilityZone: 'us-east-1a', minSize: 3, desiredSize: 3, maxSize: 30, maxPodsPerNode: 110 }]"),
      containerInsights: planned(this, 'containerInsights', props.containerInsights, plan?.containerInsights),
    };
  }

  /** Checks every prop before any resource exists; returns each node group with its instance figures. */
  private validate(props: EksClusterProps & { readonly nodeGroups: NodeGroupSpec[] }): { spec: NodeGroupSpec; instance: InstanceSpec }[] {
    checkName(this, 'name', props.name, { maxLength: NAME_MAX, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens, starting with a letter', what: 'EKS cluster name' });
    if (!KubernetesVersion.SUPPORTED.includes(props.kubernetesVersion)) {
      invalid(
        this,
        'kubernetesVersion',
        String(props.kubernetesVersion),
        'is not a Kubernetes version this construct has pinned add-on versions for',
        `use one of ${KubernetesVersion.SUPPORTED.map((v) => `KubernetesVersion.V${v.version.replace('.', '_')}`).join(', ')}, or add the version with its add-on versions to constructs/eks-cluster/kubernetes-version.ts`,
      );
    }
    checkOneOf(this, 'supportType', props.supportType, Object.values(SupportType));
    checkBoolean(this, 'containerInsights', props.containerInsights);
    checkBoolean(this, 'containerInsightsLogs', props.containerInsightsLogs);
    if (props.containerInsights === false && props.containerInsightsLogs === true) {
      invalid(this, 'containerInsightsLogs', true, 'needs Container Insights: the add-on that runs Fluent Bit is not installed (containerInsights is false)', 'set containerInsights to true, or drop containerInsightsLogs');
    }
    checkInteger(this, 'nodeUpdateMaxUnavailablePercent', props.nodeUpdateMaxUnavailablePercent, { min: 1, max: 100, limit: 'EKS accepts 1 to 100 percent' });
    (props.publicAccessCidrs ?? []).forEach((cidr, i) => {
      const parsed = parseCidr(cidr);
      if (!parsed) invalid(this, `publicAccessCidrs[${i}]`, cidr, 'is not an IPv4 network CIDR', 'pass CIDRs such as "203.0.113.0/24"');
      if (parsed.prefix === 0) invalid(this, `publicAccessCidrs[${i}]`, cidr, 'opens the Kubernetes API to the whole internet', 'list your VPN or office CIDRs, or omit publicAccessCidrs to keep the endpoint private');
    });
    checkBoolean(this, 'clusterCreatorAdmin', props.clusterCreatorAdmin);
    checkArray(this, 'apiAccessCidrs', props.apiAccessCidrs, { what: 'IPv4 CIDRs' });
    (props.apiAccessCidrs ?? []).forEach((cidr, i) => {
      const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
      if (!parsed) invalid(this, `apiAccessCidrs[${i}]`, cidr, 'is not an IPv4 network CIDR', 'pass the deployer networks such as "10.8.0.0/16" (host bits clear)');
      if (parsed.prefix === 0) invalid(this, `apiAccessCidrs[${i}]`, cidr, 'admits every address to the Kubernetes API', 'list the VPN or CI runner networks the deploy runs from');
    });
    checkArray(this, 'apiAccessSecurityGroupIds', props.apiAccessSecurityGroupIds, { what: 'security group ids' });
    (props.apiAccessSecurityGroupIds ?? []).forEach((id, i) => {
      if (typeof id !== 'string' || (!isUnresolved(id) && !/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id))) invalid(this, `apiAccessSecurityGroupIds[${i}]`, id, 'is not a security group id', 'pass ids such as "sg-0123456789abcdef0"');
    });
    (props.controlPlanePorts ?? []).forEach((p, i) => checkInteger(this, `controlPlanePorts[${i}].port`, p?.port, { min: 1, max: 65535 }));
    (props.adminRoleArns ?? []).forEach((arn, i) => {
      if (!/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn)) {
        invalid(this, `adminRoleArns[${i}]`, arn, 'is not an IAM role ARN', 'use an ARN such as "arn:aws:iam::123456789012:role/platform-admin"');
      }
    });

    checkArray(this, 'nodeGroups', props.nodeGroups, { minLength: 1, maxLength: MAX_MANAGED_NODE_GROUPS_PER_CLUSTER, what: `node groups (EKS quota: ${MAX_MANAGED_NODE_GROUPS_PER_CLUSTER} per cluster)` });
    const names = new Set<string>();
    return props.nodeGroups.map((spec, i) => {
      const at = `nodeGroups[${i}]`;
      checkName(this, `${at}.name`, spec.name, { maxLength: 63, pattern: /^[a-z0-9][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'node group name' });
      if (names.has(spec.name)) invalid(this, `${at}.name`, spec.name, 'names a node group twice', 'give every node group its own name');
      names.add(spec.name);
      if (!props.network.availabilityZones.includes(spec.availabilityZone)) {
        invalid(this, `${at}.availabilityZone`, spec.availabilityZone, 'is not one of the network\'s AZs', `use one of ${props.network.availabilityZones.join(', ')}`);
      }
      checkArray(this, `${at}.instanceTypes`, spec.instanceTypes, { minLength: 1, what: 'EC2 instance types' });
      const where = `${describeScope(this)} ${at}`;
      const instances = spec.instanceTypes.map((t) => instanceSpec(t, where));
      if (new Set(instances.map((s) => s.architecture)).size > 1) {
        invalid(this, `${at}.instanceTypes`, spec.instanceTypes, 'mixes arm64 and x86_64 types; a node group runs one AMI', 'use types of one architecture per group');
      }
      checkInteger(this, `${at}.minSize`, spec.minSize, { min: 0 });
      checkInteger(this, `${at}.maxSize`, spec.maxSize, {
        min: 1,
        max: MAX_NODES_PER_MANAGED_NODE_GROUP,
        limit: `EKS quota "Nodes per managed node group" is ${MAX_NODES_PER_MANAGED_NODE_GROUP}; split the capacity over more groups or use larger instances`,
      });
      checkMinMax(this, `${at}.minSize`, spec.minSize, `${at}.maxSize`, spec.maxSize);
      checkMinMax(this, `${at}.minSize`, spec.minSize, `${at}.desiredSize`, spec.desiredSize);
      checkMinMax(this, `${at}.desiredSize`, spec.desiredSize, `${at}.maxSize`, spec.maxSize);
      const smallest = instances.reduce((a, b) => (b.maxPodsPrefixDelegation < a.maxPodsPrefixDelegation ? b : a));
      checkLiteralInteger(this, `${at}.maxPodsPerNode`, spec.maxPodsPerNode, { min: 1, decides: "the kubelet's max pods, written into the node's configuration and checked against what the instance type holds" });
      checkInteger(this, `${at}.maxPodsPerNode`, spec.maxPodsPerNode, { min: 1 });
      if (spec.maxPodsPerNode > smallest.maxPodsPrefixDelegation) {
        invalid(
          this,
          `${at}.maxPodsPerNode`,
          spec.maxPodsPerNode,
          `is more than ${smallest.instanceType} holds with VPC CNI prefix delegation (${smallest.maxPodsPrefixDelegation} = min(${smallest.vcpus > 30 ? 250 : 110}, ${smallest.maxEnis} ENIs x (${smallest.ipv4PerEni} - 1) x 16 + 2))`,
          `use at most ${smallest.maxPodsPrefixDelegation}, or a larger instance type`,
        );
      }
      checkInteger(this, `${at}.rootVolumeGiB`, spec.rootVolumeGiB, { min: 20, max: 16_384, limit: 'gp3 volumes are 1 GiB to 16 TiB; the AL2023 EKS image needs 20 GiB' });
      (spec.taints ?? []).forEach((t, j) => checkOneOf(this, `${at}.taints[${j}].effect`, t.effect, Object.values(TaintEffect)));
      // Issue 21: Kubernetes label and taint syntax, a literal pod count per node.
      checkKubernetesLabels(this, `${at}.labels`, spec.labels);
      (spec.taints ?? []).forEach((t, j) => {
        checkKubernetesLabelKey(this, `${at}.taints[${j}].key`, t.key);
        if (t.value !== undefined) checkKubernetesLabelValue(this, `${at}.taints[${j}].value`, t.value);
      });
      checkOneOf(this, `${at}.capacityType`, spec.capacityType, NODE_CAPACITY_TYPES);
      checkScheduledScaling(this, `${at}.scheduledScaling`, spec.scheduledScaling);
      (spec.scheduledScaling ?? []).forEach((s, j) => {
        checkInteger(this, `${at}.scheduledScaling[${j}].maxSize`, s.maxSize, { max: MAX_NODES_PER_MANAGED_NODE_GROUP, limit: `EKS quota "Nodes per managed node group" is ${MAX_NODES_PER_MANAGED_NODE_GROUP}` });
      });
      return { spec, instance: instances[0] };
    });
  }
}

function trustPolicy(service: string, actions: string[]): string {
  return PolicyDocument.trust(Principal.service(service), actions).toJson();
}
