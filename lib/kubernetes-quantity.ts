/**
 * Kubernetes resource quantities (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/)
 * as the numbers the capacity model counts in. Only the forms this repo writes are
 * accepted; anything else throws, so a new form cannot be miscounted silently.
 */

/** Container resources as charts and manifests take them: `{ requests: { cpu: '100m', memory: '256Mi' } }`. */
export interface KubernetesResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

const MILLICORES_PER_CORE = 1_000;
const MEMORY_UNITS_MIB: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 };

/** '2' -> 2000, '1.5' -> 1500, '250m' -> 250. */
export function cpuMillicores(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!m) throw new Error(`cpuMillicores: "${quantity}" is not a CPU quantity such as "2", "0.5" or "250m"`);
  return m[2] === 'm' ? Number(m[1]) : Math.round(Number(m[1]) * MILLICORES_PER_CORE);
}

/** '4Gi' -> 4096, '256Mi' -> 256 (binary suffixes only: '256M' would be 244.1 MiB). */
export function memoryMiB(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)$/.exec(quantity);
  if (!m) throw new Error(`memoryMiB: "${quantity}" is not a binary memory quantity such as "256Mi" or "4Gi"`);
  return Math.ceil(Number(m[1]) * MEMORY_UNITS_MIB[m[2]]);
}

/** A pod's requests: the sum over its containers. */
export function podRequests(...containers: readonly KubernetesResources[]): { cpuMillicores: number; memoryMiB: number } {
  return {
    cpuMillicores: containers.reduce((sum, c) => sum + cpuMillicores(c.requests.cpu), 0),
    memoryMiB: containers.reduce((sum, c) => sum + memoryMiB(c.requests.memory), 0),
  };
}
