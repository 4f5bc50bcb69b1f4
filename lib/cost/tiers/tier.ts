import { LineItem, PricingContext } from '../line';

/**
 * One tier of the bill. A tier added to the stacks (Kafka on MSK, CloudFront, a service mesh)
 * adds one file with one of these and one line in COST_TIERS (./index.ts): its line items,
 * priced from the catalog, with the quantities it reads from CostInputs.
 */
export interface CostTier {
  readonly name: string;
  /** What the tier leaves out, shown under its table. */
  readonly notes?: (ctx: PricingContext) => readonly string[];
  lines(ctx: PricingContext): LineItem[];
}
