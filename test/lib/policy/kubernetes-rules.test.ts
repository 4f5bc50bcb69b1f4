import { ALL_RULES } from '../../../lib/policy';
import { imageReference, POD_RESOURCE_TYPES } from '../../../lib/policy/rules/kubernetes-pod';
import { checkResources, FAIL, NOT_APPLICABLE, outcomeOf, PASS, Resources, UNKNOWN } from '../../support/policy';

/**
 * The Kubernetes rules on Terraform JSON as the kubernetes provider's resources synthesize:
 * a hardened pod passes every rule, and each case changes one field.
 */
type Attrs = Record<string, unknown>;
const DIGEST = `sha256:${'0'.repeat(64)}`;
const CONTAINER: Attrs = {
  name: 'app',
  image: `registry.example.com/app:1.4.2@${DIGEST}`,
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
  liveness_probe: { http_get: { path: '/health/live', port: '8080' } },
  readiness_probe: { http_get: { path: '/health/ready', port: '8080' } },
  security_context: { allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } },
};
const POD: Attrs = { automount_service_account_token: false, security_context: { run_as_non_root: true, run_as_user: '65532', seccomp_profile: { type: 'RuntimeDefault' } } };
const EXPRESSION = '${var.x}';

/** A Deployment whose pod spec is POD with `pod` merged over it, and whose only container is CONTAINER with `container` merged over it. */
const deployment = (pod: Attrs = {}, container: Attrs = {}, metadata: Attrs = { name: 'app', namespace: 'services' }): Resources => ({
  kubernetes_deployment_v1: {
    d: { metadata, spec: { selector: { match_labels: { app: 'app' } }, template: { metadata: { labels: { app: 'app' } }, spec: { ...POD, container: [{ ...CONTAINER, ...container }], ...pod } } } },
  },
});
const securityContext = (extra: Attrs) => ({ security_context: { ...(CONTAINER.security_context as Attrs), ...extra } });
const check = (id: string, pod: Attrs = {}, container: Attrs = {}) => outcomeOf(id, deployment(pod, container));
const K8S_RULES = ALL_RULES.filter((r) => r.id.startsWith('CKV_K8S_'));

test('GIVEN the hardened Deployment THEN every Kubernetes rule passes (CKV_K8S_43 included: the image is pinned by digest)', () => {
  expect(K8S_RULES.map((r) => [r.id, outcomeOf(r.id, deployment())])).toEqual(K8S_RULES.map((r) => [r.id, PASS]));
});

describe('where the pod spec is: every pod-bearing type', () => {
  const privileged = { ...CONTAINER, ...securityContext({ privileged: true }) };
  const podSpec = { ...POD, container: [privileged] };
  const TEMPLATES: Record<string, Attrs> = {
    kubernetes_pod: podSpec,
    kubernetes_pod_v1: podSpec,
    kubernetes_cron_job: { job_template: { spec: { template: { spec: podSpec } } } },
    kubernetes_cron_job_v1: { job_template: { spec: { template: { spec: podSpec } } } },
  };
  test.each([...POD_RESOURCE_TYPES])('GIVEN a privileged container in a %s THEN CKV_K8S_16 finds it', (type) => {
    const spec = TEMPLATES[type] ?? { template: { spec: podSpec } };
    expect(outcomeOf('CKV_K8S_16', { [type]: { w: { metadata: { name: 'w', namespace: 'services' }, spec } } })).toEqual(FAIL('container "app": security_context.privileged is true'));
  });

  test('THEN the pod-bearing types are exactly the provider types that run pods', () => {
    expect([...POD_RESOURCE_TYPES].sort()).toEqual(
      ['pod', 'deployment', 'stateful_set', 'replication_controller', 'job', 'cron_job'].flatMap((t) => [`kubernetes_${t}`, `kubernetes_${t}_v1`]).concat(['kubernetes_daemonset', 'kubernetes_daemon_set_v1']).sort(),
    );
  });

  test('GIVEN a Job or CronJob without probes THEN the probe rules do not read it; a Deployment without them fails', () => {
    const job = { kubernetes_job_v1: { j: { metadata: { name: 'j', namespace: 'services' }, spec: { template: { spec: { ...POD, container: [{ ...CONTAINER, liveness_probe: undefined }] } } } } } };
    expect(checkResources('CKV_K8S_8', job)).toEqual([]);
    expect(checkResources('CKV_K8S_9', { kubernetes_cron_job: { c: { spec: {} } } })).toEqual([]);
    expect(check('CKV_K8S_8', {}, { liveness_probe: undefined })).toEqual(FAIL('container "app": no liveness_probe'));
    expect(check('CKV_K8S_9', {}, { readiness_probe: undefined })).toEqual(FAIL('container "app": no readiness_probe'));
    expect(outcomeOf('CKV_K8S_8', { kubernetes_stateful_set_v1: { s: { spec: { template: { spec: { ...POD, container: [{ ...CONTAINER, liveness_probe: undefined }] } } } } } })).toEqual(
      FAIL('container "app": no liveness_probe'),
    );
  });

  test.each([
    [{ spec: {} }, UNKNOWN('the pod spec is not a literal block (an expression or a missing template)')],
    [{ spec: { template: EXPRESSION } }, UNKNOWN('the pod spec is not a literal block (an expression or a missing template)')],
    [{}, UNKNOWN('the pod spec is not a literal block (an expression or a missing template)')],
  ])('GIVEN a Deployment with %j THEN container rules cannot judge it', (config, expected) => {
    expect(outcomeOf('CKV_K8S_16', { kubernetes_deployment_v1: { d: config } })).toEqual(expected);
    expect(outcomeOf('CKV_K8S_17', { kubernetes_deployment_v1: { d: config } })).toEqual(expected);
  });

  test.each([
    [{ dynamic: { container: {} } }, UNKNOWN('the containers are generated at apply time (a dynamic block or an expression)')],
    [{ container: EXPRESSION }, UNKNOWN('the containers are generated at apply time (a dynamic block or an expression)')],
    [{ init_container: EXPRESSION }, UNKNOWN('the containers are generated at apply time (a dynamic block or an expression)')],
    [{ container: [] }, UNKNOWN('the pod spec lists no container')],
  ])('GIVEN a pod spec with %j THEN the outcome is unknown', (pod, expected) => {
    expect(check('CKV_K8S_16', pod)).toEqual(expected);
  });

  test('GIVEN an init container that is an expression THEN rules on main containers only still judge', () => {
    expect(check('CKV_K8S_8', { init_container: EXPRESSION })).toEqual(PASS);
  });
});

describe('how container verdicts fold', () => {
  const containers = (...list: Attrs[]) => ({ container: list.map((c) => ({ ...CONTAINER, ...c })) });

  test('GIVEN two failing containers THEN both are named; an unnamed one by its index', () => {
    expect(check('CKV_K8S_16', containers({ name: 'a', ...securityContext({ privileged: true }) }, { name: undefined, ...securityContext({ privileged: 'true' }) }))).toEqual(
      FAIL('container "a": security_context.privileged is true; container "#1": security_context.privileged is true'),
    );
  });

  test('GIVEN one failing and one unknown container THEN it fails; two unknown are unknown together', () => {
    expect(check('CKV_K8S_16', containers({ name: 'a', ...securityContext({ privileged: EXPRESSION }) }, { name: 'b', ...securityContext({ privileged: true }) }))).toEqual(
      FAIL('container "b": security_context.privileged is true'),
    );
    expect(check('CKV_K8S_16', containers({ name: 'a', ...securityContext({ privileged: EXPRESSION }) }, { name: 'b', ...securityContext({ privileged: EXPRESSION }) }))).toEqual(
      UNKNOWN('container "a": security_context.privileged is an expression; container "b": security_context.privileged is an expression'),
    );
  });

  test('GIVEN an init container THEN it is checked and named as one', () => {
    expect(check('CKV_K8S_16', { init_container: [{ ...CONTAINER, name: 'setup', ...securityContext({ privileged: true }) }] })).toEqual(FAIL('init container "setup": security_context.privileged is true'));
  });
});

describe('container security context', () => {
  test.each([
    ['CKV_K8S_16', { privileged: false }, PASS],
    ['CKV_K8S_16', { privileged: EXPRESSION }, UNKNOWN('container "app": security_context.privileged is an expression')],
    ['CKV_K8S_20', { allow_privilege_escalation: 'false' }, PASS],
    ['CKV_K8S_20', { allow_privilege_escalation: undefined }, FAIL('container "app": security_context.allow_privilege_escalation is unset (Kubernetes then allows setuid escalation)')],
    ['CKV_K8S_20', { allow_privilege_escalation: true }, FAIL('container "app": security_context.allow_privilege_escalation is true')],
    ['CKV_K8S_20', { allow_privilege_escalation: EXPRESSION }, UNKNOWN('container "app": security_context.allow_privilege_escalation is an expression')],
    ['CKV_K8S_22', { read_only_root_filesystem: 'true' }, PASS],
    ['CKV_K8S_22', { read_only_root_filesystem: undefined }, FAIL('container "app": security_context.read_only_root_filesystem is unset (the root file system is writable)')],
    ['CKV_K8S_22', { read_only_root_filesystem: false }, FAIL('container "app": security_context.read_only_root_filesystem is false')],
    ['CKV_K8S_22', { read_only_root_filesystem: 'no' }, FAIL('container "app": security_context.read_only_root_filesystem is "no"')],
  ])('GIVEN %s with %j THEN %j', (id, extra, expected) => {
    expect(check(id, {}, securityContext(extra))).toEqual(expected);
  });

  test('GIVEN no security context at all THEN the flag rules fail as unset', () => {
    expect(check('CKV_K8S_20', {}, { security_context: undefined })).toEqual(FAIL('container "app": security_context.allow_privilege_escalation is unset (Kubernetes then allows setuid escalation)'));
  });
});

describe('CKV_K8S_28 (NET_RAW) and CKV_K8S_25 (added capabilities)', () => {
  const caps = (capabilities: unknown) => securityContext({ capabilities });

  test.each([
    [{ drop: ['ALL'] }, PASS, PASS],
    [{ drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, PASS, PASS],
    [{ drop: ['ALL'], add: ['cap_net_bind_service'] }, PASS, PASS],
    [{ drop: ['ALL'], add: ['NET_RAW'] }, FAIL('container "app": capabilities.add gives back NET_RAW'), FAIL('container "app": capabilities.add adds NET_RAW')],
    [{ drop: ['ALL'], add: ['cap_net_raw', 'ALL'] }, FAIL('container "app": capabilities.add gives back cap_net_raw, ALL'), FAIL('container "app": capabilities.add adds cap_net_raw, ALL')],
    [{ drop: ['ALL'], add: ['SYS_ADMIN'] }, PASS, FAIL('container "app": capabilities.add adds SYS_ADMIN')],
    // CAP_ is stripped only as a prefix: inside a name it is no alias of an allowed capability.
    [{ drop: ['ALL'], add: ['NET_CAP_BIND_SERVICE'] }, PASS, FAIL('container "app": capabilities.add adds NET_CAP_BIND_SERVICE')],
    [{ drop: ['ALL'], add: ['NET_CAP_RAW'] }, PASS, FAIL('container "app": capabilities.add adds NET_CAP_RAW')],
    [{ drop: ['NET_RAW'] }, FAIL('container "app": capabilities.drop is ["NET_RAW"], without "ALL"'), PASS],
    [{ drop: ['all'] }, FAIL('container "app": capabilities.drop is ["all"], without "ALL"'), PASS],
    [{}, FAIL('container "app": capabilities.drop is unset (the runtime grants NET_RAW by default)'), PASS],
    [undefined, FAIL('container "app": capabilities.drop is unset (the runtime grants NET_RAW by default)'), PASS],
    [{ drop: EXPRESSION }, UNKNOWN('container "app": capabilities.drop is an expression'), PASS],
    [{ drop: ['ALL', EXPRESSION] }, UNKNOWN('container "app": capabilities.drop is an expression'), PASS],
    [{ drop: [EXPRESSION] }, UNKNOWN('container "app": capabilities.drop is an expression'), PASS],
    [{ drop: ['ALL'], add: EXPRESSION }, UNKNOWN('container "app": capabilities.add is an expression'), UNKNOWN('container "app": capabilities.add is an expression')],
    [{ drop: ['ALL'], add: ['NET_BIND_SERVICE', EXPRESSION] }, UNKNOWN('container "app": capabilities.add is an expression'), UNKNOWN('container "app": capabilities.add is an expression')],
  ])('GIVEN capabilities %j THEN CKV_K8S_28 is %j and CKV_K8S_25 is %j', (capabilities, netRaw, added) => {
    expect(check('CKV_K8S_28', {}, caps(capabilities))).toEqual(netRaw);
    expect(check('CKV_K8S_25', {}, caps(capabilities))).toEqual(added);
  });
});

describe('CKV_K8S_23: non-root, judged as the restricted Pod Security Standard', () => {
  const podContext = (extra: Attrs) => ({ security_context: { seccomp_profile: { type: 'RuntimeDefault' }, ...extra } });

  test.each([
    [{ run_as_non_root: true }, {}, PASS],
    [{ run_as_non_root: 'true', run_as_user: 1000 }, {}, PASS],
    [{}, { run_as_non_root: true }, PASS],
    [{}, {}, FAIL('container "app": run_as_non_root is unset on the container and on the pod (the image decides; a non-zero run_as_user alone does not satisfy the restricted standard)')],
    [{}, { run_as_user: '1000' }, FAIL('container "app": run_as_non_root is unset on the container and on the pod (the image decides; a non-zero run_as_user alone does not satisfy the restricted standard)')],
    [{ run_as_non_root: true }, { run_as_non_root: false }, FAIL('container "app": security_context.run_as_non_root is false')],
    [{ run_as_non_root: true }, { run_as_user: '0' }, FAIL('container "app": security_context.run_as_user is 0 (root)')],
    [{ run_as_non_root: true }, { run_as_user: 0 }, FAIL('container "app": security_context.run_as_user is 0 (root)')],
    [{ run_as_non_root: true }, { run_as_user: EXPRESSION }, UNKNOWN('container "app": security_context.run_as_non_root or run_as_user is an expression')],
    [{}, { run_as_non_root: EXPRESSION }, UNKNOWN('container "app": security_context.run_as_non_root or run_as_user is an expression')],
    [{ run_as_non_root: EXPRESSION }, {}, UNKNOWN('container "app": run_as_non_root is an expression')],
    [{ run_as_non_root: EXPRESSION }, { run_as_non_root: true }, UNKNOWN('pod security_context.run_as_non_root or run_as_user is an expression')],
    [{ run_as_non_root: false }, { run_as_non_root: true }, FAIL('pod security_context.run_as_non_root is false (the restricted standard rejects it even where containers override it)')],
    [{ run_as_non_root: true, run_as_user: '0' }, { run_as_user: '1000' }, FAIL('pod security_context.run_as_user is 0 (root) (the restricted standard rejects it even where containers override it)')],
  ])('GIVEN the pod %j and the container %j THEN %j', (pod, container, expected) => {
    expect(check('CKV_K8S_23', podContext(pod), securityContext(container))).toEqual(expected);
  });

  test('GIVEN security contexts that are expressions THEN it is unknown, not a pass', () => {
    expect(check('CKV_K8S_23', { security_context: EXPRESSION })).toEqual(UNKNOWN('the pod security_context is an expression'));
    expect(check('CKV_K8S_23', {}, { security_context: EXPRESSION })).toEqual(UNKNOWN('container "app": security_context is an expression'));
    expect(outcomeOf('CKV_K8S_23', { kubernetes_deployment_v1: { d: { spec: { template: {} } } } })).toEqual(UNKNOWN('the pod spec is not a literal block (an expression or a missing template)'));
  });

  test('GIVEN no pod security context and a container that sets runAsNonRoot THEN it passes', () => {
    expect(check('CKV_K8S_23', { security_context: undefined }, securityContext({ run_as_non_root: true }))).toEqual(PASS);
  });
});

describe('CKV_K8S_31: seccomp', () => {
  test.each([
    [{ type: 'RuntimeDefault' }, undefined, PASS],
    [{ type: 'Localhost', localhost_profile: 'p.json' }, undefined, PASS],
    [undefined, { type: 'RuntimeDefault' }, PASS],
    [{ type: 'RuntimeDefault' }, { type: 'Unconfined' }, FAIL('container "app": seccomp_profile.type is "Unconfined"')],
    [{ type: 'Unconfined' }, undefined, FAIL('container "app": seccomp_profile.type is "Unconfined"')],
    [{ type: 'Unconfined' }, { type: 'Localhost' }, PASS],
    [undefined, undefined, FAIL('container "app": no seccomp_profile (the container runs Unconfined)')],
    [{ type: EXPRESSION }, undefined, UNKNOWN('container "app": seccomp_profile.type is an expression')],
  ])('GIVEN the pod profile %j and the container profile %j THEN %j', (pod, container, expected) => {
    expect(check('CKV_K8S_31', { security_context: { run_as_non_root: true, seccomp_profile: pod } }, securityContext({ seccomp_profile: container }))).toEqual(expected);
  });
});

describe('host namespaces and the service account token', () => {
  test.each([
    ['CKV_K8S_17', 'host_pid'],
    ['CKV_K8S_18', 'host_ipc'],
    ['CKV_K8S_19', 'host_network'],
  ])('GIVEN %s THEN %s true fails, an expression is unknown, false or unset passes', (id, key) => {
    expect(check(id, { [key]: true })).toEqual(FAIL(`${key} is true`));
    expect(check(id, { [key]: 'true' })).toEqual(FAIL(`${key} is true`));
    expect(check(id, { [key]: EXPRESSION })).toEqual(UNKNOWN(`${key} is an expression`));
    expect(check(id, { [key]: false })).toEqual(PASS);
    expect(check(id)).toEqual(PASS);
  });

  test.each([
    [{ automount_service_account_token: false }, PASS],
    [{ automount_service_account_token: 'false' }, PASS],
    [{ automount_service_account_token: true }, FAIL('automount_service_account_token is true')],
    [{ automount_service_account_token: undefined }, FAIL('automount_service_account_token is unset (the provider defaults it to true)')],
    [{ automount_service_account_token: EXPRESSION }, UNKNOWN('automount_service_account_token is an expression')],
  ])('GIVEN %j THEN CKV_K8S_50 is %j', (pod, expected) => {
    expect(check('CKV_K8S_50', pod)).toEqual(expected);
  });

  test('GIVEN no literal pod spec THEN CKV_K8S_50 is unknown', () => {
    expect(outcomeOf('CKV_K8S_50', { kubernetes_pod_v1: { p: {} } })).toEqual(UNKNOWN('the pod spec is not a literal block'));
  });
});

describe('resources: CKV_K8S_10 (CPU request), CKV_K8S_13 (memory request), CKV_K8S_12 (memory limit)', () => {
  test.each([
    ['CKV_K8S_10', { requests: { memory: '1Gi' }, limits: { memory: '1Gi' } }, FAIL('container "app": resources.requests.cpu is not set')],
    ['CKV_K8S_10', { requests: { cpu: EXPRESSION } }, UNKNOWN('container "app": resources.requests.cpu is an expression')],
    ['CKV_K8S_10', { requests: EXPRESSION }, UNKNOWN('container "app": resources.requests.cpu is an expression')],
    ['CKV_K8S_10', { requests: { cpu: 1 } }, PASS],
    ['CKV_K8S_13', { requests: { cpu: '1' } }, FAIL('container "app": resources.requests.memory is not set')],
    ['CKV_K8S_13', { requests: { memory: '' } }, FAIL('container "app": resources.requests.memory is not set')],
    ['CKV_K8S_12', { requests: { cpu: '1', memory: '1Gi' } }, FAIL('container "app": resources.limits.memory is not set')],
    ['CKV_K8S_12', { limits: { memory: EXPRESSION } }, UNKNOWN('container "app": resources.limits.memory is an expression')],
    ['CKV_K8S_12', { limits: EXPRESSION }, UNKNOWN('container "app": resources.limits.memory is an expression')],
  ])('GIVEN %s and resources %j THEN %j', (id, resources, expected) => {
    expect(check(id, {}, { resources })).toEqual(expected);
  });

  test('GIVEN no resources block THEN all three fail', () => {
    expect(['CKV_K8S_10', 'CKV_K8S_13', 'CKV_K8S_12'].map((id) => check(id, {}, { resources: undefined }))).toEqual([
      FAIL('container "app": resources.requests.cpu is not set'),
      FAIL('container "app": resources.requests.memory is not set'),
      FAIL('container "app": resources.limits.memory is not set'),
    ]);
  });
});

describe('images: CKV_K8S_14 (a fixed tag) and CKV_K8S_43 (a digest)', () => {
  test.each([
    ['nginx:1.27.3', PASS, FAIL('container "app": nginx:1.27.3 is not pinned by digest (@sha256:...)')],
    [`nginx@${DIGEST}`, PASS, PASS],
    [`nginx:latest@${DIGEST}`, PASS, PASS],
    ['nginx', FAIL('container "app": nginx has no tag (Kubernetes pulls "latest")'), FAIL('container "app": nginx is not pinned by digest (@sha256:...)')],
    ['nginx:', FAIL('container "app": nginx: has no tag (Kubernetes pulls "latest")'), FAIL('container "app": nginx: is not pinned by digest (@sha256:...)')],
    ['nginx:latest', FAIL('container "app": nginx:latest uses the "latest" tag'), FAIL('container "app": nginx:latest is not pinned by digest (@sha256:...)')],
    ['registry.example.com:5000/nginx', FAIL('container "app": registry.example.com:5000/nginx has no tag (Kubernetes pulls "latest")'), FAIL('container "app": registry.example.com:5000/nginx is not pinned by digest (@sha256:...)')],
    ['${aws_ecr_repository.r.repository_url}:1.0.0', PASS, FAIL('container "app": ${aws_ecr_repository.r.repository_url}:1.0.0 is not pinned by digest (@sha256:...)')],
    ['${var.image}', UNKNOWN('container "app": the tag of ${var.image} is part of an expression'), UNKNOWN('container "app": the tag of ${var.image} is part of an expression')],
    ['', FAIL('container "app": image is not set'), FAIL('container "app": image is not set')],
    [undefined, FAIL('container "app": image is not set'), FAIL('container "app": image is not set')],
    [null, FAIL('container "app": image is not set'), FAIL('container "app": image is not set')],
    [42, UNKNOWN('container "app": image is not a string'), UNKNOWN('container "app": image is not a string')],
  ])('GIVEN the image %p THEN CKV_K8S_14 is %j and CKV_K8S_43 is %j', (image, tag, digest) => {
    expect(check('CKV_K8S_14', {}, { image })).toEqual(tag);
    expect(check('CKV_K8S_43', {}, { image })).toEqual(digest);
  });

  test.each([
    ['nginx', { tag: undefined, digest: undefined, known: true }],
    ['nginx:1.27', { tag: '1.27', digest: undefined, known: true }],
    ['registry:5000/team/nginx', { tag: undefined, digest: undefined, known: true }],
    [`registry:5000/nginx:1.2@${DIGEST}`, { tag: '1.2', digest: DIGEST, known: true }],
    ['${repo}:1.0', { tag: '1.0', digest: undefined, known: true }],
    [`\${repo}@${DIGEST}`, { tag: undefined, digest: DIGEST, known: true }],
    ['${repo}', { tag: undefined, digest: undefined, known: false }],
    ['${repo}${var.suffix}', { tag: undefined, digest: undefined, known: false }],
    ['${repo}-suffix', { tag: undefined, digest: undefined, known: false }],
    ['${registry}/nginx', { tag: undefined, digest: undefined, known: true }],
    ['${registry}/nginx:2', { tag: '2', digest: undefined, known: true }],
    // A ":" or "/" inside the expression is not the image's: nothing after it is literal.
    ['${split(":", var.images)[0]}', { tag: undefined, digest: undefined, known: false }],
    ['${lookup(var.images, "team/app:1")}', { tag: undefined, digest: undefined, known: false }],
  ])('GIVEN %p THEN imageReference reads %j', (image, expected) => {
    expect(imageReference(image)).toEqual(expected);
  });
});

describe('CKV_K8S_21: not the default namespace', () => {
  test.each([
    ['services', PASS],
    ['default', FAIL('metadata.namespace is "default"')],
    [undefined, FAIL('metadata.namespace is unset, so the provider uses "default"')],
    ['', FAIL('metadata.namespace is unset, so the provider uses "default"')],
    [null, FAIL('metadata.namespace is unset, so the provider uses "default"')],
    ['${var.namespace}', UNKNOWN('metadata.namespace is ${var.namespace}, which this stack cannot resolve')],
  ])('GIVEN namespace %p THEN %j', (namespace, expected) => {
    expect(outcomeOf('CKV_K8S_21', deployment({}, {}, { name: 'app', namespace }))).toEqual(expected);
  });

  test.each([
    ['kubernetes_namespace_v1', 'default', FAIL('metadata.namespace is "default"')],
    ['kubernetes_namespace', 'services', PASS],
    ['kubernetes_namespace_v1', '${var.name}', UNKNOWN('metadata.namespace is ${kubernetes_namespace_v1.ns.metadata[0].name}, which this stack cannot resolve')],
    ['kubernetes_config_map_v1', 'services', UNKNOWN('metadata.namespace is ${kubernetes_config_map_v1.ns.metadata[0].name}, which this stack cannot resolve')],
  ])('GIVEN the namespace a %s named %p, by reference THEN %j', (type, name, expected) => {
    const resources = { ...deployment({}, {}, { name: 'app', namespace: `\${${type}.ns.metadata[0].name}` }), [type]: { ns: { metadata: { name } } } };
    expect(checkResources('CKV_K8S_21', resources).find((c) => c.address === 'kubernetes_deployment_v1.d')!.outcome).toEqual(expected);
  });

  test.each([
    ['kubernetes_service_v1'],
    ['kubernetes_secret'],
    ['kubernetes_network_policy_v1'],
    ['kubernetes_horizontal_pod_autoscaler_v2'],
    ['kubernetes_pod_disruption_budget_v1'],
    ['kubernetes_resource_quota_v1'],
    ['kubernetes_limit_range_v1'],
    ['kubernetes_service_account_v1'],
    ['kubernetes_role_binding'],
  ])('GIVEN a %s in the default namespace THEN it fails', (type) => {
    expect(outcomeOf('CKV_K8S_21', { [type]: { r: { metadata: { name: 'x', namespace: 'default' } } } })).toEqual(FAIL('metadata.namespace is "default"'));
  });

  test.each([
    ['ConfigMap', 'default', FAIL('metadata.namespace is "default"')],
    ['ConfigMap', 'services', PASS],
    ['TargetGroupBinding', undefined, UNKNOWN('manifest without metadata.namespace: the policy cannot tell whether its kind is namespaced')],
    ['ClusterRole', undefined, NOT_APPLICABLE('ClusterRole is cluster-scoped')],
    ['Namespace', 'default', NOT_APPLICABLE('Namespace is cluster-scoped')],
    ['CustomResourceDefinition', undefined, NOT_APPLICABLE('CustomResourceDefinition is cluster-scoped')],
    ['ValidatingWebhookConfiguration', undefined, NOT_APPLICABLE('ValidatingWebhookConfiguration is cluster-scoped')],
  ])('GIVEN a kubernetes_manifest of kind %s in %p THEN %j', (kind, namespace, expected) => {
    expect(outcomeOf('CKV_K8S_21', { kubernetes_manifest: { m: { manifest: { apiVersion: 'v1', kind, metadata: { name: 'x', namespace } } } } })).toEqual(expected);
  });

  test('GIVEN a cluster-scoped provider type THEN the rule does not read it', () => {
    expect(checkResources('CKV_K8S_21', { kubernetes_cluster_role_v1: { r: { metadata: { name: 'x' } } }, kubernetes_namespace_v1: { n: { metadata: { name: 'default' } } } })).toEqual([]);
  });
});
