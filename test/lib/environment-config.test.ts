import { EnvironmentConfig, validateEnvironmentConfig } from '../../lib/config/environment';
import { ENVIRONMENTS, prod } from '../../stacks/environments';

describe('environment config validation', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s is valid', (_name, config) => {
    expect(() => validateEnvironmentConfig(config)).not.toThrow();
  });

  const cases: [string, Partial<EnvironmentConfig>, RegExp][] = [
    ['production with two AZs', { availabilityZones: ['us-east-1a', 'us-east-1b'] }, /config prod: availabilityZones = .* has 2 entries; at least 3 are required/],
    ['AZ outside the region', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-west-2a'] }, /availabilityZones\[2\] = "us-west-2a" is not in region us-east-1/],
    ['production with one shared NAT', { natGatewayPerAz: false }, /natGatewayPerAz = false is false in a production environment.*Fix: set natGatewayPerAz: true/],
    ['capacity inputs of another environment', { capacity: { ...prod.capacity, environment: 'staging' } }, /capacity.environment = "staging" does not match the environment name "prod"/],
    ['AZ count differs from the AZ list', { capacity: { ...prod.capacity, azCount: 2 } }, /capacity.azCount = 2 differs from the 3 availabilityZones listed/],
    ['production that does not survive an AZ loss', { capacity: { ...prod.capacity, survivesAzLoss: false } }, /capacity.survivesAzLoss = false is false in a production environment/],
    ['bad region', { region: 'us-east' }, /region = "us-east" is not an AWS region name/],
    ['bad bucket', { backend: { bucket: 'My_Bucket', region: 'us-east-1' } }, /backend.bucket = "My_Bucket" is not a valid S3 bucket name/],
    ['reserved tag prefix', { tags: { 'aws:owner': 'x' } }, /tags = "aws:owner" uses the reserved "aws:" prefix/],
    ['bad environment name', { name: 'Prod!' }, /name = "Prod!" is not a valid environment name/],
    ['no services', { services: [] }, /services = \[\] is empty/],
    ['a service name that is not a DNS label', { services: [{ ...prod.services[0], name: 'Api_Gateway' }] }, /services\[0\].name = "Api_Gateway" is not a valid service name/],
    ['a privileged container port', { services: [{ ...prod.services[0], containerPort: 80 }] }, /services\[0\].containerPort = 80 is out of range \(containers run as non-root/],
    ['two services on one path prefix', { services: [prod.services[0], { ...prod.services[1], pathPrefix: '/' }] }, /services = "\/" is the pathPrefix of two services/],
    ['a relative readiness path', { services: [{ ...prod.services[0], readinessPath: 'ready' }] }, /readinessPath = "ready" does not start with "\/"/],
    ['a domain that is not a DNS name', { domain: { zoneName: 'Prod Example' } }, /domain.zoneName = "Prod Example" is not a valid DNS zone name/],
    ['a hosted zone id that is not one', { domain: { zoneName: 'prod.example.com', hostedZoneId: 'zone-1' } }, /domain.hostedZoneId = "zone-1" is not a Route 53 hosted zone id/],
    ['an admin that is not a role ARN', { eksAdminRoleArns: ['arn:aws:iam::123456789012:user/bob'] }, /eksAdminRoleArns\[0\] = .* is not an IAM role ARN/],
  ];
  test.each(cases)('rejects %s', (_label, change, message) => {
    expect(() => validateEnvironmentConfig({ ...prod, ...change })).toThrow(message);
  });
});
