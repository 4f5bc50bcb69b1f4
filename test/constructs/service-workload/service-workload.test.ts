import { Release } from '@cdktf/provider-helm/lib/release';
import { ServiceWorkload, ServiceWorkloadProps, workloadServiceAccount } from '../../../constructs/service-workload';
import { onlyOf, synthConstructs } from '../../support/synth';

const PROPS: ServiceWorkloadProps = {
  name: 'user-service',
  namespace: 'services',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/million-rps/prod/user-service:1.0.0',
  containerPort: 8080,
  livenessPath: '/health/live',
  readinessPath: '/health/ready',
  minReplicas: 252,
  maxReplicas: 1500,
  cpuRequestMillicores: 1000,
  memoryRequestMiB: 1024,
  targetCpuUtilizationPercent: 60,
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-user-service/0123456789abcdef',
};

function synthWorkload(props: Partial<ServiceWorkloadProps> = {}) {
  return synthConstructs((scope) => new ServiceWorkload(scope, 'svc', { ...PROPS, ...props }));
}

// Synthesized Kubernetes bodies are deeply nested; tests read them loosely.
type Obj = Record<string, any>;

describe('ServiceWorkload', () => {
  describe('GIVEN the prod user-service sizes', () => {
    const stack = synthWorkload();
    const deployment = onlyOf(stack, 'kubernetes_deployment_v1') as Obj;
    const pod = deployment.spec.template.spec;
    const container = pod.container[0];

    test('THEN the container has requests and limits (memory limit = request, CPU limit = 2 x request)', () => {
      expect(container.resources).toEqual({ requests: { cpu: '1000m', memory: '1024Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } });
    });

    test('THEN startup and liveness probe the liveness path, readiness the readiness path', () => {
      expect(container.startup_probe.http_get).toEqual({ path: '/health/live', port: 'http' });
      expect(container.liveness_probe.http_get).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readiness_probe.http_get).toEqual({ path: '/health/ready', port: 'http' });
    });

    test('THEN pods spread over zones and nodes', () => {
      expect(pod.topology_spread_constraint.map((c: Obj) => c.topology_key)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    });

    test('THEN pods run as non-root with a read-only root filesystem and no capabilities', () => {
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } });
      expect(container.security_context).toEqual({ run_as_non_root: true, read_only_root_filesystem: true, allow_privilege_escalation: false, capabilities: { drop: ['ALL'] } });
      expect(pod.automount_service_account_token).toBe(false);
    });

    test('THEN the grace period covers deregistration (30 s) + propagation (15 s) + shutdown (15 s)', () => {
      expect(pod.termination_grace_period_seconds).toBe(60);
      expect(container.env).toEqual(expect.arrayContaining([{ name: 'DRAIN_SECONDS', value: '45' }]));
    });

    test('THEN the HPA owns the replica count and rollouts never drop a ready pod', () => {
      expect(deployment.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
      expect(deployment.spec.strategy.rolling_update).toEqual({ max_surge: '25%', max_unavailable: '0' });
    });

    test('THEN the HPA (autoscaling/v2) scales on CPU and memory between the model\'s bounds, up 100% per 15 s, down 10% per 60 s after 300 s', () => {
      const hpa = (onlyOf(stack, 'kubernetes_horizontal_pod_autoscaler_v2') as Obj).spec;
      expect(hpa.min_replicas).toBe(252);
      expect(hpa.max_replicas).toBe(1500);
      expect(hpa.metric.map((m: Obj) => [m.resource.name, m.resource.target.average_utilization])).toEqual([['cpu', 60], ['memory', 80]]);
      expect(hpa.behavior.scale_up).toEqual([{ stabilization_window_seconds: 0, select_policy: 'Max', policy: [{ type: 'Percent', value: 100, period_seconds: 15 }] }]);
      expect(hpa.behavior.scale_down).toEqual([{ stabilization_window_seconds: 300, select_policy: 'Min', policy: [{ type: 'Percent', value: 10, period_seconds: 60 }] }]);
    });

    test('THEN a PDB limits voluntary disruptions and a TargetGroupBinding registers the pods as IP targets', () => {
      expect((onlyOf(stack, 'kubernetes_pod_disruption_budget_v1') as Obj).spec.max_unavailable).toBe('10%');
      const binding = (onlyOf(stack, 'kubernetes_manifest') as Obj).manifest;
      expect(binding).toMatchObject({ apiVersion: 'elbv2.k8s.aws/v1beta1', kind: 'TargetGroupBinding', spec: { targetGroupARN: PROPS.targetGroupArn, targetType: 'ip', serviceRef: { port: 8080 } } });
      expect((onlyOf(stack, 'kubernetes_service_v1') as Obj).spec.type).toBe('ClusterIP');
    });
  });

  describe('bad props are rejected', () => {
    const cases: [string, Partial<ServiceWorkloadProps>, RegExp][] = [
      ['HPA min above max', { minReplicas: 10, maxReplicas: 5 }, /ServiceWorkload \(test\/svc\): minReplicas = 10 is greater than maxReplicas \(5\)/],
      ['zero min replicas', { minReplicas: 0 }, /minReplicas = 0 is out of range \(an HPA needs at least one replica\)/],
      ['a drain shorter than deregistration', { drainSeconds: 20 }, /drainSeconds = 20 is shorter than the load balancer's deregistration delay \(30 s\) plus 15 s.*Fix: use at least 45/],
      ['a privileged port', { containerPort: 80 }, /containerPort = 80 is out of range/],
      ['a relative probe path', { readinessPath: 'ready' }, /readinessPath = "ready" is not an absolute HTTP path/],
      ['a scale-down period Kubernetes rejects', { scaling: { scaleDownPeriodSeconds: 3600 } }, /scaling.scaleDownPeriodSeconds = 3600 is out of range \(Kubernetes accepts 1 to 1800 s\)/],
    ];
    test.each(cases)('%s', (_label, change, message) => {
      expect(() => synthWorkload(change)).toThrow(message);
    });
  });

  test('GIVEN no target group THEN there is no TargetGroupBinding', () => {
    expect(synthWorkload({ targetGroupArn: undefined }).resource?.kubernetes_manifest).toBeUndefined();
  });
});

describe('ServiceWorkload scaling on requests per second', () => {
  test('GIVEN targetRequestsPerSecondPerPod THEN the HPA also scales on http_requests_per_second per pod', () => {
    const stack = synthConstructs((scope) => new ServiceWorkload(scope, 'svc', { ...PROPS, targetRequestsPerSecondPerPod: 700 }));
    const metrics = (onlyOf(stack, 'kubernetes_horizontal_pod_autoscaler_v2').spec as { metric: { type: string; pods?: unknown }[] }).metric;
    expect(metrics.map((m) => m.type)).toEqual(['Resource', 'Resource', 'Pods']);
    expect(metrics[2].pods).toEqual({ metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', average_value: '700' } });
  });

  test('GIVEN no target THEN the HPA scales on CPU and memory only', () => {
    const stack = synthConstructs((scope) => new ServiceWorkload(scope, 'svc', PROPS));
    expect((onlyOf(stack, 'kubernetes_horizontal_pod_autoscaler_v2').spec as { metric: unknown[] }).metric).toHaveLength(2);
  });

  test('GIVEN a target below one request per second THEN synth fails with the fix', () => {
    expect(() => synthConstructs((scope) => new ServiceWorkload(scope, 'svc', { ...PROPS, targetRequestsPerSecondPerPod: 0.5 }))).toThrow(/targetRequestsPerSecondPerPod = 0.5 is out of range/);
  });
});

describe('ServiceWorkload ordering and identity', () => {
  const stack = synthConstructs((scope) => {
    const release = (id: string) => new Release(scope, id, { name: id, chart: id, repository: 'https://example.invalid/charts', version: '1.0.0' });
    new ServiceWorkload(scope, 'svc', {
      ...PROPS,
      loadBalancerController: release('aws-load-balancer-controller'),
      metricsApis: [release('metrics-server'), release('prometheus-adapter')],
      identity: { databaseUser: 'postgres', cacheUser: 'prod-cache-user-service' },
      env: { SERVICE_NAME: 'user-service' },
    });
  });

  test('THEN the TargetGroupBinding waits for the load balancer controller that installs its kind', () => {
    expect((onlyOf(stack, 'kubernetes_manifest') as Obj).depends_on).toEqual(['helm_release.aws-load-balancer-controller']);
  });

  test('THEN the HPA waits for both metrics APIs it reads', () => {
    expect((onlyOf(stack, 'kubernetes_horizontal_pod_autoscaler_v2') as Obj).depends_on).toEqual(['helm_release.metrics-server', 'helm_release.prometheus-adapter']);
  });

  test('THEN the pods run as the service account the Pod Identity association names, and learn their data-store users', () => {
    const pod = (onlyOf(stack, 'kubernetes_deployment_v1') as Obj).spec.template.spec;
    expect(pod.service_account_name).toMatch(/^\$\{kubernetes_service_account_v1\.svc_service-account_[0-9A-F]{8}\.metadata\[0\]\.name\}$/);
    expect(onlyOf(stack, 'kubernetes_service_account_v1')).toMatchObject({ metadata: { name: 'user-service', namespace: 'services' } });
    expect(workloadServiceAccount('services', 'user-service')).toEqual({ namespace: 'services', name: 'user-service' });
    const env = Object.fromEntries((pod.container[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ SERVICE_NAME: 'user-service', DATABASE_USER: 'postgres', CACHE_USER: 'prod-cache-user-service' });
  });

  test('GIVEN nothing to wait for THEN no depends_on is written', () => {
    const bare = synthWorkload();
    expect((onlyOf(bare, 'kubernetes_manifest') as Obj).depends_on).toBeUndefined();
    expect((onlyOf(bare, 'kubernetes_horizontal_pod_autoscaler_v2') as Obj).depends_on).toBeUndefined();
  });

  test.each([
    ['an env variable the identity sets', { identity: { cacheUser: 'prod-cache-orders' }, env: { CACHE_USER: 'other' } }, /env\.CACHE_USER = "other" collides with identity\.cacheUser, which sets it\. Fix: drop env\.CACHE_USER/],
    ['an empty database user', { identity: { databaseUser: ' ' } }, /identity\.databaseUser = " " is not a non-empty string/],
  ] as [string, Partial<ServiceWorkloadProps>, RegExp][])('GIVEN %s THEN synth fails naming it and the fix', (_, change, message) => {
    expect(() => synthWorkload(change)).toThrow(message);
  });
});

