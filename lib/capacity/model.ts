import { planAlb } from './alb';
import { planCache } from './cache';
import { planDatabase } from './database';
import { planNodeGroups, planServices } from './eks';
import { CapacityInputs, validateInputs } from './inputs';
import { planNginx } from './nginx';
import { CapacityPlan } from './plan';

/**
 * Derives every size of an environment from its target RPS, utilisation and AZ-failure
 * tolerance. Throws a ValidationError on a bad input or an exceeded AWS quota; the
 * message names the input path, the value, the limit and the fix.
 */
export function planCapacity(inputs: CapacityInputs): CapacityPlan {
  validateInputs(inputs);
  const where = `capacity model (${inputs.environment})`;
  const alb = planAlb(inputs, where);
  const nginx = planNginx(inputs, where);
  const services = planServices(inputs);
  const nodes = planNodeGroups(inputs, services.services, where);
  const cache = planCache(inputs, where);
  const database = planDatabase(inputs, services.services, where);
  return {
    environment: inputs.environment,
    targetRps: inputs.targetRps,
    targetUtilization: inputs.targetUtilization,
    azCount: inputs.azCount,
    survivesAzLoss: inputs.survivesAzLoss,
    alb: alb.plan,
    nginx: nginx.plan,
    services: services.services,
    nodeGroups: nodes.nodeGroups,
    cache: cache.plan,
    database: database.plan,
    tiers: [alb.tier, nginx.tier, ...services.tiers, nodes.tier, cache.tier, database.tier],
  };
}
