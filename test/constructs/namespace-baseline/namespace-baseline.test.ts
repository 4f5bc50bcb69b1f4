import { NamespaceBaseline, NamespaceBaselineProps } from '../../../constructs/namespace-baseline';
import type { NamespaceQuotaPlan } from '../../../lib/capacity/plan';
import { allOf, onlyOf, synthConstructs, SynthesizedStack } from '../../support/synth';

const PROPS: NamespaceBaselineProps = {
  name: 'services',
  quota: { cpuRequestMillicores: 100_000, memoryRequestMiB: 200_000, cpuLimitMillicores: 200_000, memoryLimitMiB: 300_000, pods: 120 },
  ingressCidrs: ['10.30.0.0/18', '10.30.64.0/18'],
  ingressPorts: [8080],
};

const PLAN: NamespaceQuotaPlan = { environment: 'prod', azCount: 3, cpuRequestMillicores: 64_000, memoryRequestMiB: 96_000, cpuLimitMillicores: 128_000, memoryLimitMiB: 128_000, pods: 90 };

function synthNamespace(props: Partial<NamespaceBaselineProps> = {}) {
  return synthConstructs((scope) => new NamespaceBaseline(scope, 'ns', { ...PROPS, ...props }));
}

/** How the namespace's other objects name it: a reference to the namespace resource, so they are created after it. */
const namespaceRef = (stack: SynthesizedStack) => `\${kubernetes_namespace_v1.${Object.keys(stack.resource!.kubernetes_namespace_v1)[0]}.metadata[0].name}`;

const policiesOf = (stack: SynthesizedStack) =>
  Object.fromEntries(allOf(stack, 'kubernetes_network_policy_v1').map((p) => [(p.metadata as { name: string }).name, p]));

// Each test synthesizes its own stack (in the test or in beforeEach), so a mutation run knows
// which test reads which line of the construct.
describe('NamespaceBaseline', () => {
  let stack: SynthesizedStack;
  beforeEach(() => {
    stack = synthNamespace();
  });

  test('GIVEN a namespace THEN the restricted Pod Security Standard is enforced and warned on', () => {
    expect(onlyOf(stack, 'kubernetes_namespace_v1').metadata).toEqual({
      name: 'services',
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'app.kubernetes.io/managed-by': 'cdktf' },
    });
  });

  test('GIVEN extra labels THEN they join the Pod Security labels, and none may override them', () => {
    const labels = (onlyOf(synthNamespace({ labels: { 'istio.io/dataplane-mode': 'ambient' } }), 'kubernetes_namespace_v1').metadata as { labels: Record<string, string> }).labels;
    expect(labels).toEqual({ 'istio.io/dataplane-mode': 'ambient', 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'app.kubernetes.io/managed-by': 'cdktf' });
    for (const key of ['pod-security.kubernetes.io/enforce', 'pod-security.kubernetes.io/warn', 'pod-security.kubernetes.io/audit']) {
      expect(() => synthNamespace({ labels: { [key]: 'privileged' } })).toThrow(new RegExp(`labels = "${key.replace(/\./g, '\\.')}" would override the namespace's Pod Security Standard.*Fix: remove it: the namespace enforces restricted`));
    }
  });

  test('THEN the quota caps requests, limits and pods, in the namespace', () => {
    expect(onlyOf(stack, 'kubernetes_resource_quota_v1')).toEqual({
      metadata: { name: 'services', namespace: namespaceRef(stack) },
      spec: { hard: { 'requests.cpu': '100000m', 'requests.memory': '200000Mi', 'limits.cpu': '200000m', 'limits.memory': '300000Mi', pods: '120' } },
    });
  });

  test('THEN containers that state no resources get the default requests and limits', () => {
    expect(onlyOf(stack, 'kubernetes_limit_range_v1')).toEqual({
      metadata: { name: 'container-defaults', namespace: namespaceRef(stack) },
      spec: { limit: [{ type: 'Container', default_request: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } }] },
    });
    const custom = synthNamespace({ defaultContainer: { cpuMillicores: 250, memoryMiB: 256, cpuLimitMillicores: 1000, memoryLimitMiB: 1024 } });
    expect(onlyOf(custom, 'kubernetes_limit_range_v1').spec).toEqual({
      limit: [{ type: 'Container', default_request: { cpu: '250m', memory: '256Mi' }, default: { cpu: '1000m', memory: '1024Mi' } }],
    });
  });

  test('THEN ingress is denied by default and admitted from the namespace and from the load balancer CIDRs on the service ports only', () => {
    const policies = policiesOf(stack);
    expect(Object.keys(policies).sort()).toEqual(['allow-load-balancer', 'allow-same-namespace', 'default-deny-ingress']);
    for (const policy of Object.values(policies)) expect((policy.metadata as { namespace: string }).namespace).toBe(namespaceRef(stack));
    expect(policies['default-deny-ingress'].spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
    expect(policies['allow-same-namespace'].spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [{ pod_selector: {} }] }] });
    expect(policies['allow-load-balancer'].spec).toEqual({
      pod_selector: {},
      policy_types: ['Ingress'],
      ingress: [{ from: [{ ip_block: { cidr: '10.30.0.0/18' } }, { ip_block: { cidr: '10.30.64.0/18' } }], ports: [{ port: '8080', protocol: 'TCP' }] }],
    });
    const twoPorts = policiesOf(synthNamespace({ ingressPorts: [8080, 8443] }))['allow-load-balancer'].spec as { ingress: { ports: unknown }[] };
    expect(twoPorts.ingress[0].ports).toEqual([{ port: '8080', protocol: 'TCP' }, { port: '8443', protocol: 'TCP' }]);
  });

  test('GIVEN allowSameNamespace: false THEN no policy admits the namespace to itself (each edge is its own policy); true keeps it', () => {
    expect(Object.keys(policiesOf(synthNamespace({ allowSameNamespace: false }))).sort()).toEqual(['allow-load-balancer', 'default-deny-ingress']);
    expect(Object.keys(policiesOf(synthNamespace({ allowSameNamespace: true }))).sort()).toEqual(['allow-load-balancer', 'allow-same-namespace', 'default-deny-ingress']);
  });

  test('GIVEN its slice of the plan THEN the quota is the plan\'s; a quota beside it must agree', () => {
    const hard = (s: SynthesizedStack) => (onlyOf(s, 'kubernetes_resource_quota_v1').spec as { hard: unknown }).hard;
    expect(hard(synthNamespace({ quota: undefined, capacity: PLAN }))).toEqual({ 'requests.cpu': '64000m', 'requests.memory': '96000Mi', 'limits.cpu': '128000m', 'limits.memory': '128000Mi', pods: '90' });
    const same = { cpuRequestMillicores: 64_000, memoryRequestMiB: 96_000, cpuLimitMillicores: 128_000, memoryLimitMiB: 128_000, pods: 90 };
    expect(hard(synthNamespace({ quota: same, capacity: PLAN }))).toEqual(hard(synthNamespace({ quota: undefined, capacity: PLAN })));
    expect(() => synthNamespace({ capacity: PLAN })).toThrow(/quota = .* contradicts the capacity plan \(capacity gives .*Fix: leave quota out to take the plan's value/);
  });

  describe('GIVEN bad input THEN synth fails naming the prop, the value and the fix', () => {
    test.each([
      ['allowSameNamespace as a string', { allowSameNamespace: 'no' as never }, /allowSameNamespace = "no"/],
      ['a zero pod quota', { quota: { ...PROPS.quota!, pods: 0 } }, /quota\.pods = 0 is out of range/],
      ['a fractional CPU quota', { quota: { ...PROPS.quota!, cpuRequestMillicores: 0.5 } }, /quota\.cpuRequestMillicores = 0\.5/],
      ['a negative memory limit', { quota: { ...PROPS.quota!, memoryLimitMiB: -1 } }, /quota\.memoryLimitMiB = -1 is out of range/],
      ['neither quota nor capacity', { quota: undefined }, /quota.*Fix: pass capacity \(plan\.servicesNamespace\), or the ResourceQuota sizes/],
      ['a capacity that is not a plan slice', { quota: undefined, capacity: { pods: 3 } as never }, /capacity = .* is not a slice of a capacity plan/],
      ['a bad CIDR', { ingressCidrs: ['10.30.0.1/18'] }, /ingressCidrs\[0\] = "10\.30\.0\.1\/18" is not an IPv4 network CIDR.*Fix: pass CIDRs such as "10\.30\.0\.0\/18"/],
      ['a second CIDR that is a hostname', { ingressCidrs: ['10.30.0.0/18', 'nlb.internal'] }, /ingressCidrs\[1\] = "nlb\.internal" is not an IPv4 network CIDR/],
      ['no CIDRs', { ingressCidrs: [] }, /ingressCidrs = \[\] has 0 entries; at least 1 is required\. Fix: pass one or more CIDRs$/],
      ['no ports', { ingressPorts: [] }, /ingressPorts = \[\] has 0 entries; at least 1 is required\. Fix: pass one or more ports$/],
      ['port 0', { ingressPorts: [0] }, /ingressPorts\[0\] = 0 is out of range/],
      ['port 65536', { ingressPorts: [8080, 65_536] }, /ingressPorts\[1\] = 65536 is out of range/],
      ['an upper-case name', { name: 'Services' }, /name = "Services" is not a valid namespace\. Fix: use lower-case letters, digits and hyphens \(a DNS-1123 label\)$/],
      ['a name of 64 characters', { name: 'a'.repeat(64) }, /name = "a{64}"/],
    ] as [string, Partial<NamespaceBaselineProps>, RegExp][])('%s', (_label, change, message) => {
      expect(() => synthNamespace(change)).toThrow(message);
    });

    test('no props at all: the message shows the props to pass', () => {
      expect(() => synthConstructs((scope) => new NamespaceBaseline(scope, 'ns', undefined as never))).toThrow(
        "NamespaceBaseline (test/ns): props = undefined is not an object. Fix: pass the construct's props, e.g. { name: 'services', capacity: plan.servicesNamespace, ingressCidrs, ingressPorts }",
      );
    });

    test('the message names the construct', () => {
      expect(() => synthNamespace({ ingressPorts: [0] })).toThrow(/^NamespaceBaseline \(test\/ns\): ingressPorts\[0\] = 0 is out of range/);
    });
  });
});
