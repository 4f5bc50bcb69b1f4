import { ServiceCapacityInput } from '../capacity/inputs';
import { invalid } from '../errors';
import { checkInteger, checkName, checkString } from '../validation';

/**
 * A service that takes traffic: it runs on EKS, nginx routes `pathPrefix` to it, and the
 * capacity model sizes it from its capacity fields (`role`, `trafficShare`, `podRps`, its
 * requests): the one place the service is described.
 */
export interface ServiceConfig extends ServiceCapacityInput {
  /** DNS-1123 label: lower-case letters, digits and hyphens; also the ECR repository name. */
  readonly name: string;
  /** URL path prefix nginx routes to this service (`/` for the catch-all). */
  readonly pathPrefix: string;
  /** Container port the service listens on. */
  readonly containerPort: number;
  /** Image tag deployed from the service's ECR repository (created by the AWS stack). */
  readonly imageTag: string;
  /** Liveness path (process is alive). */
  readonly livenessPath: string;
  /** Readiness path (ready to take traffic; fails during drain). */
  readonly readinessPath: string;
}

/** Kubernetes object names (DNS-1123 labels): https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_1123_LABEL_MAX = 63;
/** OCI/ECR image tags: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** Unprivileged ports only: the containers run as non-root. */
const MIN_UNPRIVILEGED_PORT = 1024;
const MAX_PORT = 65535;

/** Checks the services of an environment: names, paths and ports, unique where they must be. */
export function validateServiceConfigs(where: string, services: readonly ServiceConfig[]): void {
  if (!Array.isArray(services) || services.length === 0) {
    invalid(where, 'services', services, 'is empty', 'list at least one service (name, pathPrefix, containerPort, imageTag, livenessPath, readinessPath)');
  }
  services.forEach((s, i) => {
    const at = `services[${i}]`;
    if (typeof s !== 'object' || s === null) invalid(where, at, s, 'is not an object', 'pass { name, pathPrefix, containerPort, imageTag, livenessPath, readinessPath, podRps, cpuRequestMillicores, memoryRequestMiB }');
    checkName(where, `${at}.name`, s.name, { maxLength: DNS_1123_LABEL_MAX, pattern: DNS_1123_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'service name' });
    for (const key of ['pathPrefix', 'livenessPath', 'readinessPath'] as const) {
      checkString(where, `${at}.${key}`, s[key], true);
      if (!s[key].startsWith('/')) invalid(where, `${at}.${key}`, s[key], 'does not start with "/"', `use an absolute path such as "/health/ready"`);
    }
    checkInteger(where, `${at}.containerPort`, s.containerPort, { min: MIN_UNPRIVILEGED_PORT, max: MAX_PORT, limit: 'containers run as non-root, so only unprivileged ports' });
    checkName(where, `${at}.imageTag`, s.imageTag, { maxLength: 128, pattern: IMAGE_TAG, charset: 'letters, digits, ".", "_" and "-" (an OCI image tag)', what: 'image tag' });
  });
  const duplicate = <T>(values: T[]) => values.find((v, i) => values.indexOf(v) !== i);
  const name = duplicate(services.map((s) => s.name));
  if (name !== undefined) invalid(where, 'services', name, 'names a service twice', 'give every service its own name');
  const prefix = duplicate(services.map((s) => s.pathPrefix));
  if (prefix !== undefined) invalid(where, 'services', prefix, 'is the pathPrefix of two services', 'route each path prefix to one service');
}
