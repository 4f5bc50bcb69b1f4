import { EnvironmentConfig } from '../../lib/config/environment';
import { SERVICES } from './services';
import { devCapacity } from './capacity';

/** Developer environment: two AZs, one shared NAT gateway, a small fraction of prod's load. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  project: 'million-rps',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  vpcCidr: '10.10.0.0/16',
  natGatewayPerAz: false,
  production: false,
  services: SERVICES,
  capacity: devCapacity,
  domain: { zoneName: 'dev.million-rps.example.com' },
  tags: { CostCenter: 'platform-dev' },
};
