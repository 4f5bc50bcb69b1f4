import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SynthesizedStack } from './synth';
import { testApp } from './temp';

/** GIVEN-helper for platform constructs: a stack with kubernetes and helm providers. */
export function synthPlatformConstructs(build: (scope: Construct) => void): SynthesizedStack {
  const app = testApp();
  const stack = new TerraformStack(app, 'test-platform');
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  new HelmProvider(stack, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** Parses a helm_release `values` entry the way Terraform will hand it to Helm (`$${` is a literal `${`). */
export function helmValues(release: Record<string, unknown>): Record<string, any> {
  const [values] = release.values as string[];
  return JSON.parse(values.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')) as Record<string, any>;
}
