/**
 * `npm run loadtest -- --url <base URL> [--env prod] [--rate 200] [--ramp 10] [--steps 5] [--hold 10] ...`
 *
 * Load test of a deployed environment, driven by its config: the request mix over the
 * services' paths (their traffic shares), a ramp to `--rate`, a report per path against the
 * SLOs (p95 < 100 ms, 5xx under the 99.9% availability budget), then one check per rate tier
 * (expects 429 past each). Exit status 1 when any check fails.
 *
 * `--calibrate <service>` instead drives one pod (e.g. `kubectl port-forward pod/<pod> 8080`
 * and `--url http://127.0.0.1:8080`) to its HPA's CPU target and prints the requests/s per
 * pod to put into the capacity inputs (`podRps`).
 */
import { ENVIRONMENTS, environmentNamed } from './environments';
import { parseLoadTestArgs, USAGE, UsageError } from './loadtest/plan';
import { runCalibration, runLoadTest } from './loadtest/run';
import { loadTestTargets } from './loadtest/targets';

async function main(): Promise<number> {
  let options;
  try {
    options = parseLoadTestArgs(process.argv.slice(2), ENVIRONMENTS.map((e) => e.name));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const targets = loadTestTargets(environmentNamed(options.environment));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const outcome = options.calibrate ? await runCalibration(options, targets, log) : await runLoadTest(options, targets, log);
  return outcome.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
