import { EnvironmentConfig } from '../../lib/config/environment';
import { SERVICES } from './services';
import { devCapacity } from './capacity';

const VPC_CIDR = '10.10.0.0/16';

/** Developer environment: two AZs, one shared NAT gateway, a small fraction of prod's load. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  project: 'million-rps',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  vpcCidr: VPC_CIDR,
  natGatewayPerAz: false,
  production: false,
  services: SERVICES,
  capacity: devCapacity,
  domain: { zoneName: 'dev.million-rps.example.com' },
  // The platform deploy runs from a CI runner inside the VPC, as the identity that created the
  // cluster. Prefer an access entry for the deploy role once you know its ARN:
  // clusterAccess: { deployerRoleArn: 'arn:aws:iam::<account>:role/<deployer>', deployerCidrs: [<runner subnets>] }
  clusterAccess: { clusterCreatorAdmin: true, deployerCidrs: [VPC_CIDR] },
  tags: { CostCenter: 'platform-dev' },
};
