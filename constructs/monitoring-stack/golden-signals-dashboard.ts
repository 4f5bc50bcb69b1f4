import { cacheClusterIds } from './data-alarms';
import { DatabaseRole, WatchedAutoScalingGroup, WatchedCache, WatchedDatabase, WatchedEksCluster, WatchedLoadBalancer, WatchedNatGateway, WatchedTargetGroup, WatchedDistribution } from './watched-resources';

/** What the dashboard shows. */
export interface DashboardResources {
  readonly region: string;
  readonly loadBalancers: readonly WatchedLoadBalancer[];
  readonly targetGroups: readonly WatchedTargetGroup[];
  readonly autoScalingGroups: readonly WatchedAutoScalingGroup[];
  readonly eksClusters: readonly WatchedEksCluster[];
  readonly databases: readonly WatchedDatabase[];
  readonly caches: readonly WatchedCache[];
  readonly natGateways: readonly WatchedNatGateway[];
  /** @default [] */
  readonly distributions?: readonly WatchedDistribution[];
  readonly latencyP95ObjectiveSeconds: number;
}

type MetricLine = (string | Record<string, unknown>)[];

interface Widget {
  readonly type: 'metric' | 'text';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

/** CloudWatch dashboards are 24 columns wide. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html */
const GRID_WIDTH = 24;
const HEADER_HEIGHT = 2;
const WIDGET_HEIGHT = 6;

const line = (namespace: string, metricName: string, dimensions: Record<string, string>, options: Record<string, unknown>): MetricLine => [
  namespace,
  metricName,
  ...Object.entries(dimensions).flat(),
  options,
];

/**
 * The dashboard body: per tier a header and its four golden signals (latency, traffic,
 * errors, saturation), as far as the tier publishes them to CloudWatch.
 */
export function goldenSignalsDashboardBody(resources: DashboardResources): string {
  const widgets: Widget[] = [];
  let y = 0;
  const tier = (title: string, note: string, panels: { title: string; metrics: MetricLine[]; annotation?: number }[], region = resources.region) => {
    const shown = panels.filter((p) => p.metrics.length > 0);
    if (shown.length === 0) return;
    widgets.push({ type: 'text', x: 0, y, width: GRID_WIDTH, height: HEADER_HEIGHT, properties: { markdown: `## ${title}\n${note}` } });
    y += HEADER_HEIGHT;
    const width = GRID_WIDTH / shown.length;
    shown.forEach((panel, i) => {
      widgets.push({
        type: 'metric',
        x: i * width,
        y,
        width,
        height: WIDGET_HEIGHT,
        properties: {
          title: panel.title,
          region,
          view: 'timeSeries',
          stacked: false,
          period: 60,
          metrics: panel.metrics,
          ...(panel.annotation !== undefined ? { annotations: { horizontal: [{ label: 'objective', value: panel.annotation }] } } : {}),
        },
      });
    });
    y += WIDGET_HEIGHT;
  };

  const cf = 'AWS/CloudFront';
  const dists = resources.distributions ?? [];
  const dim = (d: WatchedDistribution) => ({ DistributionId: d.distributionId, Region: 'Global' });
  // CloudFront's metrics exist only in us-east-1, whatever the stack's Region.
  tier(
    'CDN: CloudFront',
    'Origin latency and cache hit rate are additional metrics (the distribution subscribes to them); metrics are read in us-east-1.',
    [
      { title: 'Latency: origin latency p95 (ms)', metrics: dists.map((d) => line(cf, 'OriginLatency', dim(d), { stat: 'p95', label: d.name })) },
      { title: 'Traffic: requests / min', metrics: dists.map((d) => line(cf, 'Requests', dim(d), { stat: 'Sum', label: d.name })) },
      { title: 'Errors: 5xx / 4xx rate %', metrics: dists.flatMap((d) => ['5xxErrorRate', '4xxErrorRate'].map((m) => line(cf, m, dim(d), { stat: 'Average', label: `${d.name} ${m.replace('ErrorRate', '')}` }))) },
      { title: 'Saturation: cache hit rate %', metrics: dists.map((d) => line(cf, 'CacheHitRate', dim(d), { stat: 'Average', label: d.name })) },
    ],
    'us-east-1',
  );

  const alb = 'AWS/ApplicationELB';
  const lbs = resources.loadBalancers;
  tier('Edge: ALB fleet', 'Latency is TargetResponseTime (nginx included); errors are ELB and target 5xx.', [
    {
      title: 'Latency: target response time p95 / p99',
      annotation: resources.latencyP95ObjectiveSeconds,
      metrics: lbs.flatMap((lb) => ['p95', 'p99'].map((stat) => line(alb, 'TargetResponseTime', { LoadBalancer: lb.arnSuffix }, { stat, label: `${lb.name} ${stat}` }))),
    },
    { title: 'Traffic: requests / min', metrics: lbs.map((lb) => line(alb, 'RequestCount', { LoadBalancer: lb.arnSuffix }, { stat: 'Sum', label: lb.name })) },
    {
      title: 'Errors: 5xx / min',
      metrics: lbs.flatMap((lb) => [
        line(alb, 'HTTPCode_ELB_5XX_Count', { LoadBalancer: lb.arnSuffix }, { stat: 'Sum', label: `${lb.name} ELB 5xx` }),
        line(alb, 'HTTPCode_Target_5XX_Count', { LoadBalancer: lb.arnSuffix }, { stat: 'Sum', label: `${lb.name} target 5xx` }),
      ]),
    },
    {
      title: 'Saturation: peak LCUs, rejected connections',
      metrics: lbs.flatMap((lb) => [
        line(alb, 'PeakLCUs', { LoadBalancer: lb.arnSuffix }, { stat: 'Sum', label: `${lb.name} peak LCUs${lb.reservedLcu ? ` (reserved ${lb.reservedLcu})` : ''}` }),
        line(alb, 'RejectedConnectionCount', { LoadBalancer: lb.arnSuffix }, { stat: 'Sum', label: `${lb.name} rejected` }),
      ]),
    },
  ]);

  const tgs = resources.targetGroups;
  const asgs = resources.autoScalingGroups;
  tier('nginx tier', 'Per target group as the ALB sees it; CPU and in-service instances per Auto Scaling group.', [
    {
      title: 'Latency: target response time p95',
      annotation: resources.latencyP95ObjectiveSeconds,
      metrics: tgs.map((tg) => line(alb, 'TargetResponseTime', { TargetGroup: tg.arnSuffix, LoadBalancer: tg.loadBalancerArnSuffix }, { stat: 'p95', label: tg.name })),
    },
    { title: 'Traffic: requests per target / min', metrics: tgs.map((tg) => line(alb, 'RequestCountPerTarget', { TargetGroup: tg.arnSuffix }, { stat: 'Sum', label: tg.name })) },
    {
      title: 'Errors: target 5xx, unhealthy targets',
      metrics: tgs.flatMap((tg) => [
        line(alb, 'HTTPCode_Target_5XX_Count', { TargetGroup: tg.arnSuffix, LoadBalancer: tg.loadBalancerArnSuffix }, { stat: 'Sum', label: `${tg.name} 5xx` }),
        line(alb, 'UnHealthyHostCount', { TargetGroup: tg.arnSuffix, LoadBalancer: tg.loadBalancerArnSuffix }, { stat: 'Maximum', label: `${tg.name} unhealthy` }),
      ]),
    },
    {
      title: 'Saturation: CPU %, instances in service',
      metrics: asgs.flatMap((g) => [
        line('AWS/EC2', 'CPUUtilization', { AutoScalingGroupName: g.name }, { stat: 'Average', label: `${g.label ?? g.name} CPU %` }),
        line('AWS/AutoScaling', 'GroupInServiceInstances', { AutoScalingGroupName: g.name }, { stat: 'Minimum', label: `${g.label ?? g.name} in service (plan >= ${g.expectedMin})`, yAxis: 'right' }),
      ]),
    },
  ]);

  const clusters = resources.eksClusters;
  const ci = 'ContainerInsights';
  tier('EKS', 'Service latency, traffic and errors come from Prometheus (Grafana "Service" dashboards); here: the nodes.', [
    { title: 'Nodes (against the plan)', metrics: clusters.map((c) => line(ci, 'cluster_node_count', { ClusterName: c.name }, { stat: 'Minimum', label: `${c.name} nodes (plan ${c.expectedNodesMin}-${c.expectedNodesMax})` })) },
    { title: 'Errors: failed nodes', metrics: clusters.map((c) => line(ci, 'cluster_failed_node_count', { ClusterName: c.name }, { stat: 'Maximum', label: c.name })) },
    { title: 'Saturation: node CPU %', metrics: clusters.map((c) => line(ci, 'node_cpu_utilization', { ClusterName: c.name }, { stat: 'Average', label: c.name })) },
    { title: 'Saturation: node memory %', metrics: clusters.map((c) => line(ci, 'node_memory_utilization', { ClusterName: c.name }, { stat: 'Average', label: c.name })) },
  ]);

  const dbs = resources.databases;
  const rds = 'AWS/RDS';
  const dbDim = (db: WatchedDatabase) => ({ DBInstanceIdentifier: db.identifier });
  tier('PostgreSQL (RDS)', 'RDS publishes no error counter: replica lag and free storage stand in for data-path health.', [
    {
      title: 'Latency: read / write p90',
      metrics: dbs.flatMap((db) => [
        line(rds, 'ReadLatency', dbDim(db), { stat: 'p90', label: `${db.identifier} read` }),
        ...(db.role === DatabaseRole.PRIMARY ? [line(rds, 'WriteLatency', dbDim(db), { stat: 'p90', label: `${db.identifier} write` })] : []),
      ]),
    },
    {
      title: 'Traffic: read / write IOPS',
      metrics: dbs.flatMap((db) => [
        line(rds, 'ReadIOPS', dbDim(db), { stat: 'Average', label: `${db.identifier} read` }),
        line(rds, 'WriteIOPS', dbDim(db), { stat: 'Average', label: `${db.identifier} write` }),
      ]),
    },
    { title: 'Errors: replica lag (s)', metrics: dbs.filter((db) => db.role === DatabaseRole.REPLICA).map((db) => line(rds, 'ReplicaLag', dbDim(db), { stat: 'Maximum', label: db.identifier })) },
    {
      title: 'Saturation: CPU %, connections',
      metrics: dbs.flatMap((db) => [
        line(rds, 'CPUUtilization', dbDim(db), { stat: 'Average', label: `${db.identifier} CPU %` }),
        line(rds, 'DatabaseConnections', dbDim(db), { stat: 'Maximum', label: `${db.identifier} connections (max ${db.maxConnections})`, yAxis: 'right' }),
      ]),
    },
  ]);

  const nodes = resources.caches.flatMap(cacheClusterIds);
  const ec = 'AWS/ElastiCache';
  tier('Valkey (ElastiCache)', 'Per node (CacheClusterId).', [
    {
      title: 'Latency: successful read / write requests (µs)',
      metrics: nodes.flatMap((id) => [
        line(ec, 'SuccessfulReadRequestLatency', { CacheClusterId: id }, { stat: 'p99', label: `${id} read p99` }),
        line(ec, 'SuccessfulWriteRequestLatency', { CacheClusterId: id }, { stat: 'p99', label: `${id} write p99` }),
      ]),
    },
    {
      title: 'Traffic: GET / SET commands',
      metrics: nodes.flatMap((id) => [
        line(ec, 'GetTypeCmds', { CacheClusterId: id }, { stat: 'Sum', label: `${id} get` }),
        line(ec, 'SetTypeCmds', { CacheClusterId: id }, { stat: 'Sum', label: `${id} set` }),
      ]),
    },
    {
      title: 'Errors: evictions, replication lag',
      metrics: nodes.flatMap((id) => [
        line(ec, 'Evictions', { CacheClusterId: id }, { stat: 'Sum', label: `${id} evictions` }),
        line(ec, 'ReplicationLag', { CacheClusterId: id }, { stat: 'Maximum', label: `${id} lag (s)`, yAxis: 'right' }),
      ]),
    },
    {
      title: 'Saturation: engine CPU %, memory %',
      metrics: nodes.flatMap((id) => [
        line(ec, 'EngineCPUUtilization', { CacheClusterId: id }, { stat: 'Average', label: `${id} engine CPU` }),
        line(ec, 'DatabaseMemoryUsagePercentage', { CacheClusterId: id }, { stat: 'Maximum', label: `${id} memory` }),
      ]),
    },
  ]);

  const nats = resources.natGateways;
  const nat = 'AWS/NATGateway';
  tier('Network: NAT gateways', 'NAT gateways publish no latency.', [
    { title: 'Traffic: bytes out to destinations', metrics: nats.map((n) => line(nat, 'BytesOutToDestination', { NatGatewayId: n.id }, { stat: 'Sum', label: n.name })) },
    { title: 'Errors: port allocation errors', metrics: nats.map((n) => line(nat, 'ErrorPortAllocation', { NatGatewayId: n.id }, { stat: 'Sum', label: n.name })) },
    {
      title: 'Saturation: active connections, dropped packets',
      metrics: nats.flatMap((n) => [
        line(nat, 'ActiveConnectionCount', { NatGatewayId: n.id }, { stat: 'Maximum', label: `${n.name} connections` }),
        line(nat, 'PacketsDropCount', { NatGatewayId: n.id }, { stat: 'Sum', label: `${n.name} drops`, yAxis: 'right' }),
      ]),
    },
  ]);

  return JSON.stringify({ widgets });
}
