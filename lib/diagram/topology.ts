import { CapacityPlan } from '../capacity/plan';

export interface TopologyDiagramInput {
  readonly environment: string;
  readonly availabilityZones: readonly string[];
  readonly plan: CapacityPlan;
  /** Services in routing order, with the path prefix nginx routes to each. */
  readonly services: readonly { readonly name: string; readonly pathPrefix: string }[];
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * A Mermaid flowchart of one environment: the tiers, their counts from the capacity plan,
 * the path of a request, and the stacks that own each part.
 */
export function renderTopologyMermaid(input: TopologyDiagramInput): string {
  const { plan } = input;
  const lines: string[] = [
    'flowchart LR',
    `  clients(["Clients"]) -->|"${fmt(plan.targetRps)} req/s"| dns["Route 53<br/>${plan.alb.count} weighted alias records"]`,
    `  subgraph aws["${input.environment} (AWS stack): ${input.availabilityZones.join(', ')}"]`,
    `    dns --> alb["${plan.alb.count} x ALB + WAF<br/>${fmt(plan.alb.lcuReservationPerAlb)} LCU reserved each"]`,
    `    alb --> nginx["nginx Auto Scaling group<br/>${plan.nginx.instanceType}: min ${plan.nginx.minSize} / max ${plan.nginx.maxSize}"]`,
    `    nginx --> nlb["internal NLB<br/>one fixed address per AZ"]`,
    `    subgraph eks["EKS: ${plan.eks.nodeGroups.length} node groups x ${plan.eks.nodeGroups[0]?.instanceTypes.join('/') ?? '-'}, max ${fmt(plan.eks.nodeGroups.reduce((n, g) => n + g.maxSize, 0))} nodes"]`,
  ];
  input.services.forEach((service, i) => {
    const sized = plan.services[service.name];
    const pods = sized ? `HPA ${fmt(sized.minReplicas)}-${fmt(sized.maxReplicas)} pods` : 'not sized';
    lines.push(`      svc${i}["${service.name}<br/>${service.pathPrefix}<br/>${pods}"]`);
  });
  const pooler = plan.readPooler;
  if (pooler) lines.push(`      pgb["PgBouncer pgbouncer-read (transaction pooling)<br/>HPA ${fmt(pooler.minReplicas)}-${fmt(pooler.maxReplicas)} pods, ${fmt(pooler.defaultPoolSize)} server conns each"]`);
  lines.push('    end');
  input.services.forEach((_, i) => lines.push(`    nlb --> svc${i}`));
  const cacheNodes = plan.cache.shards * (1 + plan.cache.replicasPerShard);
  lines.push(
    `    cache[("ElastiCache cluster mode<br/>${plan.cache.shards} shards x ${1 + plan.cache.replicasPerShard} ${plan.cache.nodeType} = ${cacheNodes} nodes")]`,
    `    proxy["RDS Proxy (TLS)"] --> primary[("PostgreSQL primary${plan.survivesAzLoss ? ', Multi-AZ' : ''}<br/>${plan.database.primaryInstanceClass}")]`,
    `    replicas[("${plan.database.replicaCount} read replicas<br/>${plan.database.replicaInstanceClass}")]`,
    '    primary -. replication .-> replicas',
    '    cw["CloudWatch alarms + dashboard, SNS"]',
    '  end',
  );
  input.services.forEach((_, i) => lines.push(`  svc${i} --> cache`, `  svc${i} -->|writes| proxy`, pooler ? `  svc${i} -->|reads| pgb` : `  svc${i} -->|reads| replicas`));
  if (pooler) lines.push(`  pgb -->|"reader.${input.environment}.db.internal (TLS)"| replicas`);
  lines.push(
    `  subgraph platform["${input.environment}-platform (Kubernetes + Helm)"]`,
    '    ctl["AWS Load Balancer Controller, metrics-server, Cluster Autoscaler"]',
    '    prom["Prometheus, Alertmanager, Grafana, prometheus-adapter"]',
    '  end',
    '  ctl -. TargetGroupBinding .-> nlb',
    '  prom -. scrapes .-> eks',
  );
  return `${lines.join('\n')}\n`;
}
