import { CapacityPresets, EnvironmentConfig, sourced } from 'cdktf-million-rps';

/** Requests/s one pod sustains at its CPU request: measure yours (npm run loadtest -- --calibrate <service>). */
const podRps = (value: number) => sourced(value, 'our load test of one pod at its CPU request');

/** The whole environment, stated once: where it runs, what it serves, how much load it must carry. */
export const shop: EnvironmentConfig = {
  name: 'shop',
  project: 'shop',
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  vpcCidr: '10.40.0.0/16',
  natGatewayPerAz: true,
  production: false,
  domain: { zoneName: 'shop.example.org' },
  capacity: CapacityPresets.webApi(20_000),
  services: [
    {
      name: 'gateway',
      role: 'gateway',
      pathPrefix: '/',
      containerPort: 8080,
      imageTag: '1.0.0',
      livenessPath: '/health/live',
      readinessPath: '/health/ready',
      podRps: podRps(1_500),
      cpuRequestMillicores: 1_000,
      memoryRequestMiB: 1_024,
    },
    {
      name: 'catalog',
      role: 'backend',
      trafficShare: 1,
      pathPrefix: '/api/catalog',
      containerPort: 8080,
      imageTag: '1.0.0',
      livenessPath: '/health/live',
      readinessPath: '/health/ready',
      podRps: podRps(1_000),
      cpuRequestMillicores: 1_000,
      memoryRequestMiB: 1_024,
    },
  ],
};
