import { App, TerraformStack } from 'cdktf';
import { EnvironmentConfig, validateEnvironmentConfig } from '../lib/config/environment';
import { Policy } from '../lib/policy';
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
  environments.forEach((config) => validateEnvironmentConfig(config));
  // Without an explicit outdir, cdktf's own rule applies: CDKTF_OUTDIR (set by the CLI), else cdktf.out.
  // No stack traces in annotations: a policy error names its construct path, which is what to fix.
  const app = new App({ outdir: options.outdir, skipValidation: false, stackTraces: false });
  for (const config of environments) {
    const before = new Set(stacksOf(app));
    const aws = new EnvironmentAwsStack(app, config);
    new EnvironmentPlatformStack(app, config, aws);
    // Every stack the environment adds gets the guardrails (lib/policy): violations fail synth.
    for (const stack of stacksOf(app).filter((s) => !before.has(s))) {
      Policy.apply(stack, { production: config.production, warnings: config.policyWarnings });
    }
  }
  return app;
}

function stacksOf(app: App): TerraformStack[] {
  return app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
}
