import { sourced } from '../../lib/capacity';
import { GATEWAY_RPS_PER_VCPU, MeasuredFigure, TRANSACTION_SERVICE_RPS_PER_VCPU, USER_SERVICE_RPS_PER_VCPU } from '../../lib/capacity/measured';
import { ServiceConfig } from '../../lib/config/services';

/**
 * The services of the design notes, the same in every environment (sizes differ, and come
 * from the capacity model). `imageTag` is the release deployed from each service's ECR
 * repository; the release pipeline changes it.
 *
 * Routing (a decision, documented here and in the README): every request passes through
 * `api-gateway` (role `gateway`, sees 100% of requests); the gateway routes each request to
 * exactly one backend service, so the backend services' `trafficShare` values sum to 1
 * (`/api/users` -> user-service, `/api/transactions` -> transaction-service).
 */
const SERVICE_PORT = 8080;
const RELEASE = '1.0.0';

/** Every service pod requests one vCPU: one Node.js event loop. */
const POD_CPU_MILLICORES = 1_000;

/**
 * A pod's requests/s at its CPU request: this repo's measured figure for the service's shape
 * (`npm run bench:service`, derated by the one policy) x the vCPUs it requests. Replace it
 * with `npm run loadtest -- --calibrate <service>` against the deployed service.
 */
function podRps(figure: MeasuredFigure) {
  const vcpus = POD_CPU_MILLICORES / 1_000;
  return sourced(Math.floor(figure.value * vcpus), `${figure.value.toLocaleString('en-US')} per vCPU x ${vcpus} vCPU; per vCPU: ${figure.source}`);
}

function service(name: string, pathPrefix: string): Pick<ServiceConfig, 'name' | 'pathPrefix' | 'containerPort' | 'imageTag' | 'livenessPath' | 'readinessPath'> {
  return { name, pathPrefix, containerPort: SERVICE_PORT, imageTag: RELEASE, livenessPath: '/health/live', readinessPath: '/health/ready' };
}

export const SERVICES: ServiceConfig[] = [
  {
    ...service('api-gateway', '/'),
    role: 'gateway',
    podRps: podRps(GATEWAY_RPS_PER_VCPU),
    cpuRequestMillicores: POD_CPU_MILLICORES,
    memoryRequestMiB: 1_024,
  },
  {
    ...service('user-service', '/api/users'),
    role: 'backend',
    trafficShare: 0.6,
    podRps: podRps(USER_SERVICE_RPS_PER_VCPU),
    cpuRequestMillicores: POD_CPU_MILLICORES,
    memoryRequestMiB: 1_024,
  },
  {
    ...service('transaction-service', '/api/transactions'),
    role: 'backend',
    trafficShare: 0.4,
    podRps: podRps(TRANSACTION_SERVICE_RPS_PER_VCPU),
    cpuRequestMillicores: POD_CPU_MILLICORES,
    memoryRequestMiB: 1_536,
  },
];
