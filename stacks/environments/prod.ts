import { EnvironmentConfig } from '../../lib/config/environment';
import { SERVICES } from './services';
import { prodCapacity } from './capacity';

const VPC_CIDR = '10.30.0.0/16';

/** Production: 1,000,000 requests/s, carried with any one of three AZs lost. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  project: 'million-rps',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  vpcCidr: VPC_CIDR,
  natGatewayPerAz: true,
  production: true,
  services: SERVICES,
  capacity: prodCapacity,
  domain: { zoneName: 'prod.million-rps.example.com' },
  // The platform deploy runs from a CI runner inside the VPC, as the identity that created the
  // cluster. Prefer an access entry for the deploy role once you know its ARN:
  // clusterAccess: { deployerRoleArn: 'arn:aws:iam::<account>:role/<deployer>', deployerCidrs: [<runner subnets>] }
  clusterAccess: { clusterCreatorAdmin: true, deployerCidrs: [VPC_CIDR] },
  // Reserve the capacity model's LCUs on the ALBs once the Region's reserved-LCU quota increase
  // (`npm run capacity -- prod`, "Before the first apply") is granted: albCapacityReservation: true
  tags: { CostCenter: 'platform-prod' },
};
