import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { AVAILABILITY_ZONE_PATTERN, regionOfAvailabilityZone } from '../../lib/aws-arn';
import { Cidr, contains, formatCidr, hasHostBits, overlaps, parseCidr, PRIVATE_RANGES, usableAddresses, addressCount } from '../../lib/cidr';
import { invalid } from '../../lib/errors';
import { PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { checkLogRetention, cloudWatchLogsKeyGrant } from '../../lib/log-retention';
import { checkPlanSlice, planned } from '../../lib/plan-slice';
import { Protection, resolveProtection } from '../../lib/protection';
import { awsProviderRegion, checkArray, checkAvailabilityZones, checkInteger, checkName, checkOneOf, checkProps, checkTags } from '../../lib/validation';
import { Connections, Port } from '../connections';
import { EncryptionKey } from '../encryption-key';
import type { MonitoringTargets } from '../monitoring-stack/watched-resources';
import { INetwork, NatGatewayStrategy, NetworkProps, SubnetInfo, SubnetPrefixLengths } from './network-props';

/** AWS allows VPC CIDRs from /16 to /28; below /24 the tiers this construct lays out do not fit. https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html */
const VPC_PREFIX_MIN = 16;
const VPC_PREFIX_MAX = 24;
/** Smallest subnet AWS allows. */
const SUBNET_PREFIX_MAX = 28;
/** An ALB needs a /27 or larger subnet in each AZ. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer */
const ALB_SUBNET_PREFIX_MAX = 27;
const DEFAULT_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'sts', 'logs'];
const HTTPS_PORT = 443;
const TIERS = ['app', 'public', 'data'] as const;
type Tier = (typeof TIERS)[number];
/** Default offsets from the VPC prefix: app gets a quarter of the VPC per AZ, the others 1/64. */
const DEFAULT_PREFIX_OFFSET: Record<Tier, number> = { app: 2, public: 6, data: 6 };

/**
 * A VPC over explicitly named AZs with three subnet tiers computed from one CIDR:
 * public (ALBs, NAT), private app (nginx, EKS nodes and pods) and private data (RDS,
 * ElastiCache, no internet route). Flow logs go to an encrypted CloudWatch log group;
 * gateway and interface endpoints keep image pulls and AWS API calls off the NAT; the
 * default security group is closed.
 *
 * Outputs are typed properties; the stack decides what to export as `TerraformOutput`.
 */
export class Network extends Construct implements INetwork {
  /** A network made elsewhere, for constructs that take an {@link INetwork}. */
  public static fromAttributes(attributes: INetwork): INetwork {
    return attributes;
  }

  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly region: string;
  public readonly availabilityZones: string[];
  public readonly publicSubnets: SubnetInfo[];
  public readonly appSubnets: SubnetInfo[];
  public readonly dataSubnets: SubnetInfo[];
  /** The environment of the plan slice in `capacity`; undefined without one. */
  public readonly plannedFor?: string;
  /** Security group of the interface endpoints (HTTPS from the VPC). */
  public readonly endpointSecurityGroupId: string;
  /**
   * The interface endpoints' group on HTTPS. It already admits the whole VPC; connect to it
   * by object where a narrower rule is wanted.
   */
  public readonly endpointConnections: Connections;
  /** Route tables of the private app tier, one per AZ (or one shared with a single NAT). */
  public readonly appRouteTableIds: string[];
  public readonly natGatewayIds: string[];
  public readonly flowLogGroupName: string;
  /** The key that encrypts the flow logs. */
  public readonly logKey: EncryptionKey;

  /** What MonitoringStack watches here (`watch: [network, ...]`): one NAT gateway per entry, named by its AZ. */
  public get monitoringTargets(): MonitoringTargets {
    return { natGateways: this.natGatewayIds.map((id, i) => ({ name: this.availabilityZones[i], id })) };
  }

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const layout = this.validate(props);
    const protection: Protection = resolveProtection(this, props);
    const azs = props.availabilityZones;
    this.region = regionOfAvailabilityZone(azs[0]);
    this.availabilityZones = [...azs];
    this.vpcCidr = props.cidr;
    this.plannedFor = props.capacity?.environment;
    const name = props.name;

    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    this.vpcId = vpc.id;

    // A VPC's default security group allows all traffic between its members; close it so
    // nothing lands in it by accident (CIS AWS 5.4 / checkov CKV2_AWS_12).
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: vpc.id, tags: { Name: `${name}-default-closed` } });

    const makeSubnets = (tier: Tier, extraTags: Record<string, string>): { info: SubnetInfo[]; resources: Subnet[] } => {
      const resources = azs.map(
        (az, i) =>
          new Subnet(this, `${tier}-${az}`, {
            vpcId: vpc.id,
            availabilityZone: az,
            cidrBlock: layout[tier][i],
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-${tier}-${az}`, Tier: tier, ...extraTags },
          }),
      );
      return { resources, info: resources.map((s, i) => ({ id: s.id, availabilityZone: azs[i], cidr: layout[tier][i] })) };
    };
    const publicSubnets = makeSubnets('public', { 'kubernetes.io/role/elb': '1', ...props.publicSubnetTags });
    const appSubnets = makeSubnets('app', { 'kubernetes.io/role/internal-elb': '1', ...props.appSubnetTags });
    const dataSubnets = makeSubnets('data', {});
    this.publicSubnets = publicSubnets.info;
    this.appSubnets = appSubnets.info;
    this.dataSubnets = dataSubnets.info;

    // Public tier: one route table through the internet gateway.
    const igw = new InternetGateway(this, 'igw', { vpcId: vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, 'public-rt', { vpcId: vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, 'public-default', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    publicSubnets.resources.forEach((s, i) => new RouteTableAssociation(this, `public-rta-${azs[i]}`, { subnetId: s.id, routeTableId: publicRoutes.id }));

    // App tier: NAT gateways in the public subnets, one route table per NAT.
    const natCount = (props.natGateways ?? NatGatewayStrategy.ONE_PER_AZ) === NatGatewayStrategy.ONE_PER_AZ ? azs.length : 1;
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-eip-${azs[i]}`, { domain: 'vpc', tags: { Name: `${name}-nat-${azs[i]}` }, dependsOn: [igw] });
      return new NatGateway(this, `nat-${azs[i]}`, { allocationId: eip.id, subnetId: publicSubnets.resources[i].id, tags: { Name: `${name}-${azs[i]}` } });
    });
    this.natGatewayIds = nats.map((n) => n.id);
    const appRouteTables = nats.map((nat, i) => {
      const rt = new RouteTable(this, `app-rt-${azs[i]}`, { vpcId: vpc.id, tags: { Name: natCount === 1 ? `${name}-app` : `${name}-app-${azs[i]}` } });
      new Route(this, `app-default-${azs[i]}`, { routeTableId: rt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      return rt;
    });
    appSubnets.resources.forEach(
      (s, i) => new RouteTableAssociation(this, `app-rta-${azs[i]}`, { subnetId: s.id, routeTableId: appRouteTables[natCount === 1 ? 0 : i].id }),
    );
    this.appRouteTableIds = appRouteTables.map((rt) => rt.id);

    // Data tier: local routes only; databases and caches have no path to the internet.
    const dataRoutes = new RouteTable(this, 'data-rt', { vpcId: vpc.id, tags: { Name: `${name}-data` } });
    dataSubnets.resources.forEach((s, i) => new RouteTableAssociation(this, `data-rta-${azs[i]}`, { subnetId: s.id, routeTableId: dataRoutes.id }));

    // Endpoints: S3 (gateway, free; ECR image layers are served from S3) and interface
    // endpoints for the APIs nodes call on every pull and every pod credential refresh.
    new VpcEndpoint(this, 's3-endpoint', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${this.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...appRouteTables.map((rt) => rt.id), dataRoutes.id],
      tags: { Name: `${name}-s3` },
    });
    const endpointSg = new SecurityGroup(this, 'endpoint-sg', {
      name: `${name}-vpc-endpoints`,
      description: 'HTTPS from inside the VPC to AWS service interface endpoints',
      vpcId: vpc.id,
      tags: { Name: `${name}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, 'endpoint-https', {
      securityGroupId: endpointSg.id,
      description: 'HTTPS from the VPC',
      cidrIpv4: props.cidr,
      ipProtocol: 'tcp',
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
    });
    this.endpointSecurityGroupId = endpointSg.id;
    this.endpointConnections = new Connections({ securityGroups: [{ securityGroupId: endpointSg.id, owner: this, name: 'endpoints' }], defaultPort: Port.tcp(HTTPS_PORT) });
    for (const service of props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) {
      new VpcEndpoint(this, `endpoint-${service}`, {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${this.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: appSubnets.resources.map((s) => s.id),
        securityGroupIds: [endpointSg.id],
        tags: { Name: `${name}-${service}` },
      });
    }

    // Flow logs: every accepted and rejected flow, to an encrypted log group.
    this.logKey = new EncryptionKey(this, 'flow-log-key', {
      alias: `${name}-vpc-flow-logs`,
      description: `Encrypts the VPC flow logs of ${name}`,
      protection,
    });
    this.logKey.grantToService(cloudWatchLogsKeyGrant(this.region, this.logKey.partition, this.logKey.accountId));
    const logGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/aws/vpc/${name}/flow-logs`,
      retentionInDays: protection.logRetention(this, 'flowLogRetentionDays', props.flowLogRetentionDays),
      kmsKeyId: this.logKey.keyArn,
      lifecycle: protection.lifecycle(),
    });
    this.flowLogGroupName = logGroup.name;
    const flowLogRole = new IamRole(this, 'flow-log-role', {
      name: `${name}-vpc-flow-logs`,
      description: `Lets VPC Flow Logs write to ${logGroup.name}`,
      assumeRolePolicy: PolicyDocument.trust(Principal.service('vpc-flow-logs.amazonaws.com')).toJson(),
    });
    new IamRolePolicy(this, 'flow-log-policy', {
      name: 'write-flow-logs',
      role: flowLogRole.id,
      policy: new PolicyDocument([new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], resources: [`${logGroup.arn}:*`] })]).toJson(),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: props.flowLogAggregationIntervalSeconds ?? 60,
      tags: { Name: `${name}-flow-logs` },
    });
  }

  /** Checks every prop before any resource exists and returns the subnet CIDRs per tier. */
  private validate(props: NetworkProps): Record<Tier, string[]> {
    checkProps(this, props, `{ name: 'prod', cidr: '10.30.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }`);
    checkName(this, 'name', props.name, {
      maxLength: 32,
      pattern: /^[a-z][a-z0-9-]*$/,
      charset: 'lower-case letters, digits and hyphens, starting with a letter (it prefixes IAM role and security group names)',
      what: 'network name',
    });
    if (typeof props.cidr !== 'string') invalid(this, 'cidr', props.cidr, 'is not a CIDR string', 'pass an IPv4 CIDR such as "10.0.0.0/16"');
    const vpc = parseCidr(props.cidr);
    if (!vpc) {
      const fix = hasHostBits(props.cidr)
        ? 'clear the host bits: use the network address of the block (for example 10.0.0.0/16, not 10.0.0.1/16)'
        : 'pass an IPv4 CIDR such as "10.0.0.0/16"';
      invalid(this, 'cidr', props.cidr, 'is not a valid IPv4 network CIDR', fix);
    }
    if (vpc.prefix < VPC_PREFIX_MIN || vpc.prefix > VPC_PREFIX_MAX) {
      invalid(this, 'cidr', props.cidr, `has prefix /${vpc.prefix}; a VPC here must be /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX}`, `use a block from /${VPC_PREFIX_MIN} (65,536 addresses) to /${VPC_PREFIX_MAX}`);
    }
    if (!PRIVATE_RANGES.some((range) => contains(range, vpc))) {
      invalid(this, 'cidr', props.cidr, 'is not inside an RFC 1918 private range', 'use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16');
    }

    const minAzs = props.minAvailabilityZones ?? 2;
    checkInteger(this, 'minAvailabilityZones', props.minAvailabilityZones, { min: 1, max: 6 });
    if (props.availabilityZones === undefined) invalid(this, 'availabilityZones', props.availabilityZones, 'is required', 'name the AZs, e.g. ["us-east-1a", "us-east-1b", "us-east-1c"]');
    // Issue 21: literal AZ names of a known Region, the Region of the stack's AWS provider.
    checkAvailabilityZones(this, 'availabilityZones', props.availabilityZones, awsProviderRegion(this));
    checkArray(this, 'availabilityZones', props.availabilityZones, { minLength: minAzs, maxLength: 6, what: 'availability zone names' });
    props.availabilityZones.forEach((az, i) => {
      if (typeof az !== 'string' || !AVAILABILITY_ZONE_PATTERN.test(az)) {
        invalid(this, `availabilityZones[${i}]`, az, 'is not an availability zone name', 'use names such as "us-east-1a" (not zone ids like "use1-az1")');
      }
    });
    if (new Set(props.availabilityZones).size !== props.availabilityZones.length) {
      invalid(this, 'availabilityZones', props.availabilityZones, 'names an AZ more than once', 'list each AZ once');
    }
    const regions = new Set(props.availabilityZones.map(regionOfAvailabilityZone));
    if (regions.size > 1) invalid(this, 'availabilityZones', props.availabilityZones, `spans several regions (${[...regions].join(', ')})`, 'use AZs of one region; a VPC cannot span regions');

    checkOneOf(this, 'natGateways', props.natGateways, Object.values(NatGatewayStrategy));
    checkLogRetention(this, 'flowLogRetentionDays', props.flowLogRetentionDays);
    checkOneOf(this, 'flowLogAggregationIntervalSeconds', props.flowLogAggregationIntervalSeconds, [60, 600]);
    checkInteger(this, 'requiredAppAddressesPerAz', props.requiredAppAddressesPerAz, { min: 0 });
    checkPlanSlice(this, 'capacity', props.capacity, { availabilityZones: props.availabilityZones });
    checkArray(this, 'interfaceEndpoints', props.interfaceEndpoints, { what: 'service short names such as "sts"' });
    checkTags(this, 'publicSubnetTags', props.publicSubnetTags);
    checkTags(this, 'appSubnetTags', props.appSubnetTags);
    (props.interfaceEndpoints ?? []).forEach((service, i) =>
      checkName(this, `interfaceEndpoints[${i}]`, service, { maxLength: 64, pattern: /^[a-z0-9][a-z0-9.-]*$/, charset: 'a service short name such as "ecr.api" or "sts"', what: 'endpoint service name' }),
    );

    const prefixes = this.prefixLengths(vpc, props.subnetPrefixLengths ?? {});
    return this.layOut(vpc, props, prefixes);
  }

  private prefixLengths(vpc: Cidr, given: SubnetPrefixLengths): Record<Tier, number> {
    const result = {} as Record<Tier, number>;
    for (const tier of TIERS) {
      const value = given[tier] ?? Math.min(vpc.prefix + DEFAULT_PREFIX_OFFSET[tier], tier === 'public' ? ALB_SUBNET_PREFIX_MAX : SUBNET_PREFIX_MAX);
      const max = tier === 'public' ? ALB_SUBNET_PREFIX_MAX : SUBNET_PREFIX_MAX;
      checkInteger(this, `subnetPrefixLengths.${tier}`, value, {
        min: vpc.prefix + 1,
        max,
        limit: tier === 'public' ? 'ALBs need a /27 or larger subnet per AZ' : 'a subnet must be inside the VPC and at least a /28',
      });
      result[tier] = value;
    }
    return result;
  }

  /** Places one block per tier per AZ, largest first so every block is aligned. */
  private layOut(vpc: Cidr, props: NetworkProps, prefixes: Record<Tier, number>): Record<Tier, string[]> {
    const azCount = props.availabilityZones.length;
    const order = [...TIERS].sort((a, b) => prefixes[a] - prefixes[b]);
    const needed = order.reduce((sum, tier) => sum + azCount * 2 ** (32 - prefixes[tier]), 0);
    if (needed > addressCount(vpc)) {
      invalid(
        this,
        'subnetPrefixLengths',
        prefixes,
        `needs ${needed} addresses for ${azCount} AZs but the VPC ${props.cidr} has ${addressCount(vpc)}`,
        'use a larger VPC CIDR, fewer AZs, or longer (smaller) subnet prefixes',
      );
    }
    const result = { app: [], public: [], data: [] } as Record<Tier, string[]>;
    let next = vpc.network;
    for (const tier of order) {
      for (let i = 0; i < azCount; i++) {
        const block: Cidr = { network: next >>> 0, prefix: prefixes[tier] };
        result[tier].push(formatCidr(block));
        next += addressCount(block);
      }
    }
    // Belt and braces: the allocator must never produce overlapping blocks.
    const all = TIERS.flatMap((t) => result[t].map((c) => parseCidr(c) as Cidr));
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => {
      if (overlaps(a, b)) throw new Error(`internal error: subnet layout overlaps (${formatCidr(a)} / ${formatCidr(b)})`);
    }));

    const required = planned(this, 'requiredAppAddressesPerAz', props.requiredAppAddressesPerAz, props.capacity?.appAddressesPerAz) ?? 0;
    const appBlock = parseCidr(result.app[0]) as Cidr;
    if (required > usableAddresses(appBlock)) {
      invalid(
        this,
        'subnetPrefixLengths.app',
        prefixes.app,
        `gives ${usableAddresses(appBlock)} usable addresses per AZ but ${required} are required (requiredAppAddressesPerAz)`,
        `use a shorter app prefix (at most /${32 - Math.ceil(Math.log2(required + 5))}) or a larger VPC CIDR`,
      );
    }
    return result;
  }
}
