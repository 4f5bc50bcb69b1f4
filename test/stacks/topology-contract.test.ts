import { Testing } from 'cdktf';
import { Environment } from '../../constructs/environment';
import { hostAddress, parseCidr } from '../../lib/cidr';
import { EnvironmentConfig, planEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeReferenceApp } from '../support/app-synth';
import { Address, Endpoint, Pod, Reachability } from '../support/kubernetes-reachability';
import { resourcesOf, SynthesizedStack } from '../support/synth';
import { testApp } from '../support/temp';

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

/**
 * The Kubernetes half of the contract: inside the cluster, the NetworkPolicies (and, with the
 * mesh, ztunnel's and the waypoint's AuthorizationPolicies) admit exactly the edges the
 * topology declares, and nothing else: the NLB and Prometheus to every service's port, each
 * backend from its callers (the gateways, or `mesh.services.<name>.callers`), the services
 * that use the database to the read pooler, and in the mesh Prometheus to the waypoint's
 * metrics and the waypoint to the services it fronts. Every other pod of the cluster, address
 * of the VPC, port and pair is tried and must be refused (test/support/kubernetes-reachability.ts
 * has the model). The reference environments run the mesh; a copy of dev without it checks the
 * plain-NetworkPolicy path.
 */
const PROMETHEUS_SERVICE_ACCOUNT = 'kube-prometheus-prometheus';
/** A port no edge uses: a policy without ports would admit it. */
const UNUSED_PORT = 9999;

function kubernetesEdges(env: EnvironmentConfig, aws: SynthesizedStack, platform: SynthesizedStack) {
  const model = new Reachability(platform);
  const nlb = Object.values(resourcesOf(aws, 'aws_lb')).find((lb) => lb.internal === true && lb.load_balancer_type === 'network')!;
  const mappings = nlb.subnet_mapping as { private_ipv4_address: string; subnet_id: string }[];
  const subnets = resourcesOf(aws, 'aws_subnet');
  const subnetOf = (ref: string) => String(subnets[/aws_subnet\.([\w-]+)\.id/.exec(ref)![1]].cidr_block);
  const appCidr = parseCidr(subnetOf(mappings[0].subnet_id))!;
  const dataCidr = parseCidr(String(Object.entries(subnets).find(([k]) => k.includes('data'))![1].cidr_block))!;
  let next = 20;
  const namespaces = resourcesOf(platform, 'kubernetes_namespace_v1');
  const nameOf = (ref: string, type: string) => {
    const entry = Object.entries(resourcesOf(platform, type)).find(([k]) => ref.includes(`.${k}.`));
    return entry ? String((entry[1].metadata as Obj).name) : ref;
  };
  const pods: Pod[] = Object.values(resourcesOf(platform, 'kubernetes_deployment_v1')).map((d) => {
    const template = (d.spec as Obj).template as Obj;
    const labels = template.metadata.labels as Record<string, string>;
    return {
      kind: 'pod',
      name: labels['app.kubernetes.io/name'],
      namespace: nameOf(String((d.metadata as Obj).namespace), 'kubernetes_namespace_v1'),
      labels,
      serviceAccount: nameOf(String(template.spec.service_account_name), 'kubernetes_service_account_v1'),
      ip: hostAddress(appCidr, next++),
    };
  });
  const meshOn = env.mesh !== 'none';
  const servicesNamespace = pods.find((p) => p.name === env.services[0].name)!.namespace;
  const monitoringNamespace = String((Object.values(namespaces).find((n) => (n.metadata as Obj).name === 'monitoring')!.metadata as Obj).name);
  const waypoint: Pod = { kind: 'pod', name: 'waypoint', namespace: servicesNamespace, labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' }, serviceAccount: 'waypoint', ip: hostAddress(appCidr, next++), waypoint: true };
  const prometheus: Pod = { kind: 'pod', name: 'prometheus', namespace: monitoringNamespace, labels: { 'app.kubernetes.io/name': 'prometheus', prometheus: 'kube-prometheus-prometheus' }, serviceAccount: PROMETHEUS_SERVICE_ACCOUNT, ip: hostAddress(appCidr, next++) };
  const stranger: Pod = { kind: 'pod', name: 'kube-system pod', namespace: 'kube-system', labels: { 'k8s-app': 'some-addon' }, serviceAccount: 'default', ip: hostAddress(appCidr, next++) };
  const addresses: Address[] = [
    ...mappings.map((m) => ({ kind: 'address' as const, name: 'nlb', ip: m.private_ipv4_address })),
    { kind: 'address', name: 'nginx instance', ip: hostAddress(appCidr, next++) },
    { kind: 'address', name: 'data subnet host', ip: hostAddress(dataCidr, 10) },
  ];
  const sources: Endpoint[] = [...pods, ...(meshOn ? [waypoint] : []), prometheus, stranger, ...addresses];
  const destinations: [Pod, number[]][] = [
    ...pods.map((p): [Pod, number[]] => {
      const service = env.services.find((s) => s.name === p.name);
      const ports = service ? [service.containerPort] : [Number(Object.values(resourcesOf(platform, 'kubernetes_service_v1')).map((svc) => svc.spec as Obj).find((spec) => spec.selector?.['app.kubernetes.io/name'] === p.name)!.port[0].port)];
      return [p, [...ports, UNUSED_PORT]];
    }),
    ...(meshOn ? [[waypoint, [15020, UNUSED_PORT]] as [Pod, number[]]] : []),
  ];

  const plan = planEnvironment(env);
  const gateways = env.services.filter((s) => s.role === 'gateway').map((s) => s.name);
  const meshServices = env.mesh === undefined || env.mesh === 'none' ? {} : env.mesh.services ?? {};
  const callersOf = (name: string, role: string | undefined) => meshServices[name]?.callers ?? (role !== 'gateway' ? gateways.filter((g) => g !== name) : []);
  const declared = new Set<string>();
  const edge = (from: string, to: string, port: number) => declared.add(`${from} -> ${to}:${port}`);
  for (const s of env.services) {
    edge('nlb', s.name, s.containerPort);
    edge('prometheus', s.name, s.containerPort);
    for (const caller of callersOf(s.name, s.role)) edge(caller, s.name, s.containerPort);
    if (meshOn && callersOf(s.name, s.role).length > 0) edge('waypoint', s.name, s.containerPort);
    if (plan.services[s.name].dbPoolSizePerPod > 0 && pods.some((p) => p.name === 'pgbouncer-read')) edge(s.name, 'pgbouncer-read', 6432);
  }
  if (meshOn) edge('prometheus', 'waypoint', 15020);

  const admitted = new Set<string>();
  for (const [destination, ports] of destinations) {
    for (const port of ports) {
      for (const source of sources) {
        if (source === destination) continue;
        if (model.reachable(source, destination, port)) admitted.add(`${source.name} -> ${destination.name}:${port}`);
      }
    }
  }
  // Every NLB address, not just one, must reach each service.
  const nlbMisses = env.services.flatMap((s) => addresses.filter((a) => a.name === 'nlb' && !model.reachable(a, pods.find((p) => p.name === s.name)!, s.containerPort)).map((a) => `${a.ip} -> ${s.name}:${s.containerPort}`));
  return { declared: [...declared].sort(), admitted: [...admitted].sort(), nlbMisses, model, pods };
}

function checkKubernetesContract(env: EnvironmentConfig, aws: SynthesizedStack, platform: SynthesizedStack) {
  const result = kubernetesEdges(env, aws, platform);

  test('THEN every declared in-cluster edge is admitted (NetworkPolicy, and the mesh\'s policies where it runs)', () => {
    expect(result.declared.filter((e) => !result.admitted.includes(e))).toEqual([]);
    expect(result.nlbMisses).toEqual([]);
  });

  test('THEN nothing else is admitted: no other pod, address, port or pair', () => {
    expect(result.admitted.filter((e) => !result.declared.includes(e))).toEqual([]);
  });

  test('THEN the read pooler and the backends are among the destinations tried', () => {
    expect(result.pods.map((p) => p.name)).toEqual(expect.arrayContaining([...env.services.map((s) => s.name), 'pgbouncer-read']));
    expect(result.declared.length).toBeGreaterThan(env.services.length * 2);
  });
}

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s Kubernetes network contract (mesh on)', (name, env) => {
  test('the reference environment runs the mesh', () => expect(env.mesh).not.toBe('none'));
  checkKubernetesContract(env, app.stacks[name], app.stacks[`${name}-platform`]);
});

describe('dev without the mesh: Kubernetes network contract (NetworkPolicy alone)', () => {
  const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;
  const env: EnvironmentConfig = { ...dev, mesh: 'none' };
  const environment = new Environment(testApp(), 'dev', { config: env, policy: false });
  // The AWS stack's NLB addresses and subnets do not depend on the mesh: the reference dev's serve.
  checkKubernetesContract(env, app.stacks.dev, JSON.parse(Testing.synth(environment.platform)) as SynthesizedStack);
});
