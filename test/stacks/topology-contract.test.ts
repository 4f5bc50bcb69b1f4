import { EnvironmentConfig, planEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeReferenceApp } from '../support/app-synth';
import { resourcesOf, SynthesizedStack } from '../support/synth';

/**
 * The topology contract: every network edge the system needs, derived from the synthesized
 * reference stacks (listeners, target groups, data-store ports, chart values) and from the
 * environment configs, checked against the security groups — each edge allowed (ingress on
 * the target's group and egress on the source's), and no rule that serves no edge or is wider
 * than its edge. Then the identities: each workload's Pod Identity role allows exactly the
 * actions its data stores need.
 *
 * It reads only synthesized JSON and the configs, so it judges any version of the stacks.
 */
const app = synthesizeReferenceApp();
type Obj = Record<string, any>;

/** The security groups of an environment's AWS stack, by their role in the topology (construct path prefix). */
const GROUPS = {
  alb: 'edge_alb-nginx_alb-sg',
  nginx: 'edge_alb-nginx_nginx-sg',
  nlb: 'compute_service-ingress_sg',
  nodes: 'compute_eks_node-sg',
  controlPlane: 'compute_eks_control-plane-sg',
  proxy: 'data_database_proxy-security-group',
  database: 'data_database_security-group',
  cache: 'data_cache_security-group',
  endpoints: 'network_endpoint-sg',
  kafka: 'events_security-group',
} as const;
type Group = keyof typeof GROUPS;

/** One end of an edge: a security group of the stack, a security group made elsewhere (a CI runner's), or a network (CIDR). */
type End = { readonly group: Group } | { readonly external: string } | { readonly cidr: string };

interface Edge {
  readonly from: End;
  readonly to: End;
  readonly port: number;
  /** Why the system needs it. */
  readonly why: string;
}

interface Rule {
  readonly group: Group;
  readonly peer: End;
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly description: string;
}

/**
 * Chart defaults the platform stack relies on when it does not set the value (the pinned
 * charts' values.yaml; ../shared/chart-values), for the ports the API server calls.
 */
const CHART_DEFAULT_PORTS = {
  /** prometheus-adapter 5.3.0 `listenPort: 6443` (the custom metrics APIService). */
  prometheusAdapterListenPort: 6443,
  /** aws-load-balancer-controller 1.14.1 `webhookBindPort` empty: the controller's default 9443. */
  loadBalancerControllerWebhookPort: 9443,
  /** metrics-server 3.13.0 `containerPort: 10250` (the metrics APIService's secure port). */
  metricsServerContainerPort: 10250,
  /** kube-prometheus-stack 88.5.3 `prometheusOperator.tls.internalPort: 10250` (admission webhooks). */
  prometheusOperatorWebhookPort: 10250,
};
/** EKS's minimum rules from the control plane to the nodes: TCP 443 and 10250 (kubelet). https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html */
const EKS_MINIMUM_PORTS = [443, 10250];
/** Prometheus scrapes node-exporter on the nodes' port 9100 (prometheus-node-exporter 4.56.1 `service.port`) and the kubelet on 10250. */
const NODE_SCRAPE_PORTS = [9100, 10250];

/**
 * Edges other tiers add (brokers: pods -> MSK on the broker port; a mesh: control plane ->
 * istiod's injection webhook, pods <-> sidecars): return them from the environment's stacks.
 */
const TIER_EDGES: ((env: EnvironmentConfig, aws: SynthesizedStack, platform: SynthesizedStack) => Edge[])[] = [
  // Kafka on MSK: the pods (on the nodes' group) produce and consume on the IAM listener (9098,
  // SASL/IAM over TLS), and Prometheus on the nodes scrapes the brokers' JMX (11001) and node
  // (11002) exporters (AWS docs, MSK open monitoring).
  () => [
    { from: { group: 'nodes' }, to: { group: 'kafka' }, port: 9098, why: 'pods -> MSK brokers (SASL/IAM over TLS)' },
    { from: { group: 'nodes' }, to: { group: 'kafka' }, port: 11001, why: 'Prometheus -> MSK JMX exporter' },
    { from: { group: 'nodes' }, to: { group: 'kafka' }, port: 11002, why: 'Prometheus -> MSK node exporter' },
  ],
  // Istio ambient (mesh defaults to it): the API server calls istiod's webhook on 15017
  // (istiod chart, the sidecar injector / validation webhook port), and ztunnels and waypoints
  // tunnel HBONE (mTLS) to each other on 15008, across nodes.
  (env) =>
    env.mesh === 'none'
      ? []
      : [
          { from: { group: 'controlPlane' }, to: { group: 'nodes' }, port: 15017, why: 'control plane -> istiod webhook' },
          { from: { group: 'nodes' }, to: { group: 'nodes' }, port: 15008, why: 'ztunnel/waypoint HBONE between nodes' },
        ],
];

const ANYWHERE = '0.0.0.0/0';

function groupOf(reference: unknown): Group | undefined {
  const match = /^\$\{aws_security_group\.([\w-]+)\.id\}$/.exec(String(reference));
  if (!match) return undefined;
  const name = match[1];
  return (Object.keys(GROUPS) as Group[]).find((g) => name.startsWith(`${GROUPS[g]}_`));
}

function rulesOf(stack: SynthesizedStack, type: 'aws_vpc_security_group_ingress_rule' | 'aws_vpc_security_group_egress_rule'): Rule[] {
  return Object.entries(resourcesOf(stack, type)).map(([name, r]) => {
    const group = groupOf(r.security_group_id);
    if (!group) throw new Error(`${type}.${name}: security group ${String(r.security_group_id)} is not a known group of the topology; add it to GROUPS`);
    let peer: End;
    if (r.referenced_security_group_id !== undefined && /^sg-/.test(String(r.referenced_security_group_id))) {
      peer = { external: String(r.referenced_security_group_id) };
    } else if (r.referenced_security_group_id !== undefined) {
      const peerGroup = groupOf(r.referenced_security_group_id);
      if (!peerGroup) throw new Error(`${type}.${name}: peer ${String(r.referenced_security_group_id)} is not a known group`);
      peer = { group: peerGroup };
    } else if (r.cidr_ipv4 !== undefined) {
      peer = { cidr: String(r.cidr_ipv4) };
    } else {
      throw new Error(`${type}.${name}: neither a security group nor an IPv4 CIDR (prefix lists and IPv6 are not part of the contract)`);
    }
    return { group, peer, protocol: String(r.ip_protocol), fromPort: r.from_port as number | undefined, toPort: r.to_port as number | undefined, description: String(r.description) };
  });
}

/** No inline rules: every rule is a separate resource, so the lists above are complete. */
function inlineRules(stack: SynthesizedStack): string[] {
  return Object.entries(resourcesOf(stack, 'aws_security_group'))
    .filter(([, g]) => (Array.isArray(g.ingress) && g.ingress.length > 0) || (Array.isArray(g.egress) && g.egress.length > 0))
    .map(([name]) => name);
}

const sameEnd = (a: End, b: End) => show(a) === show(b) && Object.keys(a)[0] === Object.keys(b)[0];
const covers = (rule: Rule, port: number) => rule.protocol === '-1' || (rule.protocol === 'tcp' && rule.fromPort !== undefined && rule.toPort !== undefined && rule.fromPort <= port && port <= rule.toPort);
function show(end: End): string {
  return 'group' in end ? end.group : 'external' in end ? end.external : end.cidr;
}

/** The security groups that allow all outbound traffic by design (a rule to 0.0.0.0/0, all protocols). */
const ALL_OUTBOUND: Group[] = ['nodes'];

function valuesOf(platform: SynthesizedStack, chart: string): Obj {
  const release = Object.values(resourcesOf(platform, 'helm_release')).find((r) => r.chart === chart);
  if (!release) throw new Error(`no helm_release of chart ${chart}`);
  return JSON.parse(String((release.values as string[])[0])) as Obj;
}

/** Every edge the environment needs, derived from its stacks and config. */
function requiredEdges(env: EnvironmentConfig, aws: SynthesizedStack, platform: SynthesizedStack): Edge[] {
  const edges: Edge[] = [];
  const add = (from: End, to: End, port: number, why: string) => edges.push({ from, to, port, why });

  // Request path: clients -> ALB -> nginx -> internal NLB -> pods.
  const listeners = Object.values(resourcesOf(aws, 'aws_lb_listener'));
  const targetGroups = Object.entries(resourcesOf(aws, 'aws_lb_target_group'));
  const albListeners = listeners.filter((l) => String(l.load_balancer_arn).includes('edge_alb-nginx'));
  const nlbListeners = listeners.filter((l) => String(l.load_balancer_arn).includes('compute_service-ingress_nlb'));
  expect(albListeners.length).toBeGreaterThan(0);
  expect(nlbListeners.length).toBe(env.services.length);
  for (const port of new Set(albListeners.map((l) => l.port as number))) add({ cidr: ANYWHERE }, { group: 'alb' }, port, `clients -> ALB listener ${port}`);
  for (const [, tg] of targetGroups.filter(([name]) => name.startsWith('edge_alb-nginx'))) add({ group: 'alb' }, { group: 'nginx' }, tg.port as number, 'ALB -> nginx (traffic and health checks)');
  for (const l of nlbListeners) add({ group: 'nginx' }, { group: 'nlb' }, l.port as number, `nginx -> internal NLB listener ${l.port as number}`);
  for (const [, tg] of targetGroups.filter(([name]) => name.startsWith('compute_service-ingress'))) add({ group: 'nlb' }, { group: 'nodes' }, tg.port as number, 'internal NLB -> pods (IP targets, traffic and health checks)');

  // Data paths: pods -> RDS Proxy -> PostgreSQL; read pooler -> replicas; pods -> Valkey.
  const proxyPort = (Object.values(resourcesOf(aws, 'aws_db_instance'))[0]?.port as number | undefined) ?? 5432;
  add({ group: 'nodes' }, { group: 'proxy' }, proxyPort, 'pods -> RDS Proxy');
  add({ group: 'proxy' }, { group: 'database' }, proxyPort, 'RDS Proxy -> the primary');
  add({ group: 'nodes' }, { group: 'database' }, proxyPort, 'read pooler (PgBouncer pods) -> the read replicas');
  const cachePort = Object.values(resourcesOf(aws, 'aws_elasticache_replication_group'))[0].port as number;
  add({ group: 'nodes' }, { group: 'cache' }, cachePort, 'pods -> Valkey');

  // AWS APIs through the interface endpoints, from anywhere in the VPC.
  add({ cidr: env.vpcCidr }, { group: 'endpoints' }, 443, 'the VPC -> interface endpoints (AWS APIs)');
  // nginx instances reach AWS APIs (SSM, CloudWatch, S3) over HTTPS: through the endpoints or NAT.
  add({ group: 'nginx' }, { cidr: ANYWHERE }, 443, 'nginx instances -> AWS APIs over HTTPS');
  // nginx stub_status (constructs/alb-nginx-tier NGINX_STATUS_PORT) has no network edge: nothing
  // in the environment scrapes it over the network (an agent on the instance reads it on loopback).

  // Control paths: deployer -> EKS API; nodes -> API; control plane -> kubelet, webhooks, APIServices.
  const access = env.clusterAccess;
  const deployers: End[] = [...(access?.deployerCidrs ?? []).map((cidr) => ({ cidr })), ...(access?.deployerSecurityGroupIds ?? []).map((external) => ({ external }))];
  for (const from of deployers) add(from, { group: 'controlPlane' }, 443, 'deployer -> Kubernetes API (cdktf deploy <env>-platform)');
  add({ group: 'nodes' }, { group: 'controlPlane' }, 443, 'nodes and pods -> Kubernetes API');
  const adapter = valuesOf(platform, 'prometheus-adapter');
  const lbController = valuesOf(platform, 'aws-load-balancer-controller');
  const metricsServer = valuesOf(platform, 'metrics-server');
  const stack = valuesOf(platform, 'kube-prometheus-stack');
  const webhookPorts: [number, string][] = [
    ...EKS_MINIMUM_PORTS.map((p): [number, string] => [p, 'EKS minimum rule (kubelet, HTTPS)']),
    [(adapter.listenPort as number | undefined) ?? CHART_DEFAULT_PORTS.prometheusAdapterListenPort, 'prometheus-adapter custom metrics APIService (the HPAs\' metric)'],
    [(lbController.webhookBindPort as number | undefined) ?? CHART_DEFAULT_PORTS.loadBalancerControllerWebhookPort, 'aws-load-balancer-controller webhooks'],
    [(metricsServer.containerPort as number | undefined) ?? CHART_DEFAULT_PORTS.metricsServerContainerPort, 'metrics-server APIService'],
    [(stack.prometheusOperator?.tls?.internalPort as number | undefined) ?? CHART_DEFAULT_PORTS.prometheusOperatorWebhookPort, 'Prometheus Operator admission webhooks'],
  ];
  for (const [port, why] of webhookPorts) add({ group: 'controlPlane' }, { group: 'nodes' }, port, `control plane -> ${why}`);

  // Prometheus (a pod on the nodes) scrapes the services' ports, node-exporter and the kubelet.
  for (const port of new Set([...env.services.map((s) => s.containerPort), ...NODE_SCRAPE_PORTS])) add({ group: 'nodes' }, { group: 'nodes' }, port, `Prometheus -> scrape port ${port}`);

  for (const tier of TIER_EDGES) edges.push(...tier(env, aws, platform));
  return edges;
}

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s topology contract', (name, env) => {
  const aws = app.stacks[name];
  const platform = app.stacks[`${name}-platform`];
  const ingress = rulesOf(aws, 'aws_vpc_security_group_ingress_rule');
  const egress = rulesOf(aws, 'aws_vpc_security_group_egress_rule');
  const edges = requiredEdges(env, aws, platform);

  const admitted = (edge: Edge) => 'group' in edge.to && ingress.some((r) => r.group === (edge.to as { group: Group }).group && sameEnd(r.peer, edge.from) && covers(r, edge.port));
  const leaves = (edge: Edge) => {
    if (!('group' in edge.from)) return true;
    const from = edge.from.group;
    return egress.some((r) => r.group === from && (sameEnd(r.peer, edge.to) || ('cidr' in r.peer && r.peer.cidr === ANYWHERE && (ALL_OUTBOUND.includes(from) || 'cidr' in edge.to))) && covers(r, edge.port));
  };
  // Groups with no egress rule at all answer only (stateful); they start no edge.
  const startsEdges = (group: Group) => edges.some((e) => 'group' in e.from && e.from.group === group);

  test('THEN every rule is a separate resource (no inline rules to miss)', () => {
    expect(inlineRules(aws)).toEqual([]);
  });

  test('THEN the deployer has a network path to the Kubernetes API (clusterAccess names one)', () => {
    expect(edges.filter((e) => e.why.startsWith('deployer')).length).toBeGreaterThan(0);
  });

  test('THEN every edge the system needs is admitted by the target\'s security group', () => {
    const missing = edges.filter((e) => 'group' in e.to && !admitted(e)).map((e) => `${show(e.from)} -> ${show(e.to)}:${e.port} (${e.why})`);
    expect(missing).toEqual([]);
  });

  test('THEN every edge from a security group may leave it (egress)', () => {
    const blocked = edges.filter((e) => 'group' in e.from && !leaves(e)).map((e) => `${show(e.from)} -> ${show(e.to)}:${e.port} (${e.why})`);
    expect(blocked).toEqual([]);
  });

  test('THEN no ingress rule is wider than the edges it serves: each is one TCP port of a needed edge from exactly its source (the node group\'s pod network excepted)', () => {
    const wider = ingress
      .filter((r) => {
        // The pod network: nodes and pods reach each other on any port (VPC CNI without security groups for pods).
        if (r.group === 'nodes' && 'group' in r.peer && r.peer.group === 'nodes' && r.protocol === '-1') return false;
        if (r.protocol !== 'tcp' || r.fromPort === undefined || r.toPort === undefined) return true;
        // A port range is as wide as its ports: every one must be a needed edge from this source.
        for (let port = r.fromPort; port <= r.toPort; port++) {
          if (!edges.some((e) => 'group' in e.to && e.to.group === r.group && sameEnd(e.from, r.peer) && e.port === port)) return true;
        }
        return false;
      })
      .map((r) => `${r.group} <- ${show(r.peer)} ${r.protocol} ${r.fromPort ?? '*'}-${r.toPort ?? '*'} (${r.description})`);
    expect(wider).toEqual([]);
  });

  test('THEN no egress rule is wider than the edges it serves (the nodes\' all-outbound excepted)', () => {
    const wider = egress
      .filter((r) => {
        if (ALL_OUTBOUND.includes(r.group) && 'cidr' in r.peer && r.peer.cidr === ANYWHERE && r.protocol === '-1') return false;
        if (!startsEdges(r.group)) return true;
        if (r.protocol !== 'tcp' || r.fromPort !== r.toPort) return true;
        return !edges.some((e) => 'group' in e.from && e.from.group === r.group && sameEnd(e.to, r.peer) && e.port === r.fromPort);
      })
      .map((r) => `${r.group} -> ${show(r.peer)} ${r.protocol} ${r.fromPort ?? '*'}-${r.toPort ?? '*'} (${r.description})`);
    expect(wider).toEqual([]);
  });

  test('THEN only the ALB admits the internet, and only on its listener ports', () => {
    const open = ingress.filter((r) => 'cidr' in r.peer && r.peer.cidr === ANYWHERE).map((r) => [r.group, r.fromPort]);
    expect(open.every(([group]) => group === 'alb')).toBe(true);
  });
});

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s identity contract', (name, env) => {
  const aws = app.stacks[name];
  const roles = resourcesOf(aws, 'aws_iam_role');
  const inline = Object.values(resourcesOf(aws, 'aws_iam_role_policy'));
  const attached = Object.values(resourcesOf(aws, 'aws_iam_role_policy_attachment'));
  const associations = Object.values(resourcesOf(aws, 'aws_eks_pod_identity_association'));

  const roleAddress = (roleName: string) => {
    const entry = Object.entries(roles).find(([, r]) => r.name === roleName);
    if (!entry) throw new Error(`no role ${roleName}`);
    return entry[0];
  };
  const statementsOf = (roleName: string) => {
    const address = roleAddress(roleName);
    const mine = (ref: unknown) => String(ref) === `\${aws_iam_role.${address}.id}` || String(ref) === `\${aws_iam_role.${address}.name}`;
    expect(attached.filter((a) => mine(a.role))).toEqual([]); // no managed policy: every grant is written out
    // Terraform interpolations sit inside the JSON text with their own quotes: quote them singly to parse.
    const parse = (policy: string) => (JSON.parse(policy.replace(/\$\{[^}]*\}/g, (m) => m.replace(/"/g, "'"))) as { Statement: Obj[] }).Statement;
    return inline.filter((p) => mine(p.role)).flatMap((p) => parse(String(p.policy)));
  };
  const actionsOf = (statements: Obj[]) => [...new Set(statements.flatMap((s) => [s.Action].flat() as string[]))].sort();

  test('THEN every Pod Identity association in the services and monitoring namespaces binds a workload this contract knows', () => {
    const bound = associations.filter((a) => a.namespace === 'services' || a.namespace === 'monitoring').map((a) => `${a.namespace}/${a.service_account}`).sort();
    const known = [...env.services.map((s) => `services/${s.name}`), 'services/pgbouncer-read', 'monitoring/kube-prometheus-alertmanager'].sort();
    expect(bound).toEqual(known);
  });

  test.each(env.services.map((s) => [s.name, s] as const))('THEN %s may do exactly what its data stores need: rds-db:connect through RDS Proxy and elasticache:Connect as its own user, or nothing', (service, config) => {
    const all = statementsOf(`${name}-svc-${service}`);
    // Kafka: exactly the topics and groups plan.kafka gives this service, on this cluster (no wildcard).
    const kafka = all.filter((st) => String(st.Sid).startsWith('Kafka'));
    const plan = planEnvironment(env).kafka;
    const produces = plan.topics.some((t) => t.producers.includes(service));
    const consumes = plan.topics.some((t) => t.consumerGroups.some((g) => g.service === service));
    const kafkaActions = [
      ...(produces || consumes ? ['kafka-cluster:Connect', 'kafka-cluster:DescribeTopic'] : []),
      ...(produces ? ['kafka-cluster:WriteData', 'kafka-cluster:WriteDataIdempotently'] : []),
      ...(consumes ? ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup', 'kafka-cluster:ReadData'] : []),
    ].sort();
    expect(actionsOf(kafka)).toEqual(kafkaActions);
    for (const st of kafka) for (const resource of [st.Resource].flat().map(String)) expect(resource).toMatch(/aws_msk_cluster\.events_cluster_\w+\.(arn|cluster_name|cluster_uuid)|split\(/);
    const statements = all.filter((st) => !String(st.Sid).startsWith('Kafka'));
    const usesData = config.usesDatabase ?? config.role !== 'gateway';
    expect(actionsOf(statements)).toEqual(usesData ? ['elasticache:Connect', 'rds-db:connect'] : []);
    if (!usesData) return;
    const rds = statements.find((s) => s.Action === 'rds-db:connect')!;
    // IAM auth to the proxy: the resource is a dbuser of the proxy's resource id, never of an instance.
    expect(String(rds.Resource)).toMatch(/aws_db_proxy\.data_database_proxy_\w+\.arn/);
    expect(String(rds.Resource)).not.toMatch(/aws_db_instance/);
    const cache = statements.find((s) => s.Action === 'elasticache:Connect')!;
    const resources = [cache.Resource].flat().map(String);
    expect(resources).toHaveLength(2);
    expect(resources[0]).toMatch(/^\$\{aws_elasticache_replication_group\.data_cache_replication-group_\w+\.arn\}$/);
    expect(resources[1]).toMatch(new RegExp(`^\\$\\{aws_elasticache_user\\.data_cache_user-${service}_\\w+\\.arn\\}$`));
  });

  test('THEN the read pooler may read exactly the database secret (and decrypt it through Secrets Manager)', () => {
    const statements = statementsOf(`${name}-pgbouncer-read`);
    expect(actionsOf(statements)).toEqual(['kms:Decrypt', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(statements.find((s) => s.Sid === 'DecryptSecret')!.Condition).toEqual({ StringEquals: { 'kms:ViaService': `secretsmanager.${env.region}.amazonaws.com` } });
  });

  test('THEN Alertmanager may publish to the alarm topic only', () => {
    expect(actionsOf(statementsOf(`${name}-alertmanager`))).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*', 'sns:Publish']);
  });
});

describe.each(ENVIRONMENTS.map((e) => e.name))('%s KMS ordering contract', (name) => {
  const aws = app.stacks[name];
  const KEY_REFERENCE = /\$\{aws_kms_key\.([\w-]+)\.(?:arn|key_id)\}/g;
  const policies = Object.keys(resourcesOf(aws, 'aws_kms_key_policy')).map((p) => ({ address: `aws_kms_key_policy.${p}`, keyId: String(resourcesOf(aws, 'aws_kms_key_policy')[p].key_id) }));

  test('THEN every resource that uses a key (by its ARN or id) depends on that key\'s policy, IAM identity policies aside (they grant, they do not use the key)', () => {
    const unordered: string[] = [];
    for (const [type, resources] of Object.entries(aws.resource ?? {})) {
      if (type.startsWith('aws_iam_') || type === 'aws_kms_alias' || type === 'aws_kms_key_policy') continue;
      for (const [resourceName, body] of Object.entries(resources)) {
        const { depends_on: dependsOn, ...config } = body as Obj;
        for (const [, key] of JSON.stringify(config).matchAll(KEY_REFERENCE)) {
          const policy = policies.find((p) => p.keyId === `\${aws_kms_key.${key}.key_id}`);
          if (!policy) unordered.push(`${type}.${resourceName}: key ${key} has no aws_kms_key_policy`);
          else if (!((dependsOn as string[] | undefined) ?? []).includes(policy.address)) unordered.push(`${type}.${resourceName} uses ${key} without waiting for ${policy.address}`);
        }
      }
    }
    expect([...new Set(unordered)]).toEqual([]);
  });
});
