import { PLACEHOLDER, sourced } from '../../lib/capacity';
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

const POD_RPS_SOURCE = (what: string): string =>
  `${PLACEHOLDER}: conservative planning figure for ${what} on its CPU request; replaced by this repo's k6 load test of one pod (services issue)`;

function service(name: string, pathPrefix: string): Pick<ServiceConfig, 'name' | 'pathPrefix' | 'containerPort' | 'imageTag' | 'livenessPath' | 'readinessPath'> {
  return { name, pathPrefix, containerPort: SERVICE_PORT, imageTag: RELEASE, livenessPath: '/health/live', readinessPath: '/health/ready' };
}

export const SERVICES: ServiceConfig[] = [
  {
    ...service('api-gateway', '/'),
    role: 'gateway',
    podRps: sourced(1_500, POD_RPS_SOURCE('a NestJS gateway pod proxying to backends, 1 vCPU')),
    cpuRequestMillicores: 1_000,
    memoryRequestMiB: 1_024,
  },
  {
    ...service('user-service', '/api/users'),
    role: 'backend',
    trafficShare: 0.6,
    podRps: sourced(1_000, POD_RPS_SOURCE('a NestJS pod serving cached user reads, 1 vCPU')),
    cpuRequestMillicores: 1_000,
    memoryRequestMiB: 1_024,
  },
  {
    ...service('transaction-service', '/api/transactions'),
    role: 'backend',
    trafficShare: 0.4,
    podRps: sourced(400, POD_RPS_SOURCE('a NestJS pod validating and writing transactions, 1 vCPU')),
    cpuRequestMillicores: 1_000,
    memoryRequestMiB: 1_536,
  },
];
