import { NamespaceBaseline, NamespaceBaselineProps } from '../../../constructs/namespace-baseline';
import { allOf, onlyOf, synthConstructs } from '../../support/synth';

const PROPS: NamespaceBaselineProps = {
  name: 'services',
  quota: { cpuRequestMillicores: 100_000, memoryRequestMiB: 200_000, cpuLimitMillicores: 200_000, memoryLimitMiB: 200_000, pods: 120 },
  ingressCidrs: ['10.30.0.0/18', '10.30.64.0/18'],
  ingressPorts: [8080],
};

function synthNamespace(props: Partial<NamespaceBaselineProps> = {}) {
  return synthConstructs((scope) => new NamespaceBaseline(scope, 'ns', { ...PROPS, ...props }));
}

describe('NamespaceBaseline', () => {
  const stack = synthNamespace();

  test('GIVEN a namespace THEN the restricted Pod Security Standard is enforced', () => {
    const labels = (onlyOf(stack, 'kubernetes_namespace_v1').metadata as { labels: Record<string, string> }).labels;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('THEN the quota caps requests, limits and pods', () => {
    expect((onlyOf(stack, 'kubernetes_resource_quota_v1').spec as { hard: unknown }).hard).toEqual({
      'requests.cpu': '100000m',
      'requests.memory': '200000Mi',
      'limits.cpu': '200000m',
      'limits.memory': '200000Mi',
      pods: '120',
    });
    expect(onlyOf(stack, 'kubernetes_limit_range_v1').spec).toMatchObject({ limit: [{ type: 'Container' }] });
  });

  test('THEN ingress is denied by default and admitted from the namespace and from the load balancer CIDRs on the service port', () => {
    const policies = Object.fromEntries(allOf(stack, 'kubernetes_network_policy_v1').map((p) => [(p.metadata as { name: string }).name, p.spec as Record<string, unknown>]));
    expect(policies['default-deny-ingress']).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
    expect(policies['allow-load-balancer'].ingress).toEqual([
      { from: [{ ip_block: { cidr: '10.30.0.0/18' } }, { ip_block: { cidr: '10.30.64.0/18' } }], ports: [{ port: '8080', protocol: 'TCP' }] },
    ]);
  });

  test('GIVEN allowSameNamespace: false THEN no policy admits the namespace to itself (each edge is its own policy)', () => {
    const names = allOf(synthNamespace({ allowSameNamespace: false }), 'kubernetes_network_policy_v1').map((p) => (p.metadata as { name: string }).name);
    expect(names.sort()).toEqual(['allow-load-balancer', 'default-deny-ingress']);
    expect(allOf(stack, 'kubernetes_network_policy_v1').map((p) => (p.metadata as { name: string }).name)).toContain('allow-same-namespace');
  });

  test.each([
    ['allowSameNamespace as a string', { allowSameNamespace: 'no' as never }, /allowSameNamespace = "no"/],
    ['a zero pod quota', { quota: { ...PROPS.quota, pods: 0 } }, /quota.pods = 0 is out of range/],
    ['a bad CIDR', { ingressCidrs: ['10.30.0.1/18'] }, /ingressCidrs\[0\] = "10.30.0.1\/18" is not an IPv4 network CIDR/],
    ['an upper-case name', { name: 'Services' }, /name = "Services" is not a valid namespace/],
  ] as [string, Partial<NamespaceBaselineProps>, RegExp][])('GIVEN %s THEN it is rejected', (_label, change, message) => {
    expect(() => synthNamespace(change)).toThrow(message);
  });
});
