import { synthesizeReferenceApp } from '../support/app-synth';
import { SynthesizedStack, resourcesOf } from '../support/synth';

/**
 * The reference app's connectivity, identities and ordering, read from the synthesized
 * stacks: what the constructs wire themselves, checked where it ends up.
 */
const app = synthesizeReferenceApp();
type Obj = Record<string, any>;

const addressOf = (stack: SynthesizedStack, type: string, prefix: string): string => {
  const name = Object.keys(resourcesOf(stack, type)).find((k) => k.startsWith(prefix));
  if (!name) throw new Error(`no ${type} ${prefix}* in the stack`);
  return `${type}.${name}`;
};
const refersTo = (value: unknown, address: string) => String(value) === `\${${address}.id}`;

describe.each(['dev', 'staging', 'prod'])('%s wiring', (env) => {
  const aws = app.stacks[env];
  const platform = app.stacks[`${env}-platform`];
  const nlbGroup = addressOf(aws, 'aws_security_group', 'compute_service-ingress_sg');
  const nginxGroup = addressOf(aws, 'aws_security_group', 'edge_alb-nginx_nginx-sg');
  const nodeGroup = addressOf(aws, 'aws_security_group', 'compute_eks_node-sg');
  const listenerPorts = Object.values(resourcesOf(aws, 'aws_lb_listener'))
    .filter((l) => String(l.load_balancer_arn).includes('compute_service-ingress_nlb'))
    .map((l) => l.port as number)
    .sort();
  const ingress = Object.values(resourcesOf(aws, 'aws_vpc_security_group_ingress_rule'));
  const egress = Object.values(resourcesOf(aws, 'aws_vpc_security_group_egress_rule'));

  test('THEN the internal NLB admits the nginx fleet only, on exactly its listener ports, and no CIDR (pods included)', () => {
    const toNlb = ingress.filter((r) => refersTo(r.security_group_id, nlbGroup));
    expect(listenerPorts).toEqual([8080, 8081, 8082]);
    expect(toNlb.map((r) => r.from_port).sort()).toEqual(listenerPorts);
    expect(toNlb.every((r) => refersTo(r.referenced_security_group_id, nginxGroup) && r.to_port === r.from_port && r.cidr_ipv4 === undefined)).toBe(true);
  });

  test('THEN nginx may reach the NLB group on exactly the listener ports, and no service port by CIDR', () => {
    const fromNginx = egress.filter((r) => refersTo(r.security_group_id, nginxGroup));
    expect(fromNginx.filter((r) => refersTo(r.referenced_security_group_id, nlbGroup)).map((r) => r.from_port).sort()).toEqual(listenerPorts);
    expect(fromNginx.filter((r) => r.cidr_ipv4 !== undefined).map((r) => [r.cidr_ipv4, r.from_port])).toEqual([['0.0.0.0/0', 443]]);
  });

  test('THEN the pods admit the NLB (traffic and health checks) on their port, once', () => {
    const fromNlb = ingress.filter((r) => refersTo(r.referenced_security_group_id, nlbGroup));
    expect(fromNlb.map((r) => [r.from_port, refersTo(r.security_group_id, nodeGroup)])).toEqual([[8080, true]]);
  });

  test('THEN every node group is created after the NLB has taken its fixed addresses', () => {
    const nlb = addressOf(aws, 'aws_lb', 'compute_service-ingress_nlb');
    for (const group of Object.values(resourcesOf(aws, 'aws_eks_node_group'))) expect(group.depends_on).toContain(nlb);
  });

  test('THEN each service has its own Pod Identity role, granted exactly the data stores it uses', () => {
    const roles = Object.values(resourcesOf(aws, 'aws_iam_role')).filter((r) => String(r.name).startsWith(`${env}-svc-`));
    // The services' roles, and the topic Job's (kafka-admin/kafka-topics: topic admin on the planned topics only, test/constructs/msk-cluster).
    expect(roles.map((r) => r.name).sort()).toEqual([`${env}-svc-api-gateway`, `${env}-svc-kafka-topics`, `${env}-svc-transaction-service`, `${env}-svc-user-service`]);
    const topicJob = Object.values(resourcesOf(aws, 'aws_eks_pod_identity_association')).filter((a) => a.namespace === 'kafka-admin');
    expect(topicJob.map((a) => a.service_account)).toEqual(['kafka-topics']);
    const jobGrants = Object.entries(resourcesOf(aws, 'aws_iam_role_policy')).find(([k]) => k.startsWith('identities_kafka-topics-identity_grants'))?.[1].policy as string;
    expect([...jobGrants.matchAll(/"Sid":"(\w+)"/g)].map((m) => m[1])).toEqual(['KafkaConnectToAdminTopics', 'KafkaAdminTopics']);
    expect(jobGrants).not.toMatch(/DeleteTopic|kafka-cluster:\*/);
    const associations = Object.values(resourcesOf(aws, 'aws_eks_pod_identity_association')).filter((a) => a.namespace === 'services');
    expect(associations.map((a) => a.service_account).sort()).toEqual(['api-gateway', 'pgbouncer-read', 'transaction-service', 'user-service']);
    const policies = resourcesOf(aws, 'aws_iam_role_policy');
    const grantsOf = (service: string) => Object.entries(policies).find(([k]) => k.startsWith(`identities_service-identity-${service}_grants`))?.[1].policy as string | undefined;
    // The gateway touches neither data store: its role has no policy.
    expect(grantsOf('api-gateway')).toBeUndefined();
    const proxy = addressOf(aws, 'aws_db_proxy', 'data_database_proxy');
    const group = addressOf(aws, 'aws_elasticache_replication_group', 'data_cache_replication-group');
    for (const service of ['user-service', 'transaction-service']) {
      const user = addressOf(aws, 'aws_elasticache_user', `data_cache_user-${service}`);
      const field = (i: number) => `\${element(split(":", ${proxy}.arn), ${i})}`;
      // Terraform interpolations sit inside the JSON text (quotes included), so it is compared as text.
      const dataStores =
        '{"Version":"2012-10-17","Statement":[' +
        `{"Sid":"ConnectThroughRdsProxy","Effect":"Allow","Action":"rds-db:connect","Resource":"arn:${field(1)}:rds-db:${field(3)}:${field(4)}:dbuser:${field(6)}/postgres"},` +
        `{"Sid":"ConnectToCache","Effect":"Allow","Action":"elasticache:Connect","Resource":["\${${group}.arn}","\${${user}.arn}"]}`;
      const policy = grantsOf(service) ?? '';
      expect(policy.startsWith(dataStores)).toBe(true);
      // Beyond the data stores, only its Kafka topics and groups (test/constructs/msk-cluster checks their ARNs).
      const rest = [...policy.slice(dataStores.length).matchAll(/"Sid":"(\w+)"/g)].map((m) => m[1]);
      expect(rest).toEqual(service === 'transaction-service' ? ['KafkaConnectToProduce', 'KafkaProduce'] : ['KafkaConnectToProduce', 'KafkaProduce', 'KafkaConnectToConsume', 'KafkaConsume', 'KafkaConsumerGroup']);
      expect(resourcesOf(aws, 'aws_elasticache_user')[user.split('.')[1]]).toMatchObject({ user_id: `${env}-cache-${service}`, access_string: `on ~${service}:* +@all -@dangerous`, authentication_mode: { type: 'iam' } });
    }
  });

  test('THEN the backends learn the users their roles may connect as; the gateway none', () => {
    const envOf = (service: string) => {
      const deployment = Object.entries(resourcesOf(platform, 'kubernetes_deployment_v1')).find(([k]) => k.startsWith(`services_service-${service}_deployment`))![1] as Obj;
      return Object.fromEntries((deployment.spec.template.spec.container[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    };
    expect(envOf('user-service')).toMatchObject({ DATABASE_USER: 'postgres', CACHE_USER: `${env}-cache-user-service`, CACHE_PORT: '6379', CACHE_KEY_PREFIX: 'user-service:' });
    expect(envOf('api-gateway').DATABASE_USER).toBeUndefined();
    expect(envOf('api-gateway').CACHE_USER).toBeUndefined();
  });

  test('THEN the read pooler waits for its SecretProviderClass and the CSI provider; its HPA for metrics-server', () => {
    const deployment = Object.entries(resourcesOf(platform, 'kubernetes_deployment_v1')).find(([k]) => k.startsWith('services_read-pooler_deployment'))![1];
    expect(deployment.depends_on).toEqual([addressOf(platform, 'kubernetes_manifest', 'services_read-pooler_secret-provider-class'), addressOf(platform, 'helm_release', 'services_secrets-store-csi_aws-provider')]);
    const hpa = Object.entries(resourcesOf(platform, 'kubernetes_horizontal_pod_autoscaler_v2')).find(([k]) => k.startsWith('services_read-pooler_hpa'))![1];
    expect(hpa.depends_on).toEqual([addressOf(platform, 'helm_release', 'controllers_metrics-server')]);
  });
});
