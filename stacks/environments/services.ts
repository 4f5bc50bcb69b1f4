import { ServiceConfig } from '../../lib/config/services';

/**
 * The services of the design notes, the same in every environment (sizes differ, and come
 * from the capacity model). `imageTag` is the release deployed from each service's ECR
 * repository; the release pipeline changes it.
 */
const SERVICE_PORT = 8080;
const RELEASE = '1.0.0';

function service(name: string, pathPrefix: string): ServiceConfig {
  return { name, pathPrefix, containerPort: SERVICE_PORT, imageTag: RELEASE, livenessPath: '/health/live', readinessPath: '/health/ready' };
}

export const SERVICES: ServiceConfig[] = [
  service('api-gateway', '/'),
  service('user-service', '/api/users'),
  service('transaction-service', '/api/transactions'),
];
