import { contains, parseCidr } from '../../lib/cidr';
import { TRUST_DOMAIN } from '../../lib/mesh/manifests';
import { resourcesOf, SynthesizedStack } from './synth';

/**
 * Who may open a connection to whom in a synthesized platform stack, as Kubernetes
 * NetworkPolicy (enforced by VPC CNI) and, in an Istio ambient mesh, ztunnel and the waypoint
 * decide it. Written for the topology contract: it judges the synthesized JSON only.
 *
 * The model:
 * - NetworkPolicy: a pod selected by no policy of a type admits (or sends) everything of that
 *   direction; otherwise a connection needs a rule whose peers match (podSelector within the
 *   policy's namespace, namespaceSelector, both, or an ipBlock containing the source address,
 *   pod addresses included, as VPC CNI applies it) and whose ports include the port. The node's
 *   own address (the kubelet's probes) is always admitted by VPC CNI and is not modelled.
 * - Ambient mesh (a namespace labelled `istio.io/dataplane-mode: ambient`): between two meshed
 *   pods (a waypoint's own ports excepted: ztunnel does not capture it) the connection is HBONE, so NetworkPolicy sees port 15008, and the destination's
 *   AuthorizationPolicies see the source's identity and the original port; from an unmeshed
 *   source it is plaintext on the original port, admitted only where PeerAuthentication is
 *   PERMISSIVE for that port, and AuthorizationPolicies see only the source address. A meshed
 *   client calling a Service labelled `istio.io/use-waypoint` goes through the waypoint: HBONE
 *   to the waypoint (the Service's `targetRefs` policies judge the caller), then HBONE from the
 *   waypoint to the pod (the pod's policies judge the waypoint). Calling the pod's address
 *   directly bypasses the waypoint, so a destination is reachable when either path is.
 * - AuthorizationPolicy: ALLOW policies only (the stacks write no DENY); a workload with none
 *   admits everything, otherwise some rule must match (principals, ipBlocks, ports).
 */
type Obj = Record<string, any>;

export interface Pod {
  readonly kind: 'pod';
  /** What the topology calls it: a service's name, `pgbouncer-read`, `waypoint`, `prometheus`, ... */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly ip: string;
  /** A waypoint pod: meshed as a source (it has an identity), not captured by ztunnel. */
  readonly waypoint?: boolean;
}
export interface Address {
  readonly kind: 'address';
  readonly name: string;
  readonly ip: string;
}
export type Endpoint = Pod | Address;

const HBONE = 15008;
const AMBIENT = 'istio.io/dataplane-mode';
const USE_WAYPOINT = 'istio.io/use-waypoint';

export class Reachability {
  private readonly namespaces: Record<string, Record<string, string>> = {};
  private readonly policies: Obj[];
  private readonly manifests: Obj[];
  private readonly services: Obj[];

  constructor(private readonly stack: SynthesizedStack) {
    for (const ns of Object.values(resourcesOf(stack, 'kubernetes_namespace_v1'))) {
      const meta = ns.metadata as Obj;
      this.namespaces[meta.name] = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
    }
    for (const name of ['kube-system', 'default']) this.namespaces[name] ??= { 'kubernetes.io/metadata.name': name };
    this.policies = Object.values(resourcesOf(stack, 'kubernetes_network_policy_v1')).map((p) => this.resolve(p));
    this.manifests = Object.values(resourcesOf(stack, 'kubernetes_manifest')).map((m) => this.resolve(m.manifest as Obj));
    this.services = Object.values(resourcesOf(stack, 'kubernetes_service_v1')).map((s) => this.resolve(s));
  }

  /** Replaces namespace and service-account references by the names they resolve to. */
  private resolve<T>(value: T): T {
    const text = JSON.stringify(value).replace(/\$\{(kubernetes_namespace_v1|kubernetes_service_account_v1)\.([\w-]+)\.metadata\[0\]\.name\}/g, (whole, type: string, name: string) => {
      const target = resourcesOf(this.stack, type)[name];
      return target ? String((target.metadata as Obj).name) : whole;
    });
    return JSON.parse(text) as T;
  }

  public meshed(endpoint: Endpoint): boolean {
    return endpoint.kind === 'pod' && this.namespaces[endpoint.namespace]?.[AMBIENT] === 'ambient';
  }

  /** Whether `source` may open a TCP connection to `port` of `destination` (a pod), by any path. */
  public reachable(source: Endpoint, destination: Pod, port: number): boolean {
    return this.direct(source, destination, port) || this.throughWaypoint(source, destination, port);
  }

  private direct(source: Endpoint, destination: Pod, port: number): boolean {
    const sourceMeshed = this.meshed(source);
    // A waypoint's own ports (its metrics) are not behind ztunnel: NetworkPolicy alone, on the port.
    const destinationCaptured = this.meshed(destination) && !destination.waypoint;
    if (sourceMeshed && destinationCaptured) {
      // HBONE: NetworkPolicy sees 15008; ztunnel judges the identity on the original port.
      if (!this.networkAllows(source, destination, HBONE)) return false;
      return this.authorizationAllows(source, destination, port);
    }
    if (!this.networkAllows(source, destination, port)) return false;
    if (!destinationCaptured) return true;
    // Plaintext into a captured pod: only a PERMISSIVE port, and only the address is known.
    return this.permissive(destination, port) && this.authorizationAllows(source, destination, port);
  }

  /** A meshed client calling the destination's Service, which routes through the namespace's waypoint. */
  private throughWaypoint(source: Endpoint, destination: Pod, port: number): boolean {
    if (!this.meshed(source)) return false;
    const service = this.services.find((s) => s.metadata?.namespace === destination.namespace && s.metadata?.labels?.[USE_WAYPOINT] !== undefined && matchLabels(s.spec?.selector ?? {}, destination.labels));
    if (!service) return false;
    const waypoint = this.waypointOf(destination.namespace, String(service.metadata.labels[USE_WAYPOINT]));
    if (!this.networkAllows(source, waypoint, HBONE)) return false;
    const atWaypoint = this.manifests.filter((m) => m.kind === 'AuthorizationPolicy' && m.metadata?.namespace === destination.namespace && (m.spec?.targetRefs ?? []).some((r: Obj) => r.kind === 'Service' && r.name === service.metadata.name));
    if (!allowedBy(atWaypoint, source, port, this)) return false;
    return this.direct(waypoint, destination, port);
  }

  private waypointOf(namespace: string, name: string): Pod {
    return { kind: 'pod', name: 'waypoint', namespace, labels: { 'gateway.networking.k8s.io/gateway-name': name }, serviceAccount: name, ip: '0.0.0.0', waypoint: true };
  }

  private permissive(destination: Pod, port: number): boolean {
    const peer = this.manifests.filter((m) => m.kind === 'PeerAuthentication' && m.metadata?.namespace === destination.namespace);
    const own = peer.filter((m) => m.spec?.selector && matchLabels(m.spec.selector.matchLabels ?? {}, destination.labels));
    const levels = [...own, ...peer.filter((m) => !m.spec?.selector)];
    for (const m of levels) {
      const portLevel = m.spec?.portLevelMtls?.[String(port)]?.mode;
      if (portLevel) return portLevel !== 'STRICT';
      if (m.spec?.mtls?.mode) return m.spec.mtls.mode !== 'STRICT';
    }
    return true;
  }

  /** AuthorizationPolicies selecting the destination workload (by `selector`). */
  private authorizationAllows(source: Endpoint, destination: Pod, port: number): boolean {
    const applying = this.manifests.filter(
      (m) => m.kind === 'AuthorizationPolicy' && m.metadata?.namespace === destination.namespace && !m.spec?.targetRefs && (!m.spec?.selector || matchLabels(m.spec.selector.matchLabels ?? {}, destination.labels)),
    );
    return allowedBy(applying, source, port, this);
  }

  public principal(source: Endpoint): string | undefined {
    return source.kind === 'pod' && this.meshed(source) ? `${TRUST_DOMAIN}/ns/${source.namespace}/sa/${source.serviceAccount}` : undefined;
  }

  /** NetworkPolicy both ways: the source's egress (when it is a pod) and the destination's ingress. */
  public networkAllows(source: Endpoint, destination: Pod, port: number): boolean {
    return this.direction('Ingress', destination, source, port) && (source.kind === 'address' || this.direction('Egress', source, destination, port));
  }

  private direction(type: 'Ingress' | 'Egress', subject: Pod, peer: Endpoint, port: number): boolean {
    const selecting = this.policies.filter(
      (p) => p.metadata.namespace === subject.namespace && (p.spec.policy_types ?? ['Ingress']).includes(type) && selects(p.spec.pod_selector, subject.labels),
    );
    if (selecting.length === 0) return true;
    const key = type === 'Ingress' ? 'ingress' : 'egress';
    const peersKey = type === 'Ingress' ? 'from' : 'to';
    return selecting.some((p) =>
      ((p.spec[key] as Obj[] | undefined) ?? []).some((rule) => {
        const peers = (rule[peersKey] as Obj[] | undefined) ?? [];
        const ports = (rule.ports as Obj[] | undefined) ?? [];
        const portOk = ports.length === 0 || ports.some((q) => (q.protocol ?? 'TCP') === 'TCP' && (q.port === undefined || Number(q.port) === port));
        const peerOk = peers.length === 0 || peers.some((peerSpec) => this.peerMatches(peerSpec, p.metadata.namespace, peer));
        return portOk && peerOk;
      }),
    );
  }

  private peerMatches(spec: Obj, policyNamespace: string, peer: Endpoint): boolean {
    if (spec.ip_block) {
      const block = parseCidr(spec.ip_block.cidr);
      const address = parseCidr(`${peer.ip}/32`);
      if (!block || !address || !contains(block, address)) return false;
      return !((spec.ip_block.except as string[] | undefined) ?? []).some((e) => contains(parseCidr(e)!, address));
    }
    if (peer.kind !== 'pod') return false;
    const namespaceOk = spec.namespace_selector ? selects(spec.namespace_selector, this.namespaces[peer.namespace] ?? {}) : peer.namespace === policyNamespace;
    const podOk = spec.pod_selector ? selects(spec.pod_selector, peer.labels) : true;
    return namespaceOk && podOk;
  }
}

function allowedBy(policies: Obj[], source: Endpoint, port: number, model: Reachability): boolean {
  const allow = policies.filter((p) => (p.spec?.action ?? 'ALLOW') === 'ALLOW');
  if (allow.length === 0) return true;
  const principal = model.principal(source);
  const address = parseCidr(`${source.ip}/32`)!;
  return allow.some((p) =>
    ((p.spec?.rules as Obj[] | undefined) ?? []).some((rule) => {
      const fromOk =
        rule.from === undefined ||
        (rule.from as Obj[]).some((f) => {
          const s = f.source ?? {};
          if (s.principals && !(principal !== undefined && (s.principals as string[]).includes(principal))) return false;
          if (s.ipBlocks && !(s.ipBlocks as string[]).some((b) => contains(parseCidr(b)!, address))) return false;
          return true;
        });
      const toOk = rule.to === undefined || (rule.to as Obj[]).some((t) => !t.operation?.ports || (t.operation.ports as string[]).includes(String(port)));
      return fromOk && toOk;
    }),
  );
}

/** A Kubernetes label selector (snake_case from the kubernetes provider, or camelCase in manifests). */
export function selects(selector: Obj | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  if (!matchLabels(selector.match_labels ?? selector.matchLabels ?? {}, labels)) return false;
  return ((selector.match_expressions ?? selector.matchExpressions ?? []) as Obj[]).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = (e.values as string[] | undefined) ?? [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        throw new Error(`unknown selector operator ${String(e.operator)}`);
    }
  });
}

function matchLabels(wanted: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}
