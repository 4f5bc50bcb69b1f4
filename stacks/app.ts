import { App } from 'cdktf';
import { EnvironmentConfig, validateEnvironmentConfig } from '../lib/config/environment';
import { EnvironmentAwsStack } from './aws-stack';
import { ENVIRONMENTS } from './environments';
import { EnvironmentPlatformStack } from './platform-stack';

export interface BuildAppOptions {
  /** @default - $CDKTF_OUTDIR, else 'cdktf.out' */
  readonly outdir?: string;
  /** @default - every environment */
  readonly environments?: readonly EnvironmentConfig[];
}

/** The reference application: per environment, the stacks of ARCHITECTURE.md. */
export function buildApp(options: BuildAppOptions = {}): App {
  const environments = options.environments ?? ENVIRONMENTS;
  environments.forEach(validateEnvironmentConfig);
  // Without an explicit outdir, cdktf's own rule applies: CDKTF_OUTDIR (set by the CLI), else cdktf.out.
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const config of environments) {
    const aws = new EnvironmentAwsStack(app, config);
    new EnvironmentPlatformStack(app, config, aws);
  }
  return app;
}
