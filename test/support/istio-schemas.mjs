// Validates Kubernetes objects against Istio's and Gateway API's published CRD schemas, as
// @kubernetes-models/istio and @kubernetes-models/gateway-api ship them (ajv validators
// generated from the CRDs' OpenAPI schemas). Both packages are ESM-only, so this runs in its
// own `node` process (test/lib/mesh/istio-schemas.test.ts), never inside the library.
// Reads a JSON array of objects on stdin; prints a JSON array of { kind, name, error } on stdout.
import { readFileSync } from 'node:fs';

const PACKAGES = {
  'networking.istio.io': '@kubernetes-models/istio',
  'security.istio.io': '@kubernetes-models/istio',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
};

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const [group, version] = object.apiVersion.split('/');
  const pkg = PACKAGES[group];
  let error = null;
  if (!pkg) {
    error = `no schema package for ${object.apiVersion}`;
  } else {
    try {
      const module = await import(`${pkg}/${group}/${version}/${object.kind}`);
      const Model = module[object.kind];
      new Model(object).validate();
    } catch (e) {
      error = String(e && e.message ? e.message : e);
    }
  }
  results.push({ kind: object.kind, name: object.metadata?.name, error });
}
process.stdout.write(JSON.stringify(results));
