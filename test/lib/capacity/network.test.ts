import { NodeGroupPlan } from '../../../lib/capacity';
import { ADDRESSES_PER_PREFIX, APP_SUBNET_FIXED_ADDRESSES, appSubnetAddressesPerAz } from '../../../lib/capacity/network';

/** A node group of the plan with only the fields the address count reads set meaningfully. */
const group = (azIndex: number, maxSize: number, platformNodes: number, servicePodsPerNode: number, platformPodsPerNode: number): NodeGroupPlan => ({
  name: `services-az${azIndex + 1}`,
  instanceTypes: ['m7g.xlarge'],
  azIndex,
  minSize: 1,
  desiredSize: 1,
  maxSize,
  sizeAtTarget: 1,
  maxPodsPerNode: 110,
  vcpusPerNode: 4,
  memoryMiBPerNode: 16_384,
  servicePodsPerNode,
  platformNodes,
  platformPodsPerNode,
});

describe('appSubnetAddressesPerAz: what one AZ\'s app subnet must hold at the plan\'s maxima', () => {
  // Per node: 1 primary address + (ceil((pods + DaemonSet pods) / 16) + 1 warm) /28 prefixes of 16.
  // DaemonSet pods 4 + 2 mesh pods = 6: a service node (30 pods) takes 1 + (3 + 1) x 16 = 65,
  // a platform node (14 pods) 1 + (2 + 1) x 16 = 49.
  // AZ 1: 8 service nodes + 2 platform nodes = 520 + 98 = 618; AZ 2: 3 + 1 = 195 + 49 = 244.
  // The larger AZ, plus its share of 5 nginx instances (ceil(5 / 2) = 3), plus 32 fixed.
  const plan = { azCount: 2, nodeGroups: [group(0, 10, 2, 30, 14), group(1, 4, 1, 30, 14)], nginx: { maxSize: 5 }, extraDaemonSetPods: 2 };

  test('GIVEN two AZs of different sizes THEN the larger AZ decides: 618 + 3 + 32 = 653', () => {
    expect(ADDRESSES_PER_PREFIX).toBe(16);
    expect(APP_SUBNET_FIXED_ADDRESSES).toBe(32);
    expect(appSubnetAddressesPerAz(plan, { nodes: { instanceTypes: ['m7g.xlarge'], daemonSetPods: 4 } })).toBe(653);
  });

  test('GIVEN the mesh\'s 2 pods per node THEN they count with the DaemonSets: 28 service pods + 4 fit 2 prefixes, + 6 need 3', () => {
    // Without the mesh: a service node holds 28 + 4 = 32 pods -> 1 + (2 + 1) x 16 = 49 addresses.
    const small = { ...plan, nodeGroups: [group(0, 10, 2, 28, 14), group(1, 4, 1, 28, 14)], extraDaemonSetPods: undefined };
    // AZ 1: 8 x 49 + 2 x 49 = 490; + 3 + 32 = 525.
    expect(appSubnetAddressesPerAz(small, { nodes: { instanceTypes: ['m7g.xlarge'], daemonSetPods: 4 } })).toBe(525);
    // With the mesh's 2 pods per node: 30 -> 3 prefixes: 8 x 65 + 2 x 49 = 618; + 35 = 653.
    expect(appSubnetAddressesPerAz({ ...small, extraDaemonSetPods: 2 }, { nodes: { instanceTypes: ['m7g.xlarge'], daemonSetPods: 4 } })).toBe(653);
  });

  test('GIVEN no DaemonSet pod count THEN the default 9 is assumed: 28 + 9 = 37 pods -> 3 prefixes', () => {
    const small = { ...plan, nodeGroups: [group(0, 10, 2, 28, 14)], azCount: 1, extraDaemonSetPods: undefined };
    // 8 x 65 + 2 x (1 + (ceil(23 / 16) + 1) x 16 = 49) = 618; + 5 nginx + 32 = 655.
    expect(appSubnetAddressesPerAz(small, { nodes: { instanceTypes: ['m7g.xlarge'] } })).toBe(655);
  });
});
