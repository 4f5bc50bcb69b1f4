import { CapacityInputs, DEFAULT_DAEMONSETS } from './inputs';
import { NginxPlan, NodeGroupPlan } from './plan';

/**
 * VPC CNI prefix delegation hands each node /28 prefixes (16 addresses) and, with the
 * default WARM_PREFIX_TARGET=1, keeps one spare prefix warm.
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
 */
export const ADDRESSES_PER_PREFIX = 16;
export const WARM_PREFIXES_PER_NODE = 1;
/** Addresses in each app subnet that are not nodes or pods: interface endpoints (4), the internal NLB (1) and headroom for ENIs AWS services add. */
export const APP_SUBNET_FIXED_ADDRESSES = 32;

/**
 * Addresses one AZ's app subnet must hold at the plan's maxima: every node's primary
 * address plus its pod prefixes (pods rounded up to /28s, plus the warm prefix; service
 * nodes and the nodes reserved for platform pods each with their own pod count), and the
 * nginx instances of that AZ. The Network construct fails at synth when its app subnets
 * are smaller.
 */
export function appSubnetAddressesPerAz(
  plan: { readonly azCount: number; readonly nodeGroups: readonly NodeGroupPlan[]; readonly nginx: Pick<NginxPlan, 'maxSize'> },
  inputs: Pick<CapacityInputs, 'nodes'>,
): number {
  const perAz = new Array<number>(plan.azCount).fill(0);
  const daemonSetPods = inputs.nodes.daemonSetPods ?? DEFAULT_DAEMONSETS.pods;
  const addressesPerNode = (pods: number) => 1 + (Math.ceil((pods + daemonSetPods) / ADDRESSES_PER_PREFIX) + WARM_PREFIXES_PER_NODE) * ADDRESSES_PER_PREFIX;
  for (const group of plan.nodeGroups) {
    const serviceNodes = group.maxSize - group.platformNodes;
    perAz[group.azIndex] += serviceNodes * addressesPerNode(group.servicePodsPerNode) + group.platformNodes * addressesPerNode(group.platformPodsPerNode);
  }
  const nginxPerAz = Math.ceil(plan.nginx.maxSize / plan.azCount);
  return Math.max(...perAz) + nginxPerAz + APP_SUBNET_FIXED_ADDRESSES;
}
