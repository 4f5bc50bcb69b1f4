import { invalid } from '../errors';
import { US_EAST_1 } from './catalog-us-east-1';
import { PriceCatalog, PriceOverride, validateCatalog, withOverrides } from './price';

/** Price catalogs by Region. Every reference environment runs in us-east-1. */
export const PRICE_CATALOGS: Readonly<Record<string, PriceCatalog>> = { 'us-east-1': US_EAST_1 };

/** The catalog of `region`, with `overrides` applied; a ValidationError for a Region with no prices. */
export function catalogFor(region: string, overrides: Readonly<Record<string, PriceOverride>> = {}, where = 'cost model'): PriceCatalog {
  const base = PRICE_CATALOGS[region];
  if (!base) {
    invalid(where, 'region', region, 'has no price catalog', `use one of ${Object.keys(PRICE_CATALOGS).join(', ')}, or pass your own PriceCatalog for ${region} (priceEnvironment options.catalog)`);
  }
  validateCatalog(base);
  return Object.keys(overrides).length > 0 ? withOverrides(base, overrides) : base;
}
