import { spotInstanceTypes } from '../../lib/capacity/catalog';
import { ActiveHours, activeHoursRecurrences, CostLeverSettings } from '../../lib/cost/levers';
import { ScheduledScaling, SpotSettings } from '../auto-scaling-group';

/**
 * The cost levers as the fleets' settings: what `EnvironmentConfig.levers` (priced by
 * `npm run cost`) builds in the stacks.
 */

/** The two scheduled actions that hold a fleet at its planned minimum outside the active hours. */
export function outsideActiveHours(hours: ActiveHours, fleet: { readonly minSize: number; readonly maxSize: number }): ScheduledScaling[] {
  const { open, close, timeZone } = activeHoursRecurrences(hours);
  return [
    // The scaling policies (or the cluster autoscaler) move the fleet within these bounds again.
    { name: 'active-hours-start', recurrence: open, timeZone, minSize: fleet.minSize, maxSize: fleet.maxSize },
    // No scale-out until the next start; desired drops to the minimum at once.
    { name: 'active-hours-end', recurrence: close, timeZone, minSize: fleet.minSize, maxSize: fleet.minSize, desiredCapacity: fleet.minSize },
  ];
}

/** The nginx fleet on Spot: every instance above no on-demand base, over the planned size's pools. */
export function nginxSpot(levers: CostLeverSettings, instanceType: string): SpotSettings | undefined {
  return levers.spot.nginx ? { instanceTypes: spotInstanceTypes(instanceType, 'levers.spot.nginx'), onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0 } : undefined;
}
