import { EnvironmentConfig } from '../../lib/config/environment';
import { SERVICES } from './services';
import { stagingCapacity } from './capacity';

const VPC_CIDR = '10.20.0.0/16';

/** Staging: prod's shape (three AZs, NAT per AZ) at 5% of its load, for rehearsing changes. */
export const staging: EnvironmentConfig = {
  name: 'staging',
  project: 'million-rps',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  vpcCidr: VPC_CIDR,
  natGatewayPerAz: true,
  production: false,
  services: SERVICES,
  capacity: stagingCapacity,
  domain: { zoneName: 'staging.million-rps.example.com' },
  // The platform deploy runs from a CI runner inside the VPC, as the identity that created the
  // cluster. Prefer an access entry for the deploy role once you know its ARN:
  // clusterAccess: { deployerRoleArn: 'arn:aws:iam::<account>:role/<deployer>', deployerCidrs: [<runner subnets>] }
  clusterAccess: { clusterCreatorAdmin: true, deployerCidrs: [VPC_CIDR] },
  tags: { CostCenter: 'platform-staging' },
};
