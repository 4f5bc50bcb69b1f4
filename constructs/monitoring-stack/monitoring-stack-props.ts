import { Protection } from '../../lib/protection';
import { EncryptionKey } from '../encryption-key';
import { IMonitorable, WatchedAutoScalingGroup, WatchedCache, WatchedDatabase, WatchedEksCluster, WatchedLoadBalancer, WatchedNatGateway, WatchedTargetGroup } from './watched-resources';

/** SNS protocols that make sense for alarms. */
export enum SubscriptionProtocol {
  EMAIL = 'email',
  HTTPS = 'https',
  SQS = 'sqs',
  LAMBDA = 'lambda',
}

/** Where alarm notifications go (an SNS subscription). */
export interface AlarmSubscription {
  readonly protocol: SubscriptionProtocol;
  /** Address, URL or ARN, per protocol. */
  readonly endpoint: string;
}

export interface MonitoringStackProps {
  /** Prefix of alarm, topic and dashboard names, e.g. `prod`. */
  readonly name: string;
  /** Region of the watched resources (dashboard widgets name it). */
  readonly region: string;
  /**
   * E-mail addresses subscribed to the alarm topic (each confirms once by e-mail).
   * @default []
   */
  readonly alarmEmails?: string[];
  /** Other subscriptions (HTTPS endpoints of an incident tool, SQS, Lambda). @default [] */
  readonly subscriptions?: AlarmSubscription[];
  /**
   * Key that encrypts the alarm topic. The construct adds the grant CloudWatch needs to
   * publish to it.
   * @default - a new rotating key
   */
  readonly topicKey?: EncryptionKey;
  /**
   * With `retainOnDestroy`, Terraform never destroys the topic's key (`prevent_destroy`).
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;

  /**
   * Tiers to watch whole: each gives its resources with the thresholds its plan slice implies
   * (DataTier, ComputeTier, EdgeTier, Network). Added to the lists below.
   * @default []
   */
  readonly watch?: readonly IMonitorable[];
  /** @default [] */
  readonly loadBalancers?: WatchedLoadBalancer[];
  /** @default [] */
  readonly targetGroups?: WatchedTargetGroup[];
  /** @default [] */
  readonly autoScalingGroups?: WatchedAutoScalingGroup[];
  /** @default [] */
  readonly databases?: WatchedDatabase[];
  /** @default [] */
  readonly caches?: WatchedCache[];
  /** @default [] */
  readonly eksClusters?: WatchedEksCluster[];
  /** @default [] */
  readonly natGateways?: WatchedNatGateway[];

  /** @default LATENCY_P95_OBJECTIVE_SECONDS (0.1, design notes) */
  readonly latencyP95ObjectiveSeconds?: number;
  /** @default LATENCY_P99_OBJECTIVE_SECONDS (0.25) */
  readonly latencyP99ObjectiveSeconds?: number;
  /** @default AVAILABILITY_OBJECTIVE (0.999, design notes) */
  readonly availabilityObjective?: number;
}
