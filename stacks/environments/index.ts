import { EnvironmentConfig } from '../../lib/config/environment';
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';

/** Every environment the reference app deploys, in promotion order. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, staging, prod];

export function environmentNamed(name: string): EnvironmentConfig {
  const found = ENVIRONMENTS.find((e) => e.name === name);
  if (!found) {
    throw new Error(`Unknown environment "${name}". Fix: use one of ${ENVIRONMENTS.map((e) => e.name).join(', ')}.`);
  }
  return found;
}

export { dev, prod, staging };
