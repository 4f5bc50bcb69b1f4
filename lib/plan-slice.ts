import { IConstruct } from 'constructs';
import { PlanIdentity } from './capacity/plan';
import { describeValue, invalid } from './errors';
import { isUnresolved } from './validation';

/**
 * How sized constructs take their slice of the capacity plan (`capacity: plan.database`)
 * and still accept explicit sizes from users who do not use the model.
 */

/** What a sized construct can check a slice against: the AZs it is deployed over and, when known, the environment they were planned for. */
export interface SliceContext {
  /** AZ names the construct spreads over (its network's). */
  readonly availabilityZones?: readonly string[];
  /** The environment the construct's network was planned for (`Network` with `capacity`), when known. */
  readonly plannedFor?: string;
}

/**
 * Checks that `slice` (a construct's `capacity` prop) is a plan slice, and that it was planned
 * for the AZ count and environment the construct is wired to. Throws a ValidationError naming
 * the construct, the prop and the fix.
 */
export function checkPlanSlice(scope: IConstruct, prop: string, slice: PlanIdentity | undefined, context: SliceContext = {}): void {
  if (slice === undefined) return;
  if (typeof slice !== 'object' || slice === null || typeof slice.environment !== 'string' || typeof slice.azCount !== 'number') {
    invalid(scope, prop, slice, 'is not a slice of a capacity plan', `pass the matching field of planCapacity(...) or planEnvironment(config), e.g. ${prop}: plan.${sliceHint(prop)}`);
  }
  const azs = context.availabilityZones;
  if (azs !== undefined && !isUnresolved(azs as string[]) && azs.length !== slice.azCount) {
    invalid(
      scope,
      `${prop}.azCount`,
      slice.azCount,
      `does not match the ${azs.length} AZs this construct is deployed over (${azs.join(', ')}): the slice was planned for environment "${slice.environment}" with ${slice.azCount} AZs`,
      'pass the slice of the plan made for this environment (planEnvironment(config) or planCapacity with azCount equal to the network\'s AZs)',
    );
  }
  if (context.plannedFor !== undefined && context.plannedFor !== slice.environment) {
    invalid(
      scope,
      `${prop}.environment`,
      slice.environment,
      `is not the environment its network was planned for ("${context.plannedFor}"): the slice comes from another environment's plan`,
      `pass the slice of the "${context.plannedFor}" plan, the one the network's capacity came from`,
    );
  }
}

/**
 * The value a sized prop takes: the explicit one, else the plan's. Both given and different
 * is a contradiction, reported with the two values and the fix; both missing is an error when
 * the prop is required.
 */
export function planned<T>(scope: IConstruct, prop: string, explicit: T | undefined, fromPlan: T | undefined, capacityProp = 'capacity'): T | undefined {
  if (explicit === undefined) return fromPlan;
  if (fromPlan === undefined || isUnresolved(explicit) || same(explicit, fromPlan)) return explicit;
  return invalid(
    scope,
    prop,
    explicit,
    `contradicts the capacity plan (${capacityProp} gives ${describeValue(fromPlan)})`,
    `leave ${prop} out to take the plan's value, or leave ${capacityProp} out and size the construct yourself`,
  );
}

/** Like {@link planned}, for a size the construct cannot do without. */
export function plannedRequired<T>(scope: IConstruct, prop: string, explicit: T | undefined, fromPlan: T | undefined, example: string, capacityProp = 'capacity'): T {
  const value = planned(scope, prop, explicit, fromPlan, capacityProp);
  if (value === undefined) invalid(scope, prop, value, `is required without ${capacityProp}`, `pass ${capacityProp} (a slice of the capacity plan), or ${prop} itself, e.g. ${example}`);
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sliceHint(prop: string): string {
  return prop === 'capacity' ? '<slice>' : prop;
}
