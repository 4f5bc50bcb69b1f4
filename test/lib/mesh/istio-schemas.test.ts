import { execFileSync } from 'child_process';
import * as path from 'path';
import { MeshServiceInput, resolveMeshServices } from '../../../lib/mesh/config';
import { MeshManifest, namespacePeerAuthentication, serviceMeshManifests, waypointGateway } from '../../../lib/mesh/manifests';
import { synthesizeReferenceApp } from '../../support/app-synth';
import { allOf } from '../../support/synth';

/**
 * Every Istio and Gateway API object the library writes validates against the published CRD
 * schemas (@kubernetes-models/istio: Istio 1.29.2 CRDs; @kubernetes-models/gateway-api). Those
 * packages are ESM-only, so test/support/istio-schemas.mjs validates in a child `node`. Their
 * schemas accept unknown fields, so test/lib/mesh/manifests.test.ts pins the keys.
 */
const SCRIPT = path.join(__dirname, '../../support/istio-schemas.mjs');

function validate(objects: readonly object[]): { kind: string; name: string; error: string | null }[] {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT], { input: JSON.stringify(objects), encoding: 'utf8' }));
}

const ISTIO_GROUPS = /^(networking\.istio\.io|security\.istio\.io|gateway\.networking\.k8s\.io)\//;
const labels = (name: string) => ({ 'app.kubernetes.io/name': name });
const SERVICES: MeshServiceInput[] = [
  { name: 'api-gateway', containerPort: 8080, role: 'gateway', podLabels: labels('api-gateway') },
  { name: 'user-service', containerPort: 8080, role: 'backend', podLabels: labels('user-service') },
];
const SOURCES = { loadBalancerAddresses: ['10.30.63.250', '10.30.127.250'], scraperPrincipal: 'cluster.local/ns/monitoring/sa/kube-prometheus-prometheus' };

describe('Istio objects against the published CRD schemas', () => {
  test('GIVEN the objects of every service with defaults and with custom settings THEN each validates', () => {
    const resolved = [
      ...resolveMeshServices('test', {}, SERVICES, 200),
      ...resolveMeshServices('test', { services: { 'user-service': { loadBalancer: 'ROUND_ROBIN', timeoutMs: 2500, retries: { attempts: 0, perTryTimeoutMs: 2500, budgetPercent: 5, minRetryConcurrency: 1 } } } }, SERVICES, 40),
    ];
    const objects: MeshManifest[] = [waypointGateway('services', 'waypoint-parameters'), namespacePeerAuthentication('services'), ...resolved.flatMap((s) => serviceMeshManifests(s, 'services', SOURCES))];
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(['Gateway', 'PeerAuthentication', 'DestinationRule', 'VirtualService', 'AuthorizationPolicy']));
    expect(validate(objects).filter((r) => r.error !== null)).toEqual([]);
  });

  test('GIVEN objects the schemas reject THEN the validator reports each (the check is live)', () => {
    const [user] = resolveMeshServices('test', {}, [SERVICES[1]], 40);
    const [dr, vs, pa] = serviceMeshManifests(user, 'services', SOURCES);
    const broken = [
      { ...dr, spec: { ...dr.spec, trafficPolicy: { outlierDetection: { consecutive5xxErrors: 'five' } } } },
      { ...vs, spec: { ...vs.spec, http: [{ retries: { attempts: 'two' } }] } },
      { ...pa, spec: { mtls: { mode: 'SOMETIMES' } } },
      { ...waypointGateway('services', 'p'), spec: { listeners: [] } },
    ];
    const results = validate(broken);
    expect(results.map((r) => [r.kind, r.error !== null])).toEqual([
      ['DestinationRule', true],
      ['VirtualService', true],
      ['PeerAuthentication', true],
      ['Gateway', true],
    ]);
    expect(results[0].error).toMatch(/consecutive5xxErrors must be integer/);
  });

  test('GIVEN every platform stack of the reference app THEN each Istio kubernetes_manifest validates', () => {
    const app = synthesizeReferenceApp();
    const manifests = Object.entries(app.stacks)
      .filter(([name]) => name.endsWith('-platform'))
      .flatMap(([, stack]) => allOf(stack, 'kubernetes_manifest').map((r) => r.manifest as { apiVersion: string }))
      .filter((m) => ISTIO_GROUPS.test(m.apiVersion));
    // Three environments, three services each: DR, VS, PA, AuthorizationPolicy, plus the callers' policies, the waypoint and STRICT.
    expect(manifests.length).toBeGreaterThanOrEqual(3 * (3 * 4 + 2 + 2));
    expect(validate(manifests).filter((r) => r.error !== null)).toEqual([]);
  });
});
