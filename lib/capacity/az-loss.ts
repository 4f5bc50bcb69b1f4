import { CapacityPlan } from './plan';

/** One tier with an AZ shifted away (or lost): what the capacity model says it still carries. */
export interface AzLossTier {
  readonly tier: string;
  /** Requests/s the tier carries at the target utilisation with every AZ up. */
  readonly capacityRps: number;
  /** Requests/s it carries at the target utilisation with one AZ gone. */
  readonly capacityRpsWithOneAzLost: number;
  /** Utilisation at the target load with one AZ gone (the planned utilisation x target / capacity). */
  readonly utilisationAtTarget: number;
}

export interface AzLossPrediction {
  readonly environment: string;
  readonly targetRps: number;
  /** Requests/s the environment still serves with one AZ gone: the target, or the weakest tier's capacity if smaller. */
  readonly servedRps: number;
  /** The tier that bounds `servedRps`. */
  readonly weakestTier: string;
  readonly tiers: readonly AzLossTier[];
}

/**
 * What the capacity model predicts when one AZ is shifted away or lost: per tier the
 * requests/s it still carries at the planned utilisation (its `capacityRpsWithOneAzLost`), and
 * the utilisation the target load puts on what is left. While every tier stays at or below the
 * planned utilisation, the per-unit figures the plan was sized from (and with them p95 within
 * the SLO) still hold.
 */
export function azLossPrediction(plan: CapacityPlan): AzLossPrediction {
  const tiers = plan.tiers.map((t) => ({
    tier: t.name,
    capacityRps: t.capacityRps,
    capacityRpsWithOneAzLost: t.capacityRpsWithOneAzLost,
    utilisationAtTarget: t.capacityRpsWithOneAzLost > 0 ? (plan.targetUtilization * plan.targetRps) / t.capacityRpsWithOneAzLost : Infinity,
  }));
  const weakest = tiers.reduce((a, b) => (b.capacityRpsWithOneAzLost < a.capacityRpsWithOneAzLost ? b : a));
  return { environment: plan.environment, targetRps: plan.targetRps, servedRps: Math.min(plan.targetRps, weakest.capacityRpsWithOneAzLost), weakestTier: weakest.tier, tiers };
}

/** The prediction as the Markdown table docs/runbooks.md ("Zonal shift") shows for an environment. */
export function renderAzLossTable(plan: CapacityPlan): string {
  const p = azLossPrediction(plan);
  const n = (x: number) => x.toLocaleString('en-US');
  const rows = p.tiers.map((t) => `| ${t.tier} | ${n(t.capacityRps)} | ${n(t.capacityRpsWithOneAzLost)} | ${Number.isFinite(t.utilisationAtTarget) ? t.utilisationAtTarget.toFixed(2) : 'n/a'} |`);
  return [
    `${p.environment}: target ${n(p.targetRps)} req/s at utilisation ${plan.targetUtilization}; with one AZ shifted away it serves ${n(p.servedRps)} req/s (weakest tier: ${p.weakestTier}).`,
    '',
    '| tier | req/s, every AZ | req/s, one AZ away | utilisation at target, one AZ away |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
