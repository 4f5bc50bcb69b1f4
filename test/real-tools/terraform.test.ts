import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planOffline } from '../../lib/offline-plan';
import { ENVIRONMENTS } from '../../stacks/environments';
import { DEV_WITH_API_FRONT } from '../support/api-front-variant';
import { apiFrontVariantStackDir, synthesizeReferenceApp } from '../support/app-synth';
import { tempDir } from '../support/temp';
import { AWS_PROVIDER_VERSION, findProviderMirror, inParallel, terraformVersion } from '../support/terraform';

/**
 * Verification ladder, step 4: every AWS stack of every environment is valid Terraform for
 * the real hashicorp/aws provider and plans offline, through the helper the package ships
 * (`planOffline`, lib/offline-plan.ts). Needs the Terraform CLI and a local mirror of
 * hashicorp/aws 5.100.0 (TF_PROVIDER_MIRROR, or discovered); skips loudly without them, and
 * fails in CI (CI=true) where they must exist.
 */
const PLAN_TIMEOUT_MS = 10 * 60 * 1000;
/** Plans are CPU-bound in the provider plugin; this machine class has two cores. */
const PARALLEL_PLANS = Math.max(2, Math.min(4, os.cpus().length));

describe('terraform validation and offline plan', () => {
  const awsStacks = ENVIRONMENTS.map((e) => e.name);

  test(
    `every AWS stack (and dev with the API front) plans offline against hashicorp/aws ${AWS_PROVIDER_VERSION}`,
    async () => {
      const version = await terraformVersion();
      const mirror = findProviderMirror();
      if (!version || !mirror) {
        const missing = !version ? 'the terraform CLI is not on PATH' : `no local mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} was found (set TF_PROVIDER_MIRROR)`;
        if (process.env.CI) throw new Error(`Terraform check cannot run in CI: ${missing}`);
        console.warn(`\n*** SKIPPED: real Terraform check: ${missing}. Every AWS stack is unverified against the provider. ***\n`);
        return;
      }
      const app = synthesizeReferenceApp();
      // The API front is off in every reference environment: dev with it on is planned beside
      // them, the longest plan (prod) first so the variant runs in the other lanes' slack.
      const stackDirs = new Map<string, string>([...awsStacks.map((s) => [s, app.stackDir(s)] as const), [DEV_WITH_API_FRONT.name, apiFrontVariantStackDir()]]);
      const order = [...stackDirs.keys()].sort((a, b) => Number(b === 'prod') - Number(a === 'prod'));
      const listing = () => [...stackDirs].flatMap(([stack, dir]) => fs.readdirSync(dir).map((f) => `${stack}/${f}`));
      const before = listing();
      // planOffline works on a private copy: the shared synth output other test files read (the variant's too) stays as synthesized.
      const results = await inParallel(order, PARALLEL_PLANS, (stack) => planOffline(stackDirs.get(stack)!, { providerMirror: mirror }));
      const report = results.map((r) => `  ${r.stack.padEnd(12)} ${r.summary} (${r.seconds.toFixed(1)} s)`).join('\n');
      console.log(`terraform ${version}, provider mirror ${mirror}\n${report}`);
      for (const result of results) {
        expect({ stack: result.stack, plansResources: result.toAdd > 0 }).toEqual({ stack: result.stack, plansResources: true });
      }
      expect(results.map((r) => r.stack).sort()).toEqual([...stackDirs.keys()].sort());
      // Nothing of the plan (.terraform/, lock file, override, state) is left beside the synthesized stacks.
      expect(listing()).toEqual(before);
    },
    PLAN_TIMEOUT_MS,
  );

  test(
    'GIVEN a stack the provider rejects (an argument it lacks, a value out of its range) THEN planOffline fails with the validation message: plan validates first, no separate validate is needed',
    async () => {
      const version = await terraformVersion();
      const mirror = findProviderMirror();
      if (!version || !mirror) {
        if (process.env.CI) throw new Error('Terraform check cannot run in CI: the terraform CLI or the provider mirror is missing');
        console.warn('\n*** SKIPPED: offline plan validation check: terraform or the provider mirror is missing. ***\n');
        return;
      }
      const stackFor = (queue: Record<string, unknown>) => {
        const dir = path.join(tempDir('cdktf-invalid-'), 'invalid');
        fs.mkdirSync(dir);
        const document = {
          terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } } },
          provider: { aws: [{ region: 'us-east-1' }] },
          resource: { aws_sqs_queue: { q: { name: 'q', ...queue } } },
        };
        fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(document));
        return dir;
      };
      const failure = (queue: Record<string, unknown>) => planOffline(stackFor(queue), { providerMirror: mirror }).then(() => 'planned', (e: Error) => e.message);
      const [unknownArgument, outOfRange] = await Promise.all([failure({ no_such_argument: 1 }), failure({ delay_seconds: 901 })]);
      expect(unknownArgument).toMatch(/^terraform plan failed for stack invalid:[\s\S]*Extraneous JSON object property[\s\S]*no_such_argument/);
      expect(outOfRange).toMatch(/^terraform plan failed for stack invalid:[\s\S]*expected delay_seconds to be in the range \(0 - 900\), got 901/);
    },
    PLAN_TIMEOUT_MS,
  );
});
