import { App } from 'cdktf';
import { EnvironmentConfig } from '../lib/config/environment';
import { Environment } from '../constructs/environment';
import { ENVIRONMENTS } from './environments';

export interface BuildAppOptions {
  /** @default - $CDKTF_OUTDIR, else 'cdktf.out' */
  readonly outdir?: string;
  /** @default - every environment */
  readonly environments?: readonly EnvironmentConfig[];
}

/**
 * The reference application: one Environment per config (its `<env>` and `<env>-platform`
 * stacks, guarded by the policy), and nothing else.
 */
export function buildApp(options: BuildAppOptions = {}): App {
  // Without an explicit outdir, cdktf's own rule applies: CDKTF_OUTDIR (set by the CLI), else cdktf.out.
  // No stack traces in annotations: a policy error names its construct path, which is what to fix.
  const app = new App({ outdir: options.outdir, skipValidation: false, stackTraces: false });
  for (const config of options.environments ?? ENVIRONMENTS) new Environment(app, config.name, { config });
  return app;
}
