import { EnvironmentConfig } from '../../lib/config/environment';
import { SERVICES } from './services';
import { stagingCapacity } from './capacity';

/** Staging: prod's shape (three AZs, NAT per AZ) at 5% of its load, for rehearsing changes. */
export const staging: EnvironmentConfig = {
  name: 'staging',
  project: 'million-rps',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  vpcCidr: '10.20.0.0/16',
  natGatewayPerAz: true,
  production: false,
  services: SERVICES,
  capacity: stagingCapacity,
  domain: { zoneName: 'staging.million-rps.example.com' },
  tags: { CostCenter: 'platform-staging' },
};
