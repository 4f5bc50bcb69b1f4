/**
 * `npm run bench`: how close synth and tests are to the floor of what cdktf and the provider
 * packages cost, on this machine, in one run. A benchmark, not a test: it prints a table
 * and never fails the build.
 *
 *   synth      the cdktf.json `app` command (every environment), median of RUNS
 *   floor      node + cdktf + exactly the provider modules that synth loaded, median of RUNS
 *   phases     where a synth's time goes (load, construct, resolve/check/write), median of RUNS
 *   tests      the unit tests (jest, unit project), the Terraform checks, the type check: once each
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PROBE = path.join(__dirname, 'probe.js');
/** Targets of the performance issue, for this 2-core machine class. */
const TARGETS = { synthToFloor: 2, synthPeakMiB: 400, unitSeconds: 30, npmTestSeconds: 180 };

interface Sample {
  seconds: number;
  maxRssMiB: number;
  providerModules: string[];
}

function measure(command: string, env: Record<string, string> = {}): Sample {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'probe.json');
  const started = process.hrtime.bigint();
  const result = spawnSync(command, {
    cwd: ROOT,
    shell: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env, BENCH_PROBE_OUT: out, NODE_OPTIONS: `--require ${PROBE}` },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`"${command}" failed:\n${result.stderr.toString()}`);
  const probe = JSON.parse(fs.readFileSync(out, 'utf8')) as { maxRssKiB: number; providerModules: string[] };
  return { seconds, maxRssMiB: probe.maxRssKiB / 1024, providerModules: probe.providerModules };
}

function timeOnce(command: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, { cwd: ROOT, shell: true, stdio: 'ignore', env: process.env });
  if (result.status !== 0) throw new Error(`"${command}" failed (exit ${result.status})`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Phases {
  load: number;
  construct: number;
  synth: number;
}

function phasesOnce(): Phases {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-phases-'));
  const out = path.join(dir, 'phases.json');
  const result = spawnSync(process.execPath, ['-r', './stacks/register.js', path.join('test', 'bench', 'phases.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BENCH_PHASES_OUT: out, BENCH_PHASES_OUTDIR: path.join(dir, 'out') },
  });
  if (result.status !== 0) throw new Error(`phases failed:\n${result.stderr.toString()}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Phases;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function repeat(runs: number, fn: () => Sample): Sample[] {
  fn(); // warm the file system cache; not counted
  return Array.from({ length: runs }, fn);
}

function main(): void {
  const app = (JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const synth = repeat(RUNS, () => measure(app, { CDKTF_OUTDIR: outdir }));
  const modules = synth[0].providerModules;
  const floor = repeat(RUNS, () => measure(`node ${path.join('test', 'bench', 'floor.js')}`, { BENCH_FLOOR_MODULES: JSON.stringify(modules) }));

  phasesOnce(); // warm-up, not counted
  const phaseRuns = Array.from({ length: RUNS }, phasesOnce);
  const phase = (key: keyof Phases) => median(phaseRuns.map((p) => p[key])) / 1000;
  const synthSeconds = median(synth.map((s) => s.seconds));
  const floorSeconds = median(floor.map((s) => s.seconds));
  const synthPeak = Math.max(...synth.map((s) => s.maxRssMiB));
  const floorPeak = Math.max(...floor.map((s) => s.maxRssMiB));
  const typecheck = timeOnce('npx tsc --noEmit -p tsconfig.json');
  const unit = timeOnce('npx jest --selectProjects unit --silent');
  const terraform = timeOnce('npx jest test/real-tools/terraform.test.ts --silent');
  const ratio = synthSeconds / floorSeconds;

  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const rows: [string, string, string][] = [
    ['synth, every environment (cdktf.json app)', `${synthSeconds.toFixed(2)} s, peak ${synthPeak.toFixed(0)} MiB`, `<= ${TARGETS.synthPeakMiB} MiB: ${mark(synthPeak <= TARGETS.synthPeakMiB)}`],
    [`floor (node + cdktf + ${modules.length} provider modules)`, `${floorSeconds.toFixed(2)} s, peak ${floorPeak.toFixed(0)} MiB`, ''],
    ['synth / floor', `${ratio.toFixed(2)}x`, `<= ${TARGETS.synthToFloor}x: ${mark(ratio <= TARGETS.synthToFloor)}`],
    ['  synth phase: start node, load modules', `${phase('load').toFixed(2)} s`, ''],
    ['  synth phase: construct (capacity plan, constructs)', `${phase('construct').toFixed(2)} s`, ''],
    ['  synth phase: resolve, check policy, write (app.synth)', `${phase('synth').toFixed(2)} s`, ''],
    ['type check (tsc --noEmit)', `${typecheck.toFixed(1)} s`, ''],
    ['unit tests (jest, unit project)', `${unit.toFixed(1)} s`, `<= ${TARGETS.unitSeconds} s: ${mark(unit <= TARGETS.unitSeconds)}`],
    ['terraform init/validate/plan, every AWS stack', `${terraform.toFixed(1)} s`, ''],
    ['npm test, estimated (type check + unit + real tools)', '(run `time npm test`)', `<= ${TARGETS.npmTestSeconds} s`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nBenchmark on ${os.cpus().length} cores, node ${process.version}, median of ${RUNS} runs\n`);
  for (const [what, value, target] of rows) console.log(`${what.padEnd(width)}  ${value.padEnd(28)}  ${target}`);
  console.log('');
}

main();
