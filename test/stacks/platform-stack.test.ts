import { planEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../stacks/environments';
import { servicesNamespaceQuota } from '../../lib/capacity/model';
import { synthesizeReferenceApp } from '../support/app-synth';
import { allOf, onlyOf } from '../support/synth';

/** The stacks synthesize exactly the numbers the capacity model prints. */
const app = synthesizeReferenceApp();

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s', (name, config) => {
  const plan = planEnvironment(config);
  const aws = app.stacks[name];
  const platform = app.stacks[`${name}-platform`];
  const serviceResources = (type: string) => allOf(platform, type).filter((r) => (r['//'] as { metadata: { path: string } }).metadata.path.includes('/service-'));

  test('GIVEN the AWS stack THEN its node groups are the capacity model\'s, one per AZ', () => {
    const groups = allOf(aws, 'aws_eks_node_group');
    // The planned type first; a Spot group (test/stacks/levers.test.ts) adds same-size pools after it.
    expect(groups.map((g) => [g.node_group_name, (g.instance_types as string[])[0], g.scaling_config])).toEqual(
      plan.eks.nodeGroups.map((g) => [g.name, g.instanceTypes[0], { min_size: g.minSize, desired_size: g.desiredSize, max_size: g.maxSize }]),
    );
    // The node groups' templates (the edge tier's nginx fleet has its own).
    const launchTemplates = allOf(aws, 'aws_launch_template').filter((lt) => pathOf(lt).includes('/compute/'));
    expect(launchTemplates.map((lt) => Buffer.from(String(lt.user_data), 'base64').toString())).toEqual(plan.eks.nodeGroups.map((g) => expect.stringContaining(`maxPods: ${g.maxPodsPerNode}`)));
  });

  test('THEN the AWS stack outputs what the platform stack, the nginx tier and the data tier need', () => {
    expect(Object.keys(aws.output ?? {})).toEqual(
      expect.arrayContaining(['eks_cluster_name', 'eks_endpoint', 'eks_certificate_authority_data', 'eks_oidc_issuer_url', 'eks_node_security_group_id', 'eks_controller_role_arns', 'service_target_group_arns', 'service_endpoints', 'service_repository_urls']),
    );
    const endpoints = aws.output?.service_endpoints.value as { name: string; port: number; addresses: string[] }[];
    expect(endpoints.map((e) => [e.name, e.port])).toEqual(config.services.map((s, i) => [s.name, 8080 + i]));
    expect(endpoints.every((e) => e.addresses.length === config.availabilityZones.length)).toBe(true);
  });

  test('THEN the AWS stack has no remote state and no data source', () => {
    expect(aws.data).toBeUndefined();
  });

  test('GIVEN the platform stack THEN the providers authenticate with aws eks get-token and the only data source is the AWS stack\'s state', () => {
    const exec = (platform.provider as { kubernetes: { exec: unknown[] }[] }).kubernetes[0].exec[0];
    expect(exec).toEqual({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', name, '--region', config.region] });
    expect(Object.keys(platform.data ?? {})).toEqual(['terraform_remote_state']);
  });

  test('THEN it deploys the three controllers, the monitoring stack, the Secrets Store CSI driver with its AWS provider and the mesh', () => {
    expect(allOf(platform, 'helm_release').map((r) => r.name).sort()).toEqual([
      'aws-load-balancer-controller',
      'cluster-autoscaler',
      'gateway-api-crds',
      'istio-base',
      'istio-cni',
      'istiod',
      'kube-prometheus-stack',
      'metrics-server',
      'prometheus-adapter',
      'secrets-store-csi-driver',
      'secrets-store-csi-driver-provider-aws',
      'ztunnel',
    ]);
  });

  test('THEN every service has alerts and a dashboard, and its HPA also scales on requests per second per pod', () => {
    const kps = allOf(platform, 'helm_release').find((r) => r.name === 'kube-prometheus-stack')!;
    const rules = JSON.parse((kps.values as string[])[0]).additionalPrometheusRulesMap as Record<string, unknown>;
    expect(Object.keys(rules)).toEqual([...config.services.map((s) => `service-services-${s.name}`), 'cluster-nodes', `kafka-${name}-events`]);
    // ClusterMonitoring's: one per service and one for the nodes (the mesh adds its caller -> service pairs, checked in its own tests).
    const dashboards = allOf(platform, 'kubernetes_config_map_v1').filter((m) => (m.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard === '1' && pathOf(m).split('/')[2] === 'monitoring');
    expect(dashboards).toHaveLength(config.services.length + 1);
    const serviceHpas = allOf(platform, 'kubernetes_horizontal_pod_autoscaler_v2').filter((h) => (h.metadata as { name: string }).name in plan.services);
    expect(serviceHpas).toHaveLength(config.services.length);
    for (const hpa of serviceHpas) {
      const name = (hpa.metadata as { name: string }).name;
      const p = plan.services[name];
      const pods = ((hpa.spec as { metric: { type: string; pods?: unknown }[] }).metric).find((m) => m.type === 'Pods')?.pods;
      expect({ name, pods }).toEqual({
        name,
        pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', average_value: String(Math.round((p.podRps * p.targetCpuUtilizationPercent) / 100)) } },
      });
      expect(hpa.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('helm_release.monitoring_prometheus-adapter')]));
    }
  });

  test('THEN Prometheus scrapes each planned broker\'s JMX and node exporters under the AWS stack\'s broker domain, and the topic Job reconciles every planned topic', () => {
    const kps = allOf(platform, 'helm_release').find((r) => r.name === 'kube-prometheus-stack')!;
    const second = (kps.values as string[])[1];
    // The domain is a Terraform expression over the AWS stack's bootstrap brokers (evaluated at apply).
    const domain = /b-1\.(\$\{replace\(element\(split\(",", data\.terraform_remote_state\.[^)]+bootstrap_brokers_sasl_iam\), 0\), "[^"]+", ""\)\}):11001/.exec(second)?.[1];
    expect(domain).toBeDefined();
    const jobs = JSON.parse(second.split(domain!).join('example.internal')).prometheus.prometheusSpec.additionalScrapeConfigs as { job_name: string; static_configs: { targets: string[] }[] }[];
    expect(jobs.map((j) => [j.job_name, j.static_configs.length])).toEqual([
      ['msk-jmx', plan.kafka.brokerCount],
      ['msk-node', plan.kafka.brokerCount],
    ]);
    const job = onlyOf(platform, 'kubernetes_job_v1') as { metadata: { annotations: Record<string, string> } };
    expect(job.metadata.annotations['cdktf-million-rps/topics'].split(',')).toEqual(plan.kafka.topics.map((t) => t.name));
  });

  test('THEN every service has a Deployment, an HPA with the model\'s bounds and CPU target, a PDB and a TargetGroupBinding', () => {
    const hpas = Object.fromEntries(allOf(platform, 'kubernetes_horizontal_pod_autoscaler_v2').map((h) => [(h.metadata as { name: string }).name, h.spec as Record<string, unknown>]));
    for (const service of config.services) {
      const p = plan.services[service.name];
      expect({ service: service.name, min: hpas[service.name].min_replicas, max: hpas[service.name].max_replicas }).toEqual({ service: service.name, min: p.minReplicas, max: p.maxReplicas });
      expect((hpas[service.name].metric as { resource: { target: { average_utilization: number } } }[])[0].resource.target.average_utilization).toBe(p.targetCpuUtilizationPercent);
    }
    expect(serviceResources('kubernetes_deployment_v1')).toHaveLength(config.services.length);
    expect(serviceResources('kubernetes_pod_disruption_budget_v1')).toHaveLength(config.services.length);
    expect(serviceResources('kubernetes_manifest').map((m) => (m.manifest as { kind: string }).kind)).toEqual(config.services.map(() => 'TargetGroupBinding'));
  });

  test('THEN images come from the environment\'s ECR repositories, never a placeholder registry', () => {
    for (const d of serviceResources('kubernetes_deployment_v1')) {
      const image = (d.spec as { template: { spec: { container: { image: string }[] } } }).template.spec.container[0].image;
      expect(image).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+repository_url\}:1\.0\.0$/);
    }
  });

  test('THEN the namespace quota holds every service at maxReplicas plus a rollout surge, and the read pooler at its maximum', () => {
    const sizing = plan.readPooler!;
    const quota = plan.servicesNamespace;
    const withoutPooler = servicesNamespaceQuota(plan, config.services.map((s) => plan.services[s.name]));
    expect(quota.pods).toBe(withoutPooler.pods + sizing.maxReplicas + 1);
    expect((onlyOf(platform, 'kubernetes_resource_quota_v1').spec as { hard: Record<string, string> }).hard.pods).toBe(String(quota.pods));
  });

  test('THEN the read pooler runs with the sizing from the plan and its service account matches the AWS stack\'s Pod Identity association', () => {
    const sizing = plan.readPooler!;
    const hpa = allOf(platform, 'kubernetes_horizontal_pod_autoscaler_v2').find((h) => (h.metadata as { name: string }).name === 'pgbouncer-read')!;
    expect([(hpa.spec as { min_replicas: number }).min_replicas, (hpa.spec as { max_replicas: number }).max_replicas]).toEqual([sizing.minReplicas, sizing.maxReplicas]);
    const ini = allOf(platform, 'kubernetes_config_map_v1').map((c) => (c.data as Record<string, string>)['pgbouncer.ini']).find(Boolean)!;
    expect(ini).toContain(`max_client_conn = ${sizing.maxClientConnections}`);
    expect(ini).toContain(`default_pool_size = ${sizing.defaultPoolSize}`);
    expect(ini).toContain(`host=reader.${name}.db.internal port=5432 dbname=app user=postgres`);
    // The SecretProviderClass kind and the CSI mount exist only once the ASCP chart is installed.
    const spc = allOf(platform, 'kubernetes_manifest').find((m) => (m.manifest as { kind: string }).kind === 'SecretProviderClass')!;
    expect(spc.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('helm_release.services_secrets-store-csi_aws-provider')]));
    expect(hpa.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('helm_release.controllers_metrics-server')]));
    const pooler = allOf(aws, 'aws_eks_pod_identity_association').filter((a) => a.service_account === 'pgbouncer-read');
    expect(pooler.map((a) => a.namespace)).toEqual(['services']);
  });

  test('THEN database-using services get the read (PgBouncer) and write (RDS Proxy) endpoints', () => {
    for (const service of config.services) {
      if (plan.services[service.name].dbPoolSizePerPod === 0) continue;
      const deployment = serviceResources('kubernetes_deployment_v1').find((d) => (d.metadata as { name: string }).name === service.name)!;
      const env = Object.fromEntries((deployment.spec as { template: { spec: { container: { env: { name: string; value: string }[] }[] } } }).template.spec.container[0].env.map((e) => [e.name, e.value]));
      expect(env).toMatchObject({
        DATABASE_NAME: 'app',
        DATABASE_READ_PORT: '6432',
        DATABASE_READ_USER: 'postgres',
        DATABASE_WRITE_PORT: '5432',
        DATABASE_POOL_SIZE: String(plan.services[service.name].dbPoolSizePerPod),
      });
      // The namespace's name attribute ("services"), so the Service's name follows it.
      expect(env.DATABASE_READ_HOST).toMatch(/^pgbouncer-read\.\$\{kubernetes_namespace_v1\.[^}]+\}\.svc\.cluster\.local$/);
      expect(env.DATABASE_WRITE_HOST).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+\}$/);
    }
  });
});

function pathOf(resource: Record<string, unknown>): string {
  return (resource['//'] as { metadata: { path: string } }).metadata.path;
}
