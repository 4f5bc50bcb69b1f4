/**
 * `npm run bench`: how fast synth is against the two targets of issue 14, and how long the
 * tests take, on this machine, in one run. A benchmark, not a test: it prints a table with
 * each target met or missed, and never fails the build.
 *
 *   synth      the cdktf.json `app` command (every environment, every stack), median of RUNS
 *   floor      node + cdktf + exactly the provider modules that synth loaded, median of RUNS
 *   stock      the stock cdktf workflow on the same app, as `cdktf init` sets a TypeScript
 *              project up: `npx ts-node stacks/main.ts`, type checking on, median of STOCK_RUNS
 *   phases     where a synth's time goes (load, construct, resolve/check/write), median of RUNS
 *   tests      the unit tests (jest, unit project), the Terraform checks, the type check: once each
 *
 * `npm run bench -- --synth-only` skips the tests.
 *
 * Targets: synth <= 3x the floor, and synth <= 1/4 of the stock workflow. Synth and floor
 * runs alternate, so a neighbour's load on a shared host slows both alike; the CPU seconds
 * (the measured process and its children) are printed beside the wall times for that reason.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** ts-node type-checks the whole app on every run (no cache): ~10-20 s a run here. */
const STOCK_RUNS = Number(process.env.BENCH_STOCK_RUNS ?? 3);
const PROBE = path.join(__dirname, 'probe.js');
/** Targets for this 2-core machine class: issue 14 (synth) and the performance issue (the rest). */
const TARGETS = { synthToFloor: 3, synthToStock: 0.25, synthPeakMiB: 400, unitSeconds: 30, npmTestSeconds: 180 };

interface Sample {
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
  providerModules: string[];
}

const tmpDirs: string[] = [];
function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

/** CPU seconds of this process's waited-for children so far (Linux /proc; NaN elsewhere). */
function childrenCpuSeconds(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command: cutime is field 16 and cstime 17 (man 5 proc), so indexes 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ
  } catch {
    return Number.NaN;
  }
}

function run(command: string, env: Record<string, string>, stdio: 'ignore' | 'pipe'): { seconds: number; cpuSeconds: number } {
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, { cwd: ROOT, shell: true, stdio: ['ignore', 'ignore', stdio], env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`"${command}" failed (exit ${result.status}):\n${result.stderr?.toString() ?? ''}`);
  return { seconds, cpuSeconds: childrenCpuSeconds() - cpuBefore };
}

function measure(command: string, env: Record<string, string> = {}): Sample {
  const out = path.join(tmpDir('bench-'), 'probe.json');
  const { seconds, cpuSeconds } = run(command, { ...env, BENCH_PROBE_OUT: out, NODE_OPTIONS: `--require ${PROBE}` }, 'pipe');
  const probe = JSON.parse(fs.readFileSync(out, 'utf8')) as { maxRssKiB: number; providerModules: string[] };
  return { seconds, cpuSeconds, maxRssMiB: probe.maxRssKiB / 1024, providerModules: probe.providerModules };
}

interface Phases {
  load: number;
  construct: number;
  synth: number;
}

function phasesOnce(): Phases {
  const dir = tmpDir('bench-phases-');
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

function main(): void {
  const loadAtStart = os.loadavg()[0];
  const app = (JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const synthOnce = () => measure(app, { CDKTF_OUTDIR: tmpDir('bench-synth-') });
  const warm = synthOnce(); // warms the file system and the transpile cache; not counted
  const modules = warm.providerModules;
  const floorOnce = () => measure(`node ${path.join('test', 'bench', 'floor.js')}`, { BENCH_FLOOR_MODULES: JSON.stringify(modules) });
  floorOnce();
  const synth: Sample[] = [];
  const floor: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    synth.push(synthOnce());
    floor.push(floorOnce());
  }
  // The stock workflow, on the same app and entry point: ts-node compiles and type-checks
  // every file it loads (tsconfig.json, strict), as `cdktf synth` runs `npx ts-node main.ts`.
  const stock = Array.from({ length: STOCK_RUNS }, () => run('npx ts-node stacks/main.ts', { CDKTF_OUTDIR: tmpDir('bench-stock-') }, 'pipe'));

  phasesOnce(); // warm-up, not counted
  const phaseRuns = Array.from({ length: RUNS }, phasesOnce);
  const phase = (key: keyof Phases) => median(phaseRuns.map((p) => p[key])) / 1000;
  const synthSeconds = median(synth.map((s) => s.seconds));
  const floorSeconds = median(floor.map((s) => s.seconds));
  const stockSeconds = median(stock.map((s) => s.seconds));
  const cpu = (samples: { cpuSeconds: number }[]) => median(samples.map((s) => s.cpuSeconds));
  const synthPeak = Math.max(...synth.map((s) => s.maxRssMiB));
  const floorPeak = Math.max(...floor.map((s) => s.maxRssMiB));
  const synthOnly = process.argv.includes('--synth-only');
  const typecheck = synthOnly ? Number.NaN : run('npx tsc --noEmit -p tsconfig.json', {}, 'ignore').seconds;
  const unit = synthOnly ? Number.NaN : run('npx jest --selectProjects unit --silent', {}, 'ignore').seconds;
  const terraform = synthOnly ? Number.NaN : run('npx jest test/real-tools/terraform.test.ts --silent', {}, 'ignore').seconds;
  const toFloor = synthSeconds / floorSeconds;
  const toStock = synthSeconds / stockSeconds;

  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const wallAndCpu = (wall: number, cpuSeconds: number) => `${wall.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s)`;
  const rows: [string, string, string][] = [
    ['synth, every environment (cdktf.json app)', `${wallAndCpu(synthSeconds, cpu(synth))}, peak ${synthPeak.toFixed(0)} MiB`, `<= ${TARGETS.synthPeakMiB} MiB: ${mark(synthPeak <= TARGETS.synthPeakMiB)}`],
    [`floor (node + cdktf + ${modules.length} provider modules)`, `${wallAndCpu(floorSeconds, cpu(floor))}, peak ${floorPeak.toFixed(0)} MiB`, ''],
    [`stock cdktf workflow (npx ts-node, type-checked), median of ${STOCK_RUNS}`, wallAndCpu(stockSeconds, cpu(stock)), ''],
    ['synth / floor', `${toFloor.toFixed(2)}x (CPU ${(cpu(synth) / cpu(floor)).toFixed(2)}x)`, `<= ${TARGETS.synthToFloor}x: ${mark(toFloor <= TARGETS.synthToFloor)}`],
    ['synth / stock workflow', `${toStock.toFixed(3)} (1/${(1 / toStock).toFixed(1)})`, `<= ${TARGETS.synthToStock}: ${mark(toStock <= TARGETS.synthToStock)}`],
    ['  synth phase: start node, load modules', `${phase('load').toFixed(2)} s`, ''],
    ['  synth phase: construct (capacity plan, constructs)', `${phase('construct').toFixed(2)} s`, ''],
    ['  synth phase: resolve, write, check policy (app.synth)', `${phase('synth').toFixed(2)} s`, ''],
  ];
  if (!synthOnly) {
    rows.push(
      ['type check (tsc --noEmit)', `${typecheck.toFixed(1)} s`, ''],
      ['unit tests (jest, unit project)', `${unit.toFixed(1)} s`, `<= ${TARGETS.unitSeconds} s: ${mark(unit <= TARGETS.unitSeconds)}`],
      ['terraform init/validate/plan, every AWS stack', `${terraform.toFixed(1)} s`, ''],
      ['npm test, estimated (type check + unit + real tools)', '(run `time npm test`)', `<= ${TARGETS.npmTestSeconds} s`],
    );
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  const load = `load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end`;
  console.log(`\nBenchmark on ${os.cpus().length} cores, node ${process.version}, ${load}, median of ${RUNS} runs\n`);
  for (const [what, value, target] of rows) console.log(`${what.padEnd(width)}  ${value.padEnd(40)}  ${target}`);
  console.log('');
}

try {
  main();
} finally {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
}
