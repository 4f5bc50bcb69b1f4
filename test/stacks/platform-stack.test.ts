import { planCapacity } from '../../lib/capacity';
import { ENVIRONMENTS } from '../../stacks/environments';
import { namespaceQuota } from '../../stacks/platform-stack';
import { synthesizeReferenceApp } from '../support/app-synth';
import { allOf, onlyOf } from '../support/synth';

/** The stacks synthesize exactly the numbers the capacity model prints. */
const app = synthesizeReferenceApp();

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s', (name, config) => {
  const plan = planCapacity(config.capacity);
  const aws = app.stacks[name];
  const platform = app.stacks[`${name}-platform`];

  test('GIVEN the AWS stack THEN its node groups are the capacity model\'s, one per AZ', () => {
    const groups = allOf(aws, 'aws_eks_node_group');
    expect(groups.map((g) => [g.node_group_name, g.instance_types, g.scaling_config])).toEqual(
      plan.nodeGroups.map((g) => [g.name, g.instanceTypes, { min_size: g.minSize, desired_size: g.desiredSize, max_size: g.maxSize }]),
    );
    // The node groups' templates (the edge tier's nginx fleet has its own).
    const launchTemplates = allOf(aws, 'aws_launch_template').filter((lt) => pathOf(lt).includes('/compute/'));
    expect(launchTemplates.map((lt) => Buffer.from(String(lt.user_data), 'base64').toString())).toEqual(plan.nodeGroups.map((g) => expect.stringContaining(`maxPods: ${g.maxPodsPerNode}`)));
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

  test('THEN it deploys the three controllers', () => {
    expect(allOf(platform, 'helm_release').map((r) => r.name).sort()).toEqual(['aws-load-balancer-controller', 'cluster-autoscaler', 'metrics-server']);
  });

  test('THEN every service has a Deployment, an HPA with the model\'s bounds and CPU target, a PDB and a TargetGroupBinding', () => {
    const hpas = Object.fromEntries(allOf(platform, 'kubernetes_horizontal_pod_autoscaler_v2').map((h) => [(h.metadata as { name: string }).name, h.spec as Record<string, unknown>]));
    for (const service of config.services) {
      const p = plan.services[service.name];
      expect({ service: service.name, min: hpas[service.name].min_replicas, max: hpas[service.name].max_replicas }).toEqual({ service: service.name, min: p.minReplicas, max: p.maxReplicas });
      expect((hpas[service.name].metric as { resource: { target: { average_utilization: number } } }[])[0].resource.target.average_utilization).toBe(p.targetCpuUtilizationPercent);
    }
    expect(allOf(platform, 'kubernetes_deployment_v1')).toHaveLength(config.services.length);
    expect(allOf(platform, 'kubernetes_pod_disruption_budget_v1')).toHaveLength(config.services.length);
    expect(allOf(platform, 'kubernetes_manifest').map((m) => (m.manifest as { kind: string }).kind)).toEqual(config.services.map(() => 'TargetGroupBinding'));
  });

  test('THEN images come from the environment\'s ECR repositories, never a placeholder registry', () => {
    for (const d of allOf(platform, 'kubernetes_deployment_v1')) {
      const image = (d.spec as { template: { spec: { container: { image: string }[] } } }).template.spec.container[0].image;
      expect(image).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+repository_url\}:1\.0\.0$/);
    }
  });

  test('THEN the namespace quota holds every service at maxReplicas plus a rollout surge', () => {
    const quota = namespaceQuota(config.services.map((s) => plan.services[s.name]));
    expect((onlyOf(platform, 'kubernetes_resource_quota_v1').spec as { hard: Record<string, string> }).hard.pods).toBe(String(quota.pods));
  });
});

function pathOf(resource: Record<string, unknown>): string {
  return (resource['//'] as { metadata: { path: string } }).metadata.path;
}
