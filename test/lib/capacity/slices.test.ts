import { CapacityPlan, planCapacity } from '../../../lib/capacity';
import { capacityInputsOf, planEnvironment } from '../../../lib/config/environment';
import { ENVIRONMENTS, prod } from '../../../stacks/environments';
import { handCheckedInputs } from './fixtures';

/** The plan is the API: every slice a construct takes names the plan it came from. */
describe('plan slices carry their plan\'s identity', () => {
  const slices = (plan: CapacityPlan) => ({
    network: plan.network,
    alb: plan.alb,
    nginx: plan.nginx,
    eks: plan.eks,
    cache: plan.cache,
    database: plan.database,
    readPooler: plan.readPooler,
    servicesNamespace: plan.servicesNamespace,
    monitoring: plan.monitoring,
    ...Object.fromEntries(Object.entries(plan.services).map(([name, s]) => [`services.${name}`, s])),
  });

  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN %s THEN every slice names the environment and its AZ count', (name, config) => {
    const plan = planEnvironment(config);
    for (const [slice, value] of Object.entries(slices(plan))) {
      expect({ slice, environment: value?.environment, azCount: value?.azCount }).toEqual({ slice, environment: name, azCount: config.availabilityZones.length });
    }
  });

  test('GIVEN a service slice THEN it names its service', () => {
    const plan = planCapacity(handCheckedInputs());
    for (const [name, s] of Object.entries(plan.services)) expect(s.name).toBe(name);
  });
});

describe('the slices hold what constructs used to compute themselves', () => {
  let plan: ReturnType<typeof planEnvironment>;
  beforeEach(() => {
    plan = planEnvironment(prod);
  });

  test('GIVEN prod THEN the nginx shedding limit is the instance\'s load at target over the utilisation', () => {
    expect(plan.nginx.globalRequestsPerSecondPerInstance).toBe(Math.ceil(plan.nginx.requestCountPerTargetPerMinute / 60 / plan.targetUtilization));
  });

  test('GIVEN prod THEN each service\'s HPA request target is its pod figure at the CPU target', () => {
    for (const s of Object.values(plan.services)) {
      expect(s.targetRequestsPerSecondPerPod).toBe((s.podRps * s.targetCpuUtilizationPercent) / 100);
      expect(s.cpuLimitMillicores).toBe(2 * s.cpuRequestMillicores);
    }
  });

  test('GIVEN prod THEN the node bounds are the node groups\' sums, in the EKS and the monitoring slices alike', () => {
    const min = plan.eks.nodeGroups.reduce((n, g) => n + g.minSize, 0);
    const max = plan.eks.nodeGroups.reduce((n, g) => n + g.maxSize, 0);
    expect(plan.eks).toMatchObject({ expectedNodesMin: min, expectedNodesMax: max });
    expect(plan.monitoring).toMatchObject({ expectedNodesMin: min, expectedNodesMax: max });
  });

  test('GIVEN prod THEN the monitoring slice lists every service with its load at target', () => {
    expect(plan.monitoring.services).toEqual(prod.services.map((s) => ({ name: s.name, plannedRps: plan.services[s.name].rpsAtTarget, usesDatabase: plan.services[s.name].dbPoolSizePerPod > 0 })));
  });

  test('GIVEN the database slice THEN Multi-AZ follows survivesAzLoss', () => {
    expect(plan.database.multiAz).toBe(true);
    expect(planCapacity({ ...capacityInputsOf(prod), survivesAzLoss: false }).database.multiAz).toBe(false);
  });
});
