import { CheckOutcome, fail, pass, unknown } from '../rule';
import { Attr, Attrs, block, blocks, isExpression, isFalse, isTrue, ResourceView } from '../stack-view';

/**
 * Where each pod-bearing type of the Terraform kubernetes provider keeps its pod spec, as the
 * blocks between the resource's `spec` and the pod `spec` (hashicorp/kubernetes 2.x schemas).
 */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  kubernetes_pod: [],
  kubernetes_pod_v1: [],
  kubernetes_deployment: ['template'],
  kubernetes_deployment_v1: ['template'],
  kubernetes_stateful_set: ['template'],
  kubernetes_stateful_set_v1: ['template'],
  kubernetes_daemonset: ['template'],
  kubernetes_daemon_set_v1: ['template'],
  kubernetes_replication_controller: ['template'],
  kubernetes_replication_controller_v1: ['template'],
  kubernetes_job: ['template'],
  kubernetes_job_v1: ['template'],
  kubernetes_cron_job: ['job_template', 'spec', 'template'],
  kubernetes_cron_job_v1: ['job_template', 'spec', 'template'],
};

/** Every resource type that runs pods. */
export const POD_RESOURCE_TYPES: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

/** Pod-bearing types that run to completion (no probes, no Service in front). */
const RUN_TO_COMPLETION_TYPES: readonly string[] = ['kubernetes_job', 'kubernetes_job_v1', 'kubernetes_cron_job', 'kubernetes_cron_job_v1'];

/** Long-running pod-bearing types. */
export const LONG_RUNNING_POD_TYPES: readonly string[] = POD_RESOURCE_TYPES.filter((t) => !RUN_TO_COMPLETION_TYPES.includes(t));

/** The pod spec of a pod-bearing resource, or undefined when a block on the way is missing or an expression. */
export function podSpecOf(r: ResourceView): Attrs | undefined {
  let node = block(r.config.spec);
  for (const key of POD_TEMPLATE_PATHS[r.type] ?? []) node = block(node?.[key]);
  return POD_TEMPLATE_PATHS[r.type]?.length ? block(node?.spec) : node;
}

export interface Container {
  readonly name: string;
  readonly init: boolean;
  readonly config: Attrs;
}

/** One container's verdict: undefined passes; `unknown` marks a value only known at apply time. */
export type Verdict = { readonly problem: string; readonly unknown?: boolean } | undefined;
export const problem = (text: string): Verdict => ({ problem: text });
export const unsure = (text: string): Verdict => ({ problem: text, unknown: true });

export interface ContainerScope {
  /** Include init containers (they run with the same privileges before the main ones). */
  readonly init: boolean;
}

/**
 * Applies `judge` to each container of the pod and folds the verdicts: a failure names every
 * failing container; otherwise an unresolvable value makes the outcome unknown, never a pass.
 */
export function checkContainers(r: ResourceView, scope: ContainerScope, judge: (container: Container, pod: Attrs) => Verdict): CheckOutcome {
  const pod = podSpecOf(r);
  if (!pod) return unknown('the pod spec is not a literal block (an expression or a missing template)');
  const lists: [Attr, boolean][] = [[pod.container, false], ...(scope.init ? [[pod.init_container, true] as [Attr, boolean]] : [])];
  if (pod.dynamic !== undefined || lists.some(([list]) => isExpression(list))) return unknown('the containers are generated at apply time (a dynamic block or an expression)');
  const containers = lists.flatMap(([list, init]) => blocks(list).map((config, i) => ({ name: typeof config.name === 'string' ? config.name : `#${i}`, init, config })));
  if (containers.length === 0) return unknown('the pod spec lists no container');
  const failures: string[] = [];
  const unknowns: string[] = [];
  for (const container of containers) {
    const verdict = judge(container, pod);
    if (!verdict) continue;
    const where = `${container.init ? 'init container' : 'container'} "${container.name}"`;
    (verdict.unknown ? unknowns : failures).push(`${where}: ${verdict.problem}`);
  }
  if (failures.length) return fail(failures.join('; '));
  if (unknowns.length) return unknown(unknowns.join('; '));
  return pass();
}

/** A pod-level boolean that must not be true (host namespaces); unset is false. */
export function checkPodFlagOff(r: ResourceView, key: string): CheckOutcome {
  const pod = podSpecOf(r);
  if (!pod) return unknown('the pod spec is not a literal block (an expression or a missing template)');
  const value = pod[key];
  if (isExpression(value)) return unknown(`${key} is an expression`);
  return isTrue(value) ? fail(`${key} is true`) : pass();
}

/** The container's security_context block. */
export const securityContextOf = (c: Container): Attrs | undefined => block(c.config.security_context);

/** A container-level boolean that must be explicitly `expected`. */
export function requireFlag(c: Container, key: string, expected: boolean, unsetMeans: string): Verdict {
  const value = securityContextOf(c)?.[key];
  if (isExpression(value)) return unsure(`security_context.${key} is an expression`);
  if (expected ? isTrue(value) : isFalse(value)) return undefined;
  return problem(value === undefined ? `security_context.${key} is unset (${unsetMeans})` : `security_context.${key} is ${JSON.stringify(value)}`);
}

/**
 * What Terraform will send as the image reference, split where this can judge it: the tag and
 * digest of the last path segment when that segment is literal. `${repo_url}:1.4.2` has a
 * literal tag; `${var.image}` or `${repo_url}${var.suffix}` has none to read.
 */
export function imageReference(image: string): { readonly tag?: string; readonly digest?: string; readonly known: boolean } {
  const close = image.lastIndexOf('}');
  const tail = close >= 0 ? image.slice(close + 1) : image;
  const segment = tail.slice(tail.lastIndexOf('/') + 1);
  // A tail without "/" continues the expression's last segment; only a ":" or "@" in it is readable.
  const literalSegment = close < 0 || tail.includes('/');
  const at = segment.indexOf('@');
  const digest = at >= 0 ? segment.slice(at + 1) : undefined;
  const name = at >= 0 ? segment.slice(0, at) : segment;
  const colon = name.lastIndexOf(':');
  const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  return { tag, digest, known: literalSegment || tag !== undefined || digest !== undefined };
}
