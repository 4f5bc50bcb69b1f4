import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from '../../lib/errors';
import { checkPlanSlice, planned, plannedRequired } from '../../lib/plan-slice';
import { testApp } from '../support/temp';

const scope = new Construct(new TerraformStack(testApp(), 'stack'), 'database');
const slice = { environment: 'prod', azCount: 3, replicaCount: 3 };

describe('checkPlanSlice', () => {
  test('GIVEN the slice of this environment over its AZs THEN it passes', () => {
    expect(() => checkPlanSlice(scope, 'capacity', slice, { availabilityZones: ['a', 'b', 'c'], plannedFor: 'prod' })).not.toThrow();
    expect(() => checkPlanSlice(scope, 'capacity', undefined, { availabilityZones: ['a'] })).not.toThrow();
  });

  test.each<[string, unknown, Parameters<typeof checkPlanSlice>[3], RegExp]>([
    ['a slice planned for 3 AZs on a 2-AZ network', slice, { availabilityZones: ['us-east-1a', 'us-east-1b'] }, /Construct \(stack\/database\): capacity.azCount = 3 does not match the 2 AZs this construct is deployed over \(us-east-1a, us-east-1b\).*Fix: pass the slice of the plan made for this environment/],
    ['a slice planned for 3 AZs on a 4-AZ network', slice, { availabilityZones: ['a', 'b', 'c', 'd'] }, /capacity.azCount = 3 does not match the 4 AZs/],
    ['another environment\'s slice', { ...slice, environment: 'staging' }, { plannedFor: 'prod' }, /capacity.environment = "staging" is not the environment its network was planned for \("prod"\).*Fix: pass the slice of the "prod" plan/],
    ['a plain object that is no slice', { replicaCount: 3 }, {}, /capacity = \{"replicaCount":3\} is not a slice of a capacity plan.*Fix: pass the matching field of planCapacity/],
    ['a number', 3, {}, /capacity = 3 is not a slice of a capacity plan/],
  ])('GIVEN %s THEN a ValidationError names the prop and the fix', (_name, value, context, message) => {
    const run = () => checkPlanSlice(scope, 'capacity', value as never, context);
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
  });
});

describe('planned', () => {
  test('GIVEN only the plan, only an explicit value, or both equal THEN that value', () => {
    expect(planned(scope, 'replicaCount', undefined, 3)).toBe(3);
    expect(planned(scope, 'replicaCount', 5, undefined)).toBe(5);
    expect(planned(scope, 'replicaCount', 3, 3)).toBe(3);
    expect(planned(scope, 'instanceTypes', ['c7g.large'], ['c7g.large'])).toEqual(['c7g.large']);
  });

  test.each<[string, unknown, unknown, RegExp]>([
    ['a count', 5, 3, /replicaCount = 5 contradicts the capacity plan \(capacity gives 3\). Fix: leave replicaCount out to take the plan's value, or leave capacity out/],
    ['a class', 'db.r7g.large', 'db.r7g.4xlarge', /replicaCount = "db.r7g.large" contradicts the capacity plan \(capacity gives "db.r7g.4xlarge"\)/],
    ['zero against the plan', 0, 3, /replicaCount = 0 contradicts the capacity plan \(capacity gives 3\)/],
  ])('GIVEN %s that differs from the plan THEN a ValidationError shows both', (_name, explicit, fromPlan, message) => {
    expect(() => planned(scope, 'replicaCount', explicit, fromPlan)).toThrow(message);
  });

  test('GIVEN neither for a required size THEN the error asks for the slice or the value', () => {
    expect(() => plannedRequired(scope, 'shards', undefined, undefined, 'shards: 3')).toThrow(/shards = undefined is required without capacity. Fix: pass capacity \(a slice of the capacity plan\), or shards itself, e.g. shards: 3/);
  });
});
