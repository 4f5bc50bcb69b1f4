import { Protection } from '../../lib/protection';

/** How NAT gateways are laid out over the availability zones. */
export enum NatGatewayStrategy {
  /** One NAT gateway in every AZ; an AZ outage never cuts the others off the internet. Production default. */
  ONE_PER_AZ = 'one-per-az',
  /** One NAT gateway shared by all AZs: cheaper, but a single point of failure. Suited to dev. */
  SINGLE = 'single',
}

/** Prefix lengths of each subnet tier (one subnet per tier per AZ). */
export interface SubnetPrefixLengths {
  /**
   * Public subnets (ALBs, NAT gateways). ALBs need at least a /27 with 8 free addresses.
   * @default - VPC prefix + 6 (a /22 in a /16)
   */
  readonly public?: number;
  /**
   * Private application subnets (nginx fleet, EKS nodes and pods). With VPC CNI prefix
   * delegation every node takes /28 blocks, so this tier is the large one.
   * @default - VPC prefix + 2 (a /18 in a /16)
   */
  readonly app?: number;
  /**
   * Private data subnets (RDS, ElastiCache); no route to the internet.
   * @default - VPC prefix + 6 (a /22 in a /16)
   */
  readonly data?: number;
}

export interface NetworkProps {
  /** Prefix of every resource name, e.g. `prod`. Letters, digits and hyphens. */
  readonly name: string;
  /**
   * The VPC's IPv4 CIDR, an RFC 1918 block from /16 to /24.
   */
  readonly cidr: string;
  /**
   * Availability zones by name (e.g. `us-east-1a`). Named explicitly, not read from an
   * `aws_availability_zones` data source, so plans work offline and subnets never move
   * when AWS adds a zone. All must be in one region.
   */
  readonly availabilityZones: string[];
  /**
   * Fewest AZs this network may span; the stacks pass 3 for staging and prod.
   * @default 2
   */
  readonly minAvailabilityZones?: number;
  /** @default NatGatewayStrategy.ONE_PER_AZ */
  readonly natGateways?: NatGatewayStrategy;
  /** @default - see {@link SubnetPrefixLengths} */
  readonly subnetPrefixLengths?: SubnetPrefixLengths;
  /**
   * Addresses the app tier must offer in each AZ (nodes, pods under prefix delegation,
   * nginx instances, interface endpoints). The constructor fails if the app subnets are
   * smaller. The reference stacks compute it from the capacity model.
   * @default 0 - no check
   */
  readonly requiredAppAddressesPerAz?: number;
  /**
   * Days to keep VPC flow logs in CloudWatch Logs.
   * @default - the protection's `logRetentionDays` (365 in production, 30 otherwise)
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Flow log aggregation interval in seconds: 60 or 600.
   * @default 60
   */
  readonly flowLogAggregationIntervalSeconds?: 60 | 600;
  /**
   * AWS services to reach through interface endpoints (short names after
   * `com.amazonaws.<region>.`). Image pulls (ECR api and dkr, whose layers come from S3 via
   * the gateway endpoint), STS (IRSA and Pod Identity token exchange) and CloudWatch Logs
   * stay off the NAT gateways.
   * @default ['ecr.api', 'ecr.dkr', 'sts', 'logs']
   */
  readonly interfaceEndpoints?: string[];
  /** Extra tags on the public subnets (the construct already sets `kubernetes.io/role/elb`). @default {} */
  readonly publicSubnetTags?: Record<string, string>;
  /** Extra tags on the app subnets (the construct already sets `kubernetes.io/role/internal-elb`). @default {} */
  readonly appSubnetTags?: Record<string, string>;
  /**
   * Retention of the flow logs and, with `retainOnDestroy`, `prevent_destroy` on the
   * flow-log key and log group.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
}

/** One subnet: where it is and what it holds. */
export interface SubnetInfo {
  readonly id: string;
  readonly availabilityZone: string;
  /** The subnet's CIDR, a plain string known at synth time. */
  readonly cidr: string;
}

/**
 * What other constructs need of a network. {@link Network} implements it; use
 * {@link Network.fromAttributes} for a VPC created elsewhere.
 */
export interface INetwork {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly region: string;
  readonly availabilityZones: string[];
  readonly publicSubnets: SubnetInfo[];
  readonly appSubnets: SubnetInfo[];
  readonly dataSubnets: SubnetInfo[];
}
