import { CONTAINER_LOGS_DAEMONSET, DEFAULT_DAEMONSETS, NODE_DAEMONSETS } from '../../../lib/capacity';

const sum = (key: 'cpuMillicores' | 'memoryMiB', sets = NODE_DAEMONSETS) => sets.reduce((total, d) => total + d[key], 0);

describe('DEFAULT_DAEMONSETS', () => {
  test('GIVEN the DaemonSets the reference stacks run on every node THEN the default reserves their requests and one spare pod slot', () => {
    expect(NODE_DAEMONSETS.map((d) => d.name)).toEqual([
      'aws-node',
      'kube-proxy',
      'ebs-csi-node',
      'eks-pod-identity-agent',
      'node-exporter',
      'cloudwatch-agent',
      'secrets-store-csi-driver',
      'csi-secrets-store-provider-aws',
    ]);
    expect(sum('cpuMillicores')).toBe(525);
    expect(sum('memoryMiB')).toBe(488);
    expect(DEFAULT_DAEMONSETS.cpuMillicores).toBeGreaterThanOrEqual(sum('cpuMillicores'));
    expect(DEFAULT_DAEMONSETS.memoryMiB).toBeGreaterThanOrEqual(sum('memoryMiB'));
    expect(DEFAULT_DAEMONSETS.pods).toBe(NODE_DAEMONSETS.length + 1);
  });

  test('GIVEN container logs on (Fluent Bit on every node) THEN it still fits the default, in the spare slot', () => {
    const withLogs = [...NODE_DAEMONSETS, CONTAINER_LOGS_DAEMONSET];
    expect(DEFAULT_DAEMONSETS.cpuMillicores).toBeGreaterThanOrEqual(sum('cpuMillicores', withLogs));
    expect(DEFAULT_DAEMONSETS.memoryMiB).toBeGreaterThanOrEqual(sum('memoryMiB', withLogs));
    expect(DEFAULT_DAEMONSETS.pods).toBeGreaterThanOrEqual(withLogs.length);
  });

  test('GIVEN every figure THEN it names its source', () => {
    for (const d of [...NODE_DAEMONSETS, CONTAINER_LOGS_DAEMONSET]) expect(d.source.length).toBeGreaterThan(20);
  });
});
