import { EnvironmentConfig, planEnvironment } from '../config/environment';
import { invalid } from '../errors';
import { costInputsFor } from './adapter';
import { priceInputs, PriceOptions } from './model';

/** The budgets the design notes put on their plans (/work/shared/design-notes). */
export interface DesignNotesBudget {
  readonly label: string;
  readonly monthlyUsd: number;
  /** Where the notes state it and for what. */
  readonly source: string;
}

export const DESIGN_NOTES_BUDGETS: readonly DesignNotesBudget[] = [
  { label: '$5,000/month', monthlyUsd: 5_000, source: 'design notes 001 "Cost Estimate: Infrastructure: $5,000-10,000/month" (a plan for 100,000+ requests/s), low end' },
  { label: '$10,000/month', monthlyUsd: 10_000, source: 'design notes 001, high end' },
  { label: '$25,000/month', monthlyUsd: 25_000, source: 'design notes 000 "Budget: $25,000-30,000/month for infrastructure" (target: 1,000,000 requests/s per service), low end' },
  { label: '$30,000/month', monthlyUsd: 30_000, source: 'design notes 000, high end' },
];

export interface BudgetRow {
  readonly budget: DesignNotesBudget;
  /** Most requests/s an environment of this config's shape carries at target within the budget (priced lines only), or 0 when even the smallest does not fit. */
  readonly carriesRps: number;
  /** That load's share of the config's target. */
  readonly shareOfTarget: number;
  /** Monthly cost (priced lines) of the environment sized for it. */
  readonly monthlyAtThatLoad: number;
}

/**
 * What each budget buys under this model: the largest target (to 1,000 req/s) an environment of
 * the same shape (AZs, AZ-loss rule, request mix, instance types) is sized for and priced within
 * the budget at target. Cost grows with the target in steps (whole instances), so the search
 * takes the largest target whose own cost fits.
 */
export function whatBudgetsBuy(config: EnvironmentConfig, budgets: readonly DesignNotesBudget[] = DESIGN_NOTES_BUDGETS, options: PriceOptions = {}): BudgetRow[] {
  const cost = (rps: number): number => {
    const scaled = { ...config, capacity: { ...config.capacity, targetRps: rps } };
    return priceInputs(costInputsFor(scaled, planEnvironment(scaled), { asOf: options.asOf }), { ...options, levers: undefined }).total.target;
  };
  const step = 1_000;
  const top = config.capacity.targetRps;
  if (top < step) invalid(`cost model (${config.name})`, 'capacity.targetRps', top, `is below the budget search step (${step} req/s)`, 'compare budgets for an environment sized for at least 1,000 req/s');
  return budgets.map((budget) => {
    let lo = 0;
    let hi = Math.floor(top / step);
    if (cost(step) > budget.monthlyUsd) return { budget, carriesRps: 0, shareOfTarget: 0, monthlyAtThatLoad: cost(step) };
    if (cost(hi * step) <= budget.monthlyUsd) return { budget, carriesRps: hi * step, shareOfTarget: 1, monthlyAtThatLoad: cost(hi * step) };
    lo = 1;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (cost(mid * step) <= budget.monthlyUsd) lo = mid;
      else hi = mid;
    }
    return { budget, carriesRps: lo * step, shareOfTarget: (lo * step) / top, monthlyAtThatLoad: cost(lo * step) };
  });
}
