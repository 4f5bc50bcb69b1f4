import { EnvironmentConfig, kubernetesVersionOf, planEnvironment, requireClusterAccess, validateEnvironmentConfig } from '../../lib/config/environment';
import { ENVIRONMENTS, prod } from '../../stacks/environments';

describe('environment config validation', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s is valid', (_name, config) => {
    expect(() => validateEnvironmentConfig(config)).not.toThrow();
  });

  const cases: [string, Partial<EnvironmentConfig>, RegExp][] = [
    ['production with two AZs', { availabilityZones: ['us-east-1a', 'us-east-1b'] }, /config prod: availabilityZones = .* has 2 entries; at least 3 are required/],
    ['one AZ outside production', { production: false, availabilityZones: ['us-east-1a'] }, /availabilityZones = \["us-east-1a"\] has 1 entry; at least 2 are required/],
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
    ['a mesh mode that does not exist', { mesh: 'sidecar' as never }, /mesh = "sidecar" is not "none" or a mesh config object/],
    ['a mesh that is a list', { mesh: [] as never }, /mesh = \[\] is not "none" or a mesh config object/],
    ['mesh settings for an unknown service', { mesh: { services: { 'payment-service': {} } } }, /mesh.services = "payment-service" names no service \(services: api-gateway, user-service, transaction-service\)/],
    ['a mesh reservation without the mesh', { mesh: 'none', capacity: { ...prod.capacity, platform: { mesh: 'ambient' } } }, /capacity.platform.mesh = "ambient" contradicts mesh \(none\)/],
    ['the mesh without its reservation', { capacity: { ...prod.capacity, platform: { mesh: 'none' } } }, /capacity.platform.mesh = "none" contradicts mesh \(ambient\).*remove capacity.platform.mesh/],
  ];
  test("GIVEN mesh: 'none' THEN the plan has no mesh slice and reserves no mesh pods; by default it has both", () => {
    const none = planEnvironment({ ...prod, mesh: 'none' });
    expect(none.mesh).toBeUndefined();
    expect(none.platformWorkloads.map((w) => w.name)).not.toContain('istiod');
    const meshed = planEnvironment(prod);
    expect(meshed.mesh).toMatchObject({ mode: 'ambient', environment: 'prod', azCount: 3 });
    expect(meshed.platformWorkloads.map((w) => w.name)).toEqual(expect.arrayContaining(['istiod', 'waypoint (Istio L7 proxy)']));
    expect(meshed.eks.expectedNodesMax).toBeGreaterThan(none.eks.expectedNodesMax);
  });

  test('GIVEN a service added once, with its capacity figures THEN the plan sizes it: there is no second list to update', () => {
    const reports = { ...prod.services[1], name: 'report-service', pathPrefix: '/api/reports', trafficShare: 0.2 };
    const config = { ...prod, services: [prod.services[0], { ...prod.services[1], trafficShare: 0.4 }, prod.services[2], reports] };
    expect(planEnvironment(config).services['report-service']).toMatchObject({ name: 'report-service', environment: 'prod', azCount: 3, rpsAtTarget: 200_000 });
  });

  test.each(cases)('rejects %s', (_label, change, message) => {
    expect(() => validateEnvironmentConfig({ ...prod, ...change })).toThrow(message);
  });
});

describe('clusterAccess: how the deployer reaches the cluster', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/deployer';
  const withAccess = (clusterAccess: unknown) => ({ ...prod, clusterAccess } as EnvironmentConfig);

  test('GIVEN a deployer role and its network THEN the config is valid', () => {
    expect(() => validateEnvironmentConfig(withAccess({ deployerRoleArn: ROLE, deployerCidrs: ['10.8.0.0/16'] }))).not.toThrow();
    expect(() => validateEnvironmentConfig(withAccess({ deployerRoleArn: 'arn:aws-us-gov:iam::123456789012:role/ci/deployer', deployerSecurityGroupIds: ['sg-0123456789abcdef0'] }))).not.toThrow();
    expect(() => validateEnvironmentConfig(withAccess({ clusterCreatorAdmin: true, deployerSecurityGroupIds: ['sg-01234567'] }))).not.toThrow();
  });

  test.each([
    ['a user ARN', { deployerRoleArn: 'arn:aws:iam::123456789012:user/bob', deployerCidrs: ['10.8.0.0/16'] }, /config prod: clusterAccess.deployerRoleArn = "arn:aws:iam::123456789012:user\/bob" is not an IAM role ARN\. Fix: use the ARN of the role the deploy runs as/],
    ['an account id of 11 digits', { deployerRoleArn: 'arn:aws:iam::12345678901:role/deployer', deployerCidrs: ['10.8.0.0/16'] }, /clusterAccess.deployerRoleArn = .* is not an IAM role ARN/],
    ['a role name, not an ARN', { deployerRoleArn: 'deployer', deployerCidrs: ['10.8.0.0/16'] }, /clusterAccess.deployerRoleArn = "deployer" is not an IAM role ARN/],
    ['an SSO session ARN (assumed-role)', { deployerRoleArn: 'arn:aws:sts::123456789012:assumed-role/deployer/me', deployerCidrs: ['10.8.0.0/16'] }, /clusterAccess.deployerRoleArn = .* is not an IAM role ARN/],
  ])('GIVEN a malformed deployer role ARN (%s) THEN validation names it and the fix', (_label, access, message) => {
    expect(() => validateEnvironmentConfig(withAccess(access))).toThrow(message);
  });

  test.each([
    ['host bits set', ['10.8.0.1/16'], /clusterAccess.deployerCidrs\[0\] = "10.8.0.1\/16" is not an IPv4 network CIDR\. Fix: use a block such as "10.8.0.0\/16"/],
    ['a bare address', ['10.8.0.1'], /clusterAccess.deployerCidrs\[0\] = "10.8.0.1" is not an IPv4 network CIDR/],
    ['a prefix over 32', ['10.0.0.0/33'], /clusterAccess.deployerCidrs\[0\] = "10.0.0.0\/33" is not an IPv4 network CIDR/],
    ['the whole internet', ['10.8.0.0/16', '0.0.0.0/0'], /clusterAccess.deployerCidrs\[1\] = "0.0.0.0\/0" admits every address to the Kubernetes API/],
    ['a number', [10], /clusterAccess.deployerCidrs\[0\] = 10 is not an IPv4 network CIDR/],
  ])('GIVEN a malformed deployer CIDR (%s) THEN validation names it and the fix', (_label, cidrs, message) => {
    expect(() => validateEnvironmentConfig(withAccess({ deployerRoleArn: ROLE, deployerCidrs: cidrs }))).toThrow(message);
  });

  test.each([
    ['a group name', ['ci-runners'], /clusterAccess.deployerSecurityGroupIds\[0\] = "ci-runners" is not a security group id/],
    ['upper-case hex', ['sg-0123456789ABCDEF0'], /deployerSecurityGroupIds\[0\] = "sg-0123456789ABCDEF0" is not a security group id/],
    ['a short id', ['sg-123'], /deployerSecurityGroupIds\[0\] = "sg-123" is not a security group id/],
  ])('GIVEN a malformed deployer security group (%s) THEN validation names it', (_label, ids, message) => {
    expect(() => validateEnvironmentConfig(withAccess({ deployerRoleArn: ROLE, deployerSecurityGroupIds: ids }))).toThrow(message);
  });

  test.each([
    ['both modes', { deployerRoleArn: ROLE, clusterCreatorAdmin: true, deployerCidrs: ['10.8.0.0/16'] }, /clusterAccess = .* sets both deployerRoleArn and clusterCreatorAdmin\. Fix: choose one/],
    ['neither mode', { deployerCidrs: ['10.8.0.0/16'] }, /clusterAccess = .* gives the deployer no access to the cluster \(neither deployerRoleArn nor clusterCreatorAdmin: true\)/],
    ['creator admin explicitly off', { clusterCreatorAdmin: false, deployerCidrs: ['10.8.0.0/16'] }, /gives the deployer no access to the cluster/],
    ['creator admin as a string', { clusterCreatorAdmin: 'yes', deployerCidrs: ['10.8.0.0/16'] }, /clusterAccess.clusterCreatorAdmin = "yes" is not a boolean/],
    ['no network', { deployerRoleArn: ROLE }, /clusterAccess = .* names no network the deployer reaches the private API endpoint from.*Fix: list the deployer's networks in deployerCidrs/],
    ['empty networks', { clusterCreatorAdmin: true, deployerCidrs: [], deployerSecurityGroupIds: [] }, /names no network the deployer reaches the private API endpoint from/],
    ['not an object', 'admin', /clusterAccess = "admin" is not an object/],
  ])('GIVEN %s THEN validation fails saying what to set', (_label, access, message) => {
    expect(() => validateEnvironmentConfig(withAccess(access))).toThrow(message);
  });

  test('GIVEN no clusterAccess THEN the config alone validates (the capacity and cost reports need no cluster), and requireClusterAccess names what to set', () => {
    const { clusterAccess: _omit, ...without } = prod;
    expect(() => validateEnvironmentConfig(without)).not.toThrow();
    expect(() => requireClusterAccess(without)).toThrow(
      /config prod: clusterAccess = undefined is not set, but the environment has a platform stack \(prod-platform\).*Fix: set clusterAccess: \{ deployerRoleArn: .*deployerCidrs.*clusterCreatorAdmin: true/,
    );
  });
});

describe('kubernetesVersion and albCapacityReservation', () => {
  test('GIVEN no version THEN the newest EKS version (1.36) is used', () => {
    expect(kubernetesVersionOf(prod)).toBe('1.36');
    expect(kubernetesVersionOf({ ...prod, kubernetesVersion: '1.35' })).toBe('1.35');
  });

  test.each([
    ['a version EKS never had pinned here', '1.29'],
    ['a patch version', '1.36.1'],
    ['a number', 1.36],
  ])('GIVEN %s THEN validation lists the versions with pinned add-ons', (_label, version) => {
    expect(() => validateEnvironmentConfig({ ...prod, kubernetesVersion: version as string })).toThrow(/config prod: kubernetesVersion = .* is not supported\. Fix: use one of "1\.36", "1\.35", "1\.33"/);
  });

  test('GIVEN albCapacityReservation that is not a boolean THEN validation fails', () => {
    expect(() => validateEnvironmentConfig({ ...prod, albCapacityReservation: 'on' as unknown as boolean })).toThrow(/albCapacityReservation = "on" is not a boolean/);
  });
});
