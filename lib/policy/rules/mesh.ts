import { fail, notApplicable, pass, PolicyRule } from '../rule';
import { Attrs, block, blocks } from '../stack-view';

/** The Istio object a `kubernetes_manifest` holds, or undefined for another kind. */
function istioObject(config: Attrs, kind: string): Attrs | undefined {
  const manifest = block(config.manifest);
  const apiVersion = manifest?.apiVersion ?? manifest?.api_version;
  return manifest?.kind === kind && typeof apiVersion === 'string' && apiVersion.startsWith('security.istio.io/') ? manifest : undefined;
}

/**
 * Service mesh guardrails: mutual TLS stays STRICT (a port-level exception only for one
 * workload's ports, which an AuthorizationPolicy narrows), and no AuthorizationPolicy allows
 * everything. No checkov or cdk-nag check reads Istio objects.
 */
export const MESH_RULES: readonly PolicyRule[] = [
  {
    id: 'MRPS_K8S_1',
    title: 'Ensure Istio PeerAuthentication keeps mutual TLS STRICT in production',
    resourceTypes: ['kubernetes_manifest'],
    resourceSummary: 'kubernetes_manifest (PeerAuthentication)',
    fix: 'set spec.mtls.mode to STRICT; open a single port with portLevelMtls on a selector-scoped policy, and admit exactly its sources with an AuthorizationPolicy',
    productionOnly: true,
    deviation: 'No checkov or cdk-nag check reads Istio objects.',
    check(r) {
      const pa = istioObject(r.config, 'PeerAuthentication');
      if (!pa) return notApplicable('not a PeerAuthentication');
      const spec = block(pa.spec) ?? {};
      const mode = block(spec.mtls)?.mode;
      if (mode !== 'STRICT') return fail(`spec.mtls.mode is ${mode === undefined ? 'unset (inherits, PERMISSIVE by default)' : String(mode)}`);
      const ports = block(spec.portLevelMtls ?? spec.port_level_mtls);
      if (ports && Object.keys(ports).length > 0 && !block(spec.selector)) return fail('port-level exceptions without a workload selector apply to every workload of the namespace');
      return pass();
    },
  },
  {
    id: 'MRPS_K8S_2',
    title: 'Ensure no Istio AuthorizationPolicy allows every request',
    resourceTypes: ['kubernetes_manifest'],
    resourceSummary: 'kubernetes_manifest (AuthorizationPolicy)',
    fix: 'give every ALLOW rule a source (principals, namespaces or ipBlocks) and the ports it admits',
    deviation: 'No checkov or cdk-nag check reads Istio objects.',
    check(r) {
      const ap = istioObject(r.config, 'AuthorizationPolicy');
      if (!ap) return notApplicable('not an AuthorizationPolicy');
      const spec = block(ap.spec) ?? {};
      const action = spec.action ?? 'ALLOW';
      if (action !== 'ALLOW') return pass();
      const rules = blocks(spec.rules);
      const open = rules.filter((rule) => blocks(rule.from).length === 0);
      return open.length === 0 ? pass() : fail(`${open.length} ALLOW rule(s) without a source (from): they admit every caller`);
    },
  },
];
