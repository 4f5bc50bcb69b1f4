import { EnvironmentConfig } from '../../lib/config/environment';
import { SERVICES } from './services';
import { prodCapacity } from './capacity';

/** Production: 1,000,000 requests/s, carried with any one of three AZs lost. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  project: 'million-rps',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  vpcCidr: '10.30.0.0/16',
  natGatewayPerAz: true,
  production: true,
  services: SERVICES,
  capacity: prodCapacity,
  domain: { zoneName: 'prod.million-rps.example.com' },
  tags: { CostCenter: 'platform-prod' },
};
