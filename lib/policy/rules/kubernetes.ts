import { fail, notApplicable, pass, PolicyRule, Severity, unknown } from '../rule';
import { asList, asNumber, Attrs, block, isExpression, isFalse, isSet, isTrue, ResourceView, StackView } from '../stack-view';
import {
  checkContainers,
  checkPodFlagOff,
  Container,
  imageReference,
  LONG_RUNNING_POD_TYPES,
  POD_RESOURCE_TYPES,
  podSpecOf,
  problem,
  requireFlag,
  securityContextOf,
  unsure,
  Verdict,
} from './kubernetes-pod';

/**
 * Namespaced types of the Terraform kubernetes provider the default-namespace rule reads:
 * checkov's list for CKV_K8S_21 plus the other namespaced types this library creates.
 */
const NAMESPACED_TYPES = [
  ...POD_RESOURCE_TYPES,
  ...['service', 'secret', 'service_account', 'role', 'role_binding', 'config_map', 'ingress', 'persistent_volume_claim', 'network_policy', 'pod_disruption_budget', 'resource_quota', 'limit_range']
    .flatMap((t) => [`kubernetes_${t}`, `kubernetes_${t}_v1`]),
  'kubernetes_horizontal_pod_autoscaler',
  'kubernetes_horizontal_pod_autoscaler_v1',
  'kubernetes_horizontal_pod_autoscaler_v2',
  'kubernetes_horizontal_pod_autoscaler_v2beta2',
  'kubernetes_manifest',
];

/** Built-in cluster-scoped kinds: a kubernetes_manifest of these has no namespace to check. https://kubernetes.io/docs/reference/kubernetes-api/ */
const CLUSTER_SCOPED_KINDS = [
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'APIService', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration',
];
const NAMESPACE_TYPES = ['kubernetes_namespace', 'kubernetes_namespace_v1'];
const DEFAULT_NAMESPACE = 'default';

/** seccomp profile types that confine the container (Unconfined does not). https://kubernetes.io/docs/tutorials/security/seccomp/ */
const CONFINING_SECCOMP_PROFILES = ['RuntimeDefault', 'Localhost'];
/**
 * The restricted Pod Security Standard requires dropping ALL (and allows adding back only
 * NET_BIND_SERVICE): https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
const DROP_ALL = 'ALL';
/** Added capabilities that give raw sockets back (packet spoofing and sniffing on the node's network). */
const NET_RAW_GRANTS = ['ALL', 'NET_RAW'];
/** The one capability the restricted Pod Security Standard lets a container add back (same source as DROP_ALL). */
export const ADDABLE_CAPABILITIES = ['NET_BIND_SERVICE'];
const ROOT_UID = 0;

/** Container runtimes accept capability names with or without the CAP_ prefix, in any case. */
const capabilityName = (value: string): string => value.toUpperCase().replace(/^CAP_/, '');

/**
 * What the restricted Pod Security Standard rejects in one security context, whatever the
 * other level says: runAsNonRoot false or runAsUser 0. `owner` prefixes the field ("pod ").
 */
function rootVerdict(context: Attrs | undefined, owner: string): Verdict {
  const nonRoot = context?.run_as_non_root;
  const user = context?.run_as_user;
  if (isFalse(nonRoot)) return problem(`${owner}security_context.run_as_non_root is false`);
  if (asNumber(user) === ROOT_UID) return problem(`${owner}security_context.run_as_user is 0 (root)`);
  if (isExpression(nonRoot) || isExpression(user)) return unsure(`${owner}security_context.run_as_non_root or run_as_user is an expression`);
  return undefined;
}

/** The namespace a resource lands in: a literal, the name of a kubernetes_namespace it references, or unknown. */
function namespaceOf(r: ResourceView, stack: StackView): { readonly name?: string; readonly unknown?: string; readonly unset?: true } {
  const metadata = r.type === 'kubernetes_manifest' ? block(block(r.config.manifest)?.metadata) : block(r.config.metadata);
  const value = metadata?.namespace;
  if (value === undefined || value === null || value === '') return { unset: true };
  if (!isExpression(value)) return { name: String(value) };
  const target = stack.resolve(value);
  if (target && NAMESPACE_TYPES.includes(target.type)) {
    const name = block(target.config.metadata)?.name;
    if (typeof name === 'string' && !isExpression(name)) return { name };
  }
  return { unknown: `metadata.namespace is ${String(value)}, which this stack cannot resolve` };
}

/** Size quantity strings ("500m", "256Mi") and numbers are set; an expression is only known at apply time. */
function requireResource(c: Container, section: 'requests' | 'limits', resource: 'cpu' | 'memory'): Verdict {
  const resources = block(c.config.resources);
  const value = block(resources?.[section])?.[resource];
  if (isExpression(value) || isExpression(resources?.[section])) return unsure(`resources.${section}.${resource} is an expression`);
  return isSet(value) ? undefined : problem(`resources.${section}.${resource} is not set`);
}

/** The effective value of a field that the container's security context overrides from the pod's. */
function effective(c: Container, pod: Attrs, key: string): unknown {
  const own = securityContextOf(c)?.[key];
  return own !== undefined ? own : block(pod.security_context)?.[key];
}

/** An image reference with a usable tag or a digest. */
function imageVerdict(c: Container, requireDigest: boolean): Verdict {
  const image = c.config.image;
  if (image === undefined || image === null || image === '') return problem('image is not set');
  if (typeof image !== 'string') return unsure('image is not a string');
  const ref = imageReference(image);
  if (!ref.known) return unsure(`the tag of ${image} is part of an expression`);
  if (requireDigest) return ref.digest ? undefined : problem(`${image} is not pinned by digest (@sha256:...)`);
  if (ref.digest) return undefined;
  if (ref.tag === undefined || ref.tag === '') return problem(`${image} has no tag (Kubernetes pulls "latest")`);
  return ref.tag === 'latest' ? problem(`${image} uses the "latest" tag`) : undefined;
}

const ALL_CONTAINERS = { init: true };
/** The docs' name for POD_RESOURCE_TYPES and LONG_RUNNING_POD_TYPES. */
const PODS = 'pod-bearing `kubernetes_*` types';
const LONG_RUNNING_PODS = 'pod-bearing `kubernetes_*` types except jobs and cron jobs';
const NAMESPACED = 'namespaced `kubernetes_*` types and `kubernetes_manifest`';
const MAIN_CONTAINERS = { init: false };

export const KUBERNETES_RULES: PolicyRule[] = [
  {
    id: 'CKV_K8S_16',
    title: 'Do not admit privileged containers',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'remove securityContext.privileged (or set it to false); grant the one capability the process needs instead',
    deviation: 'Applied to every pod-bearing type and to init containers; checkov reads pods and deployments, main containers only.',
    check: (r) =>
      checkContainers(r, ALL_CONTAINERS, (c) => {
        const value = securityContextOf(c)?.privileged;
        if (isExpression(value)) return unsure('security_context.privileged is an expression');
        return isTrue(value) ? problem('security_context.privileged is true') : undefined;
      }),
  },
  {
    id: 'CKV_K8S_20',
    title: 'Containers should not run with allowPrivilegeEscalation',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set securityContext.allowPrivilegeEscalation: false on every container (the restricted Pod Security Standard requires it)',
    deviation:
      'Requires an explicit false, on init containers too: Kubernetes allows escalation when the field is unset, and a namespace enforcing the restricted Pod Security Standard rejects such pods. Checkov fails only an explicit true.',
    check: (r) => checkContainers(r, ALL_CONTAINERS, (c) => requireFlag(c, 'allow_privilege_escalation', false, 'Kubernetes then allows setuid escalation')),
  },
  {
    id: 'CKV_K8S_23',
    title: 'Minimize the admission of root containers',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod (a container may override them, never with false or 0)',
    deviation:
      "Checkov has this check for Kubernetes manifests only (no Terraform-provider version); the id and title are the manifest check's. Judged as the restricted Pod Security Standard, which NamespaceBaseline enforces, admits pods: every container's effective runAsNonRoot (its own, else the pod's) must be true, and neither the pod nor a container may set runAsNonRoot false or runAsUser 0. Checkov also passes a container whose runAsUser is above 0 without runAsNonRoot; the restricted standard rejects it.",
    check(r) {
      const pod = podSpecOf(r);
      if (!pod) return unknown('the pod spec is not a literal block (an expression or a missing template)');
      if (isExpression(pod.security_context)) return unknown('the pod security_context is an expression');
      const podVerdict = rootVerdict(block(pod.security_context), 'pod ');
      if (podVerdict && !podVerdict.unknown) return fail(`${podVerdict.problem} (the restricted standard rejects it even where containers override it)`);
      const outcome = checkContainers(r, ALL_CONTAINERS, (c) => {
        if (isExpression(c.config.security_context)) return unsure('security_context is an expression');
        const verdict = rootVerdict(securityContextOf(c), '');
        if (verdict) return verdict;
        const nonRoot = effective(c, pod, 'run_as_non_root');
        if (isExpression(nonRoot)) return unsure('run_as_non_root is an expression');
        return isTrue(nonRoot) ? undefined : problem('run_as_non_root is unset on the container and on the pod (the image decides; a non-zero run_as_user alone does not satisfy the restricted standard)');
      });
      return podVerdict && outcome.status === 'pass' ? unknown(podVerdict.problem) : outcome;
    },
  },
  {
    id: 'CKV_K8S_22',
    title: 'Use read-only filesystem for containers where possible',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes (/tmp, caches)',
    deviation: 'Requires an explicit true on every container, init containers included; checkov passes a container without a security_context.',
    check: (r) => checkContainers(r, ALL_CONTAINERS, (c) => requireFlag(c, 'read_only_root_filesystem', true, 'the root file system is writable')),
  },
  {
    id: 'CKV_K8S_28',
    title: 'Minimize the admission of containers with the NET_RAW capability',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set securityContext.capabilities.drop: ["ALL"] and add back only NET_BIND_SERVICE, if the process binds a port below 1024',
    deviation:
      'Applied to every pod-bearing type and to init containers. Requires drop ["ALL"], as the restricted Pod Security Standard (enforced by NamespaceBaseline) does; checkov also accepts drop ["NET_RAW"]. Fails when add gives NET_RAW or ALL back, which checkov does not read.',
    check: (r) =>
      checkContainers(r, ALL_CONTAINERS, (c) => {
        const capabilities = block(securityContextOf(c)?.capabilities);
        const drop = capabilities?.drop;
        const add = capabilities?.add;
        if (isExpression(add) || asList(add).some(isExpression)) return unsure('capabilities.add is an expression');
        const readded = asList(add).map(String).filter((a) => NET_RAW_GRANTS.includes(capabilityName(a)));
        if (readded.length) return problem(`capabilities.add gives back ${readded.join(', ')}`);
        if (isExpression(drop) || asList(drop).some(isExpression)) return unsure('capabilities.drop is an expression');
        if (asList(drop).some((d) => String(d) === DROP_ALL)) return undefined;
        return problem(drop === undefined ? 'capabilities.drop is unset (the runtime grants NET_RAW by default)' : `capabilities.drop is ${JSON.stringify(drop)}, without "ALL"`);
      }),
  },
  {
    id: 'CKV_K8S_25',
    title: 'Minimize the admission of containers with added capability',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'remove capabilities.add, or add back only NET_BIND_SERVICE (to bind a port below 1024); run privileged work outside the pod',
    deviation:
      'Applied to every pod-bearing type and to init containers. Allows adding NET_BIND_SERVICE, as the restricted Pod Security Standard (enforced by NamespaceBaseline) does; checkov fails any added capability.',
    check: (r) =>
      checkContainers(r, ALL_CONTAINERS, (c) => {
        const add = block(securityContextOf(c)?.capabilities)?.add;
        if (isExpression(add) || asList(add).some(isExpression)) return unsure('capabilities.add is an expression');
        const added = asList(add).map(String).filter((a) => !ADDABLE_CAPABILITIES.includes(capabilityName(a)));
        return added.length ? problem(`capabilities.add adds ${added.join(', ')}`) : undefined;
      }),
  },
  {
    id: 'CKV_K8S_31',
    title: 'Ensure that the seccomp profile is set to docker/default or runtime/default',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set the pod securityContext.seccompProfile: { type: "RuntimeDefault" }',
    deviation:
      "Checkov has this check for Kubernetes manifests only; the id and title are the manifest check's. Only the securityContext field counts (the seccomp annotations are deprecated since Kubernetes 1.19); a container's profile overrides the pod's.",
    check: (r) =>
      checkContainers(r, ALL_CONTAINERS, (c, pod) => {
        const own = block(securityContextOf(c)?.seccomp_profile);
        const profile = own ?? block(block(pod.security_context)?.seccomp_profile);
        const type = profile?.type;
        if (isExpression(type)) return unsure('seccomp_profile.type is an expression');
        if (CONFINING_SECCOMP_PROFILES.includes(String(type))) return undefined;
        return problem(type === undefined ? 'no seccomp_profile (the container runs Unconfined)' : `seccomp_profile.type is ${JSON.stringify(type)}`);
      }),
  },
  {
    id: 'CKV_K8S_17',
    title: 'Do not admit containers wishing to share the host process ID namespace',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'remove hostPID from the pod spec',
    check: (r) => checkPodFlagOff(r, 'host_pid'),
  },
  {
    id: 'CKV_K8S_18',
    title: 'Do not admit containers wishing to share the host IPC namespace',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'remove hostIPC from the pod spec',
    check: (r) => checkPodFlagOff(r, 'host_ipc'),
  },
  {
    id: 'CKV_K8S_19',
    title: 'Do not admit containers wishing to share the host network namespace',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'remove hostNetwork from the pod spec; expose the port through a Service',
    check: (r) => checkPodFlagOff(r, 'host_network'),
  },
  {
    id: 'CKV_K8S_50',
    title: 'Ensure pods are not automatically mounting service account tokens',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set automountServiceAccountToken: false in the pod spec; suppress the rule for pods that call the Kubernetes API',
    deviation:
      'Applied to every pod-bearing type; checkov reads pods and deployments. As in checkov, unset fails: the Terraform kubernetes provider sends automount_service_account_token = true by default, whatever the service account says.',
    check(r) {
      const pod = podSpecOf(r);
      if (!pod) return unknown('the pod spec is not a literal block');
      const value = pod.automount_service_account_token;
      if (isExpression(value)) return unknown('automount_service_account_token is an expression');
      if (isFalse(value)) return pass();
      return fail(value === undefined ? 'automount_service_account_token is unset (the provider defaults it to true)' : 'automount_service_account_token is true');
    },
  },
  {
    id: 'CKV_K8S_10',
    title: 'CPU requests should be set',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set resources.requests.cpu on every container (the scheduler and the HPA work from requests)',
    deviation: 'Every container and init container must set it; checkov stops at the first container that does.',
    check: (r) => checkContainers(r, ALL_CONTAINERS, (c) => requireResource(c, 'requests', 'cpu')),
  },
  {
    id: 'CKV_K8S_13',
    title: 'Memory requests should be set',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set resources.requests.memory on every container',
    deviation: 'Every container and init container must set it; checkov stops at the first container that does.',
    check: (r) => checkContainers(r, ALL_CONTAINERS, (c) => requireResource(c, 'requests', 'memory')),
  },
  {
    id: 'CKV_K8S_12',
    title: 'Memory Limits should be set',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'set resources.limits.memory on every container (this library sets it equal to the request)',
    deviation: 'Every container and init container must set it; checkov stops at the first container that does.',
    check: (r) => checkContainers(r, ALL_CONTAINERS, (c) => requireResource(c, 'limits', 'memory')),
  },
  {
    id: 'CKV_K8S_8',
    title: 'Liveness Probe Should be Configured',
    resourceTypes: LONG_RUNNING_POD_TYPES,
    resourceSummary: LONG_RUNNING_PODS,
    fix: 'add a livenessProbe to every container (HTTP or TCP); restarts recover a process that hangs',
    deviation: 'Every main container must have one (checkov stops at the first); Jobs and CronJobs are not checked, as in checkov\'s manifest check.',
    check: (r) => checkContainers(r, MAIN_CONTAINERS, (c) => (isSet(c.config.liveness_probe) ? undefined : problem('no liveness_probe'))),
  },
  {
    id: 'CKV_K8S_9',
    title: 'Readiness Probe Should be Configured',
    resourceTypes: LONG_RUNNING_POD_TYPES,
    resourceSummary: LONG_RUNNING_PODS,
    fix: 'add a readinessProbe to every container; without one a pod receives traffic as soon as it starts',
    deviation: 'Every main container must have one (checkov stops at the first); Jobs and CronJobs are not checked, as in checkov\'s manifest check.',
    check: (r) => checkContainers(r, MAIN_CONTAINERS, (c) => (isSet(c.config.readiness_probe) ? undefined : problem('no readiness_probe'))),
  },
  {
    id: 'CKV_K8S_14',
    title: 'Image Tag should be fixed - not latest or blank',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    fix: 'reference an exact release tag (`<repository>:1.4.2`) or a digest (`<repository>@sha256:...`)',
    deviation:
      'Init containers are checked too. An image built from an expression (`${repository_url}:1.4.2`) is judged by its literal tag; when the tag itself is an expression the outcome is unknown.',
    check: (r) => checkContainers(r, ALL_CONTAINERS, (c) => imageVerdict(c, false)),
  },
  {
    id: 'CKV_K8S_43',
    title: 'Image should use digest',
    resourceTypes: POD_RESOURCE_TYPES,
    resourceSummary: PODS,
    severity: Severity.WARNING,
    productionOnly: true,
    fix: 'pin the image by digest (`<repository>:1.4.2@sha256:...`), or suppress with the reason the tag cannot move (an ECR repository with IMMUTABLE tags)',
    deviation:
      'A production-only warning, not an error: a tag in a registry with immutable tags names one image as surely as a digest, and CKV_K8S_14 already rejects floating tags. Init containers are checked too.',
    check: (r) => checkContainers(r, ALL_CONTAINERS, (c) => imageVerdict(c, true)),
  },
  {
    id: 'CKV_K8S_21',
    title: 'The default namespace should not be used',
    resourceTypes: NAMESPACED_TYPES,
    resourceSummary: NAMESPACED,
    fix: 'set metadata.namespace to the workload\'s own namespace (NamespaceBaseline creates one with quotas and network policies)',
    deviation:
      "Also applied to HPAs, PDBs, network policies, resource quotas, limit ranges and kubernetes_manifest objects (cluster-scoped kinds excepted). A namespace given as a reference is read from the kubernetes_namespace it points at; one the stack cannot resolve is unknown.",
    check(r, stack) {
      if (r.type === 'kubernetes_manifest') {
        const kind = block(r.config.manifest)?.kind;
        if (typeof kind === 'string' && CLUSTER_SCOPED_KINDS.includes(kind)) return notApplicable(`${kind} is cluster-scoped`);
      }
      const namespace = namespaceOf(r, stack);
      if (namespace.unknown) return unknown(namespace.unknown);
      if (namespace.unset) {
        if (r.type === 'kubernetes_manifest') return unknown('manifest without metadata.namespace: the policy cannot tell whether its kind is namespaced');
        return fail('metadata.namespace is unset, so the provider uses "default"');
      }
      return namespace.name === DEFAULT_NAMESPACE ? fail('metadata.namespace is "default"') : pass();
    },
  },
];
