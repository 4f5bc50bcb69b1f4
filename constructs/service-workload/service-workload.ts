import { Construct } from 'constructs';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { DNS_1123_LABEL, DNS_1123_LABEL_MAX } from '../../lib/config/services';
import { invalid } from '../../lib/errors';
import { podsRpsHpaMetric } from '../../lib/prometheus/custom-metrics';
import { checkPlanSlice, planned, plannedRequired } from '../../lib/plan-slice';
import { checkInteger, checkMinMax, checkName, checkNumber, checkProps, checkString } from '../../lib/validation';
import { workloadServiceAccount, WorkloadServiceAccount } from './service-account';
import { ServiceWorkloadProps } from './service-workload-props';

const DEFAULT_SCALE_UP_PERCENT = 100;
const DEFAULT_SCALE_UP_PERIOD_SECONDS = 15;
const DEFAULT_SCALE_DOWN_PERCENT = 10;
const DEFAULT_SCALE_DOWN_PERIOD_SECONDS = 60;
const DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS = 300;
/** HPA periodSeconds: 1 to 1800. https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior */
const MAX_POLICY_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_SECONDS = 3600;
const DEFAULT_TARGET_MEMORY_PERCENT = 80;
export const DEFAULT_CPU_LIMIT_FACTOR = 2;
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;
/** Time the AWS Load Balancer Controller and the NLB take to stop sending new flows to a deregistered target (planning figure). */
const DEREGISTRATION_PROPAGATION_SECONDS = 15;
const DEFAULT_DRAIN_SECONDS = DEFAULT_DEREGISTRATION_DELAY_SECONDS + DEREGISTRATION_PROPAGATION_SECONDS;
const DEFAULT_SHUTDOWN_SECONDS = 15;
const DEFAULT_MAX_UNAVAILABLE_PERCENT = 10;
/** Probes: start within 2 min; restart after 30 s dead; out of rotation after 10 s unready. */
const STARTUP_PERIOD_SECONDS = 2;
const STARTUP_FAILURE_THRESHOLD = 60;
const LIVENESS_PERIOD_SECONDS = 10;
const LIVENESS_FAILURE_THRESHOLD = 3;
const READINESS_PERIOD_SECONDS = 5;
const READINESS_FAILURE_THRESHOLD = 2;
const PROBE_TIMEOUT_SECONDS = 2;
/** A rollout adds up to a quarter more pods and never removes a ready one first. */
export const ROLLOUT_MAX_SURGE_PERCENT = 25;
/** Non-root user of the container (distroless "nonroot"). */
const RUN_AS_USER = 65532;
const TMP_SIZE_LIMIT = '64Mi';

/**
 * One HTTP service on Kubernetes: Deployment (requests and limits, startup, liveness and
 * readiness probes, spread over AZs and nodes, non-root with a read-only root, drain
 * aligned with load balancer deregistration), ClusterIP Service, HorizontalPodAutoscaler
 * (CPU and memory, fast up and slow down), PodDisruptionBudget, and optionally the
 * TargetGroupBinding that registers its pods in an NLB target group.
 *
 * Graceful termination: `deployment_v1` in the Terraform provider has no `sleep` preStop
 * action, so the drain is the application's contract: on SIGTERM it fails readiness,
 * keeps serving for `drainSeconds` (covering deregistration), then exits within
 * `shutdownSeconds`. terminationGracePeriodSeconds is the sum.
 */
export class ServiceWorkload extends Construct {
  public readonly deployment: DeploymentV1;
  public readonly service: ServiceV1;
  public readonly autoscaler: HorizontalPodAutoscalerV2;
  public readonly disruptionBudget: PodDisruptionBudgetV1;
  public readonly targetGroupBinding?: Manifest;
  /** Pod labels (`app.kubernetes.io/name`). */
  public readonly selector: Record<string, string>;
  /** Every label on the pods (the selector's and the part-of/managed-by labels). */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** The service account the pods run as (`workloadServiceAccount(namespace, name)`): bind the service's Pod Identity role to it. */
  public readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, given: ServiceWorkloadProps) {
    super(scope, id);
    checkProps(this, given, `{ name, namespace, image, containerPort, capacity: plan.services[name], ... }`);
    const props = this.sized(given);
    this.validate(props);
    const { name, namespace, containerPort } = props;
    this.selector = { 'app.kubernetes.io/name': name };
    const labels = { ...this.selector, 'app.kubernetes.io/part-of': namespace, 'app.kubernetes.io/managed-by': 'cdktf' };
    const metadata = { name, namespace, labels };
    this.podLabels = labels;
    const drain = props.drainSeconds ?? DEFAULT_DRAIN_SECONDS;
    const shutdown = props.shutdownSeconds ?? DEFAULT_SHUTDOWN_SECONDS;
    const cpuLimit = props.capacity?.cpuLimitMillicores ?? Math.round(props.cpuRequestMillicores * (props.cpuLimitFactor ?? DEFAULT_CPU_LIMIT_FACTOR));

    const account = new ServiceAccountV1(this, 'service-account', { metadata, automountServiceAccountToken: false });
    this.serviceAccount = workloadServiceAccount(namespace, name);
    const identityEnv = {
      ...(props.identity?.databaseUser !== undefined ? { DATABASE_USER: props.identity.databaseUser } : {}),
      ...(props.identity?.cacheUser !== undefined ? { CACHE_USER: props.identity.cacheUser } : {}),
    };

    this.deployment = new DeploymentV1(this, 'deployment', {
      metadata,
      // Hundreds of pods in prod: Terraform hands the rollout to Kubernetes rather than timing out on it.
      waitForRollout: false,
      spec: {
        replicas: String(props.minReplicas),
        revisionHistoryLimit: 5,
        selector: { matchLabels: this.selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: `${ROLLOUT_MAX_SURGE_PERCENT}%`, maxUnavailable: '0' } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: account.metadata.name,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: drain + shutdown,
            securityContext: { runAsNonRoot: true, runAsUser: String(RUN_AS_USER), runAsGroup: String(RUN_AS_USER), fsGroup: String(RUN_AS_USER), seccompProfile: { type: 'RuntimeDefault' } },
            // ScheduleAnyway on zones: when an AZ is lost its nodes still count as a domain,
            // and a hard constraint would keep the replacement pods from the surviving AZs.
            // The per-AZ node groups keep the spread even in normal operation.
            topologySpreadConstraint: [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: [{ matchLabels: this.selector }] },
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: [{ matchLabels: this.selector }] },
            ],
            container: [
              {
                name,
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                port: [{ name: 'http', containerPort, protocol: 'TCP' }],
                env: Object.entries({ ...props.env, ...identityEnv, PORT: String(containerPort), DRAIN_SECONDS: String(drain) }).map(([k, v]) => ({ name: k, value: v })),
                resources: {
                  requests: { cpu: `${props.cpuRequestMillicores}m`, memory: `${props.memoryRequestMiB}Mi` },
                  // Memory limit = request: a pod is never OOM-killed because a neighbour grew.
                  limits: { cpu: `${cpuLimit}m`, memory: `${props.memoryRequestMiB}Mi` },
                },
                startupProbe: { httpGet: { path: props.livenessPath, port: 'http' }, periodSeconds: STARTUP_PERIOD_SECONDS, failureThreshold: STARTUP_FAILURE_THRESHOLD, timeoutSeconds: PROBE_TIMEOUT_SECONDS },
                livenessProbe: { httpGet: { path: props.livenessPath, port: 'http' }, periodSeconds: LIVENESS_PERIOD_SECONDS, failureThreshold: LIVENESS_FAILURE_THRESHOLD, timeoutSeconds: PROBE_TIMEOUT_SECONDS },
                readinessProbe: { httpGet: { path: props.readinessPath, port: 'http' }, periodSeconds: READINESS_PERIOD_SECONDS, failureThreshold: READINESS_FAILURE_THRESHOLD, timeoutSeconds: PROBE_TIMEOUT_SECONDS },
                securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                volumeMount: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volume: [{ name: 'tmp', emptyDir: { sizeLimit: TMP_SIZE_LIMIT } }],
          },
        },
      },
      // The HPA owns the replica count after creation.
      lifecycle: { ignoreChanges: ['spec[0].replicas'] },
    });

    this.service = new ServiceV1(this, 'service', {
      metadata: { ...metadata, labels: { ...labels, ...props.serviceLabels } },
      spec: { type: 'ClusterIP', selector: this.selector, port: [{ name: 'http', port: containerPort, targetPort: 'http', protocol: 'TCP' }] },
    });

    const scaling = props.scaling ?? {};
    this.autoscaler = new HorizontalPodAutoscalerV2(this, 'hpa', {
      metadata,
      spec: {
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.metadata.name },
        metric: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.targetCpuUtilizationPercent } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: props.targetMemoryUtilizationPercent ?? DEFAULT_TARGET_MEMORY_PERCENT } } },
          ...(props.targetRequestsPerSecondPerPod !== undefined ? [podsRpsHpaMetric(props.targetRequestsPerSecondPerPod)] : []),
        ],
        behavior: {
          scaleUp: [
            {
              stabilizationWindowSeconds: 0,
              selectPolicy: 'Max',
              policy: [{ type: 'Percent', value: scaling.scaleUpPercent ?? DEFAULT_SCALE_UP_PERCENT, periodSeconds: scaling.scaleUpPeriodSeconds ?? DEFAULT_SCALE_UP_PERIOD_SECONDS }],
            },
          ],
          scaleDown: [
            {
              stabilizationWindowSeconds: scaling.scaleDownStabilizationSeconds ?? DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS,
              selectPolicy: 'Min',
              policy: [{ type: 'Percent', value: scaling.scaleDownPercent ?? DEFAULT_SCALE_DOWN_PERCENT, periodSeconds: scaling.scaleDownPeriodSeconds ?? DEFAULT_SCALE_DOWN_PERIOD_SECONDS }],
            },
          ],
        },
      },
      dependsOn: (props.metricsApis ?? []).length > 0 ? [...props.metricsApis!] : undefined,
    });

    this.disruptionBudget = new PodDisruptionBudgetV1(this, 'pdb', {
      metadata,
      spec: { maxUnavailable: `${props.maxUnavailablePercent ?? DEFAULT_MAX_UNAVAILABLE_PERCENT}%`, selector: { matchLabels: this.selector } },
    });

    if (props.targetGroupArn) {
      this.targetGroupBinding = new Manifest(this, 'target-group-binding', {
        manifest: {
          apiVersion: 'elbv2.k8s.aws/v1beta1',
          kind: 'TargetGroupBinding',
          metadata: { name, namespace, labels },
          spec: { serviceRef: { name: this.service.metadata.name, port: containerPort }, targetGroupARN: props.targetGroupArn, targetType: 'ip' },
        },
        // The TargetGroupBinding kind exists once the controller's chart has installed its CRDs.
        dependsOn: props.loadBalancerController ? [props.loadBalancerController] : undefined,
      });
    }
  }

  /** The sizes: each explicit prop, else the capacity slice's; both and different is an error. */
  private sized(props: ServiceWorkloadProps): SizedServiceWorkloadProps {
    const plan = props.capacity;
    checkPlanSlice(this, 'capacity', plan);
    if (plan !== undefined && typeof props.name === 'string' && plan.name !== props.name) {
      invalid(this, 'capacity.name', plan.name, `is not this workload's service ("${props.name}"): the slice sizes another service`, `pass plan.services['${props.name}']`);
    }
    const cpuRequestMillicores = plannedRequired(this, 'cpuRequestMillicores', props.cpuRequestMillicores, plan?.cpuRequestMillicores, 'cpuRequestMillicores: 500');
    if (plan !== undefined && typeof props.cpuLimitFactor === 'number' && Math.round(cpuRequestMillicores * props.cpuLimitFactor) !== plan.cpuLimitMillicores) {
      invalid(
        this,
        'cpuLimitFactor',
        props.cpuLimitFactor,
        `contradicts the capacity plan (capacity gives a CPU limit of ${plan.cpuLimitMillicores}m for a ${cpuRequestMillicores}m request)`,
        'leave cpuLimitFactor out to take the plan\'s limit, or leave capacity out and size the workload yourself',
      );
    }
    return {
      ...props,
      minReplicas: plannedRequired(this, 'minReplicas', props.minReplicas, plan?.minReplicas, 'minReplicas: 3'),
      maxReplicas: plannedRequired(this, 'maxReplicas', props.maxReplicas, plan?.maxReplicas, 'maxReplicas: 30'),
      cpuRequestMillicores,
      memoryRequestMiB: plannedRequired(this, 'memoryRequestMiB', props.memoryRequestMiB, plan?.memoryRequestMiB, 'memoryRequestMiB: 512'),
      targetCpuUtilizationPercent: plannedRequired(this, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, plan?.targetCpuUtilizationPercent, 'targetCpuUtilizationPercent: 60'),
      targetRequestsPerSecondPerPod: planned(this, 'targetRequestsPerSecondPerPod', props.targetRequestsPerSecondPerPod, plan?.targetRequestsPerSecondPerPod),
    };
  }

  private validate(props: SizedServiceWorkloadProps): void {
    checkName(this, 'name', props.name, { maxLength: DNS_1123_LABEL_MAX, pattern: DNS_1123_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'Kubernetes name' });
    checkName(this, 'namespace', props.namespace, { maxLength: DNS_1123_LABEL_MAX, pattern: DNS_1123_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'namespace' });
    checkString(this, 'image', props.image, true);
    checkInteger(this, 'containerPort', props.containerPort, { min: 1024, max: 65535, limit: 'the container runs as non-root, so only unprivileged ports' });
    for (const key of ['livenessPath', 'readinessPath'] as const) {
      if (typeof props[key] !== 'string' || !props[key].startsWith('/')) invalid(this, key, props[key], 'is not an absolute HTTP path', 'pass a path such as "/health/ready"');
    }
    checkInteger(this, 'minReplicas', props.minReplicas, { min: 1, limit: 'an HPA needs at least one replica' });
    checkInteger(this, 'maxReplicas', props.maxReplicas, { min: 1 });
    checkMinMax(this, 'minReplicas', props.minReplicas, 'maxReplicas', props.maxReplicas);
    checkInteger(this, 'cpuRequestMillicores', props.cpuRequestMillicores, { min: 1 });
    checkInteger(this, 'memoryRequestMiB', props.memoryRequestMiB, { min: 1 });
    checkNumber(this, 'cpuLimitFactor', props.cpuLimitFactor, { min: 1, max: 16 });
    checkInteger(this, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, { min: 1, max: 100 });
    checkNumber(this, 'targetRequestsPerSecondPerPod', props.targetRequestsPerSecondPerPod, { min: 1, limit: 'an HPA AverageValue target of at least one request per second' });
    checkInteger(this, 'targetMemoryUtilizationPercent', props.targetMemoryUtilizationPercent, { min: 1, max: 100 });
    checkInteger(this, 'maxUnavailablePercent', props.maxUnavailablePercent, { min: 1, max: 100 });
    const s = props.scaling ?? {};
    checkInteger(this, 'scaling.scaleUpPercent', s.scaleUpPercent, { min: 1 });
    checkInteger(this, 'scaling.scaleDownPercent', s.scaleDownPercent, { min: 1, max: 100 });
    checkInteger(this, 'scaling.scaleUpPeriodSeconds', s.scaleUpPeriodSeconds, { min: 1, max: MAX_POLICY_PERIOD_SECONDS, limit: 'Kubernetes accepts 1 to 1800 s' });
    checkInteger(this, 'scaling.scaleDownPeriodSeconds', s.scaleDownPeriodSeconds, { min: 1, max: MAX_POLICY_PERIOD_SECONDS, limit: 'Kubernetes accepts 1 to 1800 s' });
    checkInteger(this, 'scaling.scaleDownStabilizationSeconds', s.scaleDownStabilizationSeconds, { min: 0, max: MAX_STABILIZATION_SECONDS, limit: 'Kubernetes accepts 0 to 3600 s' });
    checkInteger(this, 'shutdownSeconds', props.shutdownSeconds, { min: 1 });
    checkInteger(this, 'drainSeconds', props.drainSeconds, { min: 0 });
    for (const [key, envName] of [['databaseUser', 'DATABASE_USER'], ['cacheUser', 'CACHE_USER']] as const) {
      const user = props.identity?.[key];
      checkString(this, `identity.${key}`, user);
      if (user !== undefined && props.env?.[envName] !== undefined) {
        invalid(this, `env.${envName}`, props.env[envName], `collides with identity.${key}, which sets it`, `drop env.${envName}`);
      }
    }
    const deregistration = props.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS;
    const drain = props.drainSeconds ?? DEFAULT_DRAIN_SECONDS;
    if (props.targetGroupArn && drain < deregistration + DEREGISTRATION_PROPAGATION_SECONDS) {
      invalid(
        this,
        'drainSeconds',
        drain,
        `is shorter than the load balancer's deregistration delay (${deregistration} s) plus ${DEREGISTRATION_PROPAGATION_SECONDS} s for the controller to deregister the pod: clients would see reset connections`,
        `use at least ${deregistration + DEREGISTRATION_PROPAGATION_SECONDS}`,
      );
    }
  }
}

/** Props with every required size resolved (explicit or from `capacity`). */
type SizedServiceWorkloadProps = ServiceWorkloadProps & {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuRequestMillicores: number;
  readonly memoryRequestMiB: number;
  readonly targetCpuUtilizationPercent: number;
};
