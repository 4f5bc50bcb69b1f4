/**
 * The tests' view of the shipped offline-plan helper (lib/offline-plan.ts, exported from the
 * package as `planOffline` and run by the `cdktf-million-rps-plan` command): this repo plans
 * against hashicorp/aws 5.100.0, the provider @cdktf/provider-aws 20.1.0 was generated from.
 */
import * as lib from '../../lib/offline-plan';

export { inParallel } from '../../lib/offline-plan';

/** The provider the bindings were generated from (@cdktf/provider-aws 20.1.0). */
export const AWS_PROVIDER_VERSION = '5.100.0';

export const AWS_PROVIDER: lib.ProviderRequirement = { source: 'registry.terraform.io/hashicorp/aws', version: AWS_PROVIDER_VERSION };

/** A local mirror holding hashicorp/aws {@link AWS_PROVIDER_VERSION}: `TF_PROVIDER_MIRROR`, or discovered. */
export function findProviderMirror(): string | undefined {
  return lib.findProviderMirror([AWS_PROVIDER]);
}

/** The providers a synthesized stack requires that `mirror` lacks ({@link lib.providersMissingFromMirror}), as `namespace/type`. */
export function providersMissingFromMirror(mirror: string, stackDir: string): string[] {
  return lib.providersMissingFromMirror(mirror, stackDir).map((p) => p.source.replace(/^registry\.terraform\.io\//, ''));
}

/** The Terraform CLI's version, or undefined when it is not on PATH. */
export async function terraformVersion(): Promise<string | undefined> {
  return lib.requireTerraform().catch(() => undefined);
}

/** A Terraform CLI config that installs hashicorp/aws only from `mirror`. */
export function writeCliConfig(mirror: string, dir: string): string {
  return lib.writeMirrorCliConfig(mirror, dir, [AWS_PROVIDER]);
}

export type PlanResult = lib.OfflinePlanResult;

/** {@link lib.planOffline} of the stack in `stackDir` with the given CLI config (the synthesized folder is left unchanged). */
export async function planOffline(stack: string, stackDir: string, cliConfig: string): Promise<PlanResult> {
  const result = await lib.planOffline(stackDir, { cliConfigFile: cliConfig });
  if (result.stack !== stack) throw new Error(`planned ${result.stack}, expected ${stack}`);
  return result;
}
