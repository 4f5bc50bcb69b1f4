import { EnvironmentConfig, planEnvironment, validateEnvironmentConfig } from '../../lib/config/environment';
import { ENVIRONMENTS, prod } from '../../stacks/environments';

describe('environment config validation', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s is valid', (_name, config) => {
    expect(() => validateEnvironmentConfig(config)).not.toThrow();
  });

  const cases: [string, Partial<EnvironmentConfig>, RegExp][] = [
    ['production with two AZs', { availabilityZones: ['us-east-1a', 'us-east-1b'] }, /config prod: availabilityZones = .* has 2 entries; at least 3 are required/],
    ['one AZ outside production', { production: false, availabilityZones: ['us-east-1a'] }, /availabilityZones = \["us-east-1a"\] has 1 entries; at least 2 are required/],
    ['an AZ listed twice', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'] }, /availabilityZones = "us-east-1a" is listed twice/],
    ['seven AZs', { availabilityZones: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((l) => `us-east-1${l}`) }, /availabilityZones = .* has 7 entries; at most 6 are allowed/],
    ['AZ outside the region', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-west-2a'] }, /availabilityZones\[2\] = "us-west-2a" is not in region us-east-1/],
    ['production with one shared NAT', { natGatewayPerAz: false }, /natGatewayPerAz = false is false in a production environment.*Fix: set natGatewayPerAz: true/],
    ['capacity that restates the environment name', { capacity: { ...prod.capacity, environment: 'staging' } as EnvironmentConfig['capacity'] }, /capacity.environment = "staging" restates what the environment config states \(name\).*Fix: remove capacity.environment/],
    ['capacity that restates the AZ count', { capacity: { ...prod.capacity, azCount: 2 } as EnvironmentConfig['capacity'] }, /capacity.azCount = 2 restates what the environment config states \(availabilityZones\)/],
    ['capacity that restates the services', { capacity: { ...prod.capacity, services: [] } as EnvironmentConfig['capacity'] }, /capacity.services = \[\] restates what the environment config states \(services\)/],
    ['capacity that is not an object', { capacity: 'prod' as unknown as EnvironmentConfig['capacity'] }, /capacity = "prod" is not an object/],
    ['a service that is null', { services: [null as unknown as EnvironmentConfig['services'][number]] }, /services\[0\] = null is not an object/],
    ['a service without its pod throughput', { services: [{ ...prod.services[0], podRps: undefined as unknown as EnvironmentConfig['services'][number]['podRps'] }, ...prod.services.slice(1)] }, /services\[0\]: podRps = undefined is not a sourced figure/],
    ['backend traffic shares that do not sum to 1', { services: [prod.services[0], { ...prod.services[1], trafficShare: 0.5 }, prod.services[2]] }, /trafficShare \(backend\) = 0.9 does not sum to 1/],
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
  test('GIVEN a service added once, with its capacity figures THEN the plan sizes it: there is no second list to update', () => {
    const reports = { ...prod.services[1], name: 'report-service', pathPrefix: '/api/reports', trafficShare: 0.2 };
    const config = { ...prod, services: [prod.services[0], { ...prod.services[1], trafficShare: 0.4 }, prod.services[2], reports] };
    expect(planEnvironment(config).services['report-service']).toMatchObject({ name: 'report-service', environment: 'prod', azCount: 3, rpsAtTarget: 200_000 });
  });

  test.each(cases)('rejects %s', (_label, change, message) => {
    expect(() => validateEnvironmentConfig({ ...prod, ...change })).toThrow(message);
  });
});
