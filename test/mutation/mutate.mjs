// `npm run mutate [-- <folder>...] [--force] [--dry-run]`: mutation testing with StrykerJS, one
// folder at a time, each against only its own unit tests. A benchmark-style measure, not
// part of `npm test`: a first run takes minutes to hours per folder on two cores; later runs
// are incremental.
//
//   npm run mutate                      every folder below
//   npm run mutate -- lib/nginx         one folder (several may be named)
//   npm run mutate -- --force           ignore the incremental results of earlier runs
//   npm run mutate -- --dry-run         instrument and run the tests once, mutate nothing
//   npm run mutate -- lib/policy --part rules
//                                       one part of a folder split into parts, against that
//                                       part's tests only (with --mutate: those files against
//                                       that part's tests)
//   npm run mutate -- lib/capacity --ignore-static
//                                       skip static mutants (code that runs when a module
//                                       loads: tables, constants): each one reruns every test
//                                       of its part, most of a run's time for a quarter of its
//                                       mutants; they are reported as ignored, and the summary
//                                       says the run ignored them
//   npm run mutate -- lib/nginx --mutate lib/nginx/validate.ts
//                                       only these files of the folder (Stryker's `mutate`
//                                       patterns; `file.ts:10-40` for lines), against all of
//                                       the folder's tests: a bounded run on a busy machine.
//                                       Against one part's tests (a folder of one part, or
//                                       with --part), its results fold into that part's
//                                       incremental file (merge-incremental.mjs), so bounded
//                                       runs add up to a whole-folder run
//
// Per folder (and part) it writes reports/mutation/<name>.html and .json (every mutant,
// with the tests that killed it) and keeps <name>.incremental.json, so a rerun only tests
// mutants whose code or covering tests changed. The README's "Mutation testing" section
// states the scores and explains the survivors accepted as equivalent.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { mergeIncrementalFile } from './merge-incremental.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPORTS = join(ROOT, 'reports', 'mutation');

/**
 * What is mutated, and which unit tests must kill the mutants. A folder may be split into
 * parts, each with only the tests relevant to it: a mutant in code that runs when a module
 * loads (a "static" mutant: rule tables, constants) is tested against every test of its
 * part, so a part's tests must stay fast. Tests that run the mutated code in another
 * process (the capacity CLI) are left out: a mutant is only active in the process Stryker
 * instrumented. A real tool reading files the mutated code wrote (promtool) is fine.
 */
const TARGETS = [
  { name: 'lib/capacity', parts: [{ mutate: ['lib/capacity/**/*.ts'], tests: ['test/lib/capacity/**/*.test.ts', '!test/lib/capacity/cli.test.ts'] }] },
  { name: 'lib/cost', parts: [{ mutate: ['lib/cost/**/*.ts'], tests: ['test/lib/cost/**/*.test.ts'] }] },
  { name: 'lib/nginx', parts: [{ mutate: ['lib/nginx/**/*.ts'], tests: ['test/lib/nginx/**/*.test.ts'] }] },
  {
    name: 'lib/policy',
    parts: [
      {
        // The rules and what they read the stack with, against the rules' own tests.
        name: 'rules',
        mutate: ['lib/policy/rules/**/*.ts', 'lib/policy/stack-view.ts', 'lib/policy/secret-patterns.ts', 'lib/policy/rule.ts'],
        tests: ['test/lib/policy/*rules.test.ts', 'test/lib/policy/docs.test.ts'],
      },
      {
        // How the policy runs: evaluation, suppressions, reports, the synthesizer wrapper.
        name: 'evaluation',
        mutate: ['lib/policy/*.ts', '!lib/policy/stack-view.ts', '!lib/policy/secret-patterns.ts', '!lib/policy/rule.ts'],
        tests: ['test/lib/policy/**/*.test.ts'],
      },
    ],
  },
  {
    // The alerts' fixtures (the series each alert must fire on, and stay silent on) are
    // judged by promtool: its test runs promtool on files the mutated code generates.
    name: 'lib/prometheus',
    parts: [{ mutate: ['lib/prometheus/**/*.ts'], tests: ['test/lib/prometheus/**/*.test.ts', 'test/real-tools/promtool.test.ts'] }],
  },
  {
    // The constructs' security settings: the files whose whole job is one (the access-log
    // bucket's privacy and TLS-only policy, the WAF, Kubernetes namespace isolation),
    // against the tests of their constructs.
    name: 'constructs',
    label: 'constructs (security settings)',
    tsconfig: 'constructs',
    parts: [
      { name: 'alb-nginx-tier', mutate: ['constructs/alb-nginx-tier/access-log-bucket.ts', 'constructs/alb-nginx-tier/edge-web-acl.ts'], tests: ['test/constructs/alb-nginx-tier/**/*.test.ts'] },
      { name: 'namespace-baseline', mutate: ['constructs/namespace-baseline/namespace-baseline.ts'], tests: ['test/constructs/namespace-baseline/**/*.test.ts'] },
    ],
  },
];

function parseArgs(argv) {
  const only = [];
  const rest = [];
  const parts = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--part') parts.push(argv[++i] ?? '');
    else if (argv[i] === '--mutate') only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (argv[i].startsWith('--mutate=')) only.push(...argv[i].slice('--mutate='.length).split(',').filter(Boolean));
    else rest.push(argv[i]);
  }
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const unknownFlags = [...flags].filter((f) => !['--force', '--dry-run', '--ignore-static'].includes(f));
  const names = rest.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\/+$/, ''));
  const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length > 0 || unknownFlags.length > 0) {
    console.error(`Unknown ${[...unknown, ...unknownFlags].join(', ')}. Folders: ${TARGETS.map((t) => t.name).join(', ')}; flags: --force, --dry-run, --ignore-static, --mutate <files>.`);
    process.exit(2);
  }
  let targets = names.length ? TARGETS.filter((t) => names.includes(t.name)) : TARGETS;
  if (parts.length > 0) {
    const known = targets.length === 1 ? targets[0].parts.map((p) => p.name).filter(Boolean) : [];
    const unknownParts = parts.filter((p) => !known.includes(p));
    if (unknownParts.length > 0) {
      console.error(`--part ${unknownParts.join(', ') || parts.join(', ')}: name exactly one folder split into parts and one of its parts (${TARGETS.filter((t) => t.parts.length > 1).map((t) => `${t.name}: ${t.parts.map((p) => p.name).join(', ')}`).join('; ')}).`);
      process.exit(2);
    }
    const [t] = targets;
    targets = [{ ...t, label: `${t.label ?? t.name}, part ${parts.join(', ')}`, summaryName: slug(t.name, ...parts), parts: t.parts.filter((p) => parts.includes(p.name)) }];
  }
  if (only.length > 0) {
    const outside = only.filter((p) => targets.length !== 1 || !p.replace(/^!/, '').startsWith(`${targets[0].name}/`));
    if (outside.length > 0) {
      console.error(`--mutate ${outside.join(', ')}: name exactly one folder, and only files inside it (e.g. npm run mutate -- lib/nginx --mutate lib/nginx/validate.ts).`);
      process.exit(2);
    }
    // One part: the given files against every test of the folder's parts (of the --part named).
    const [target] = targets;
    const tests = [...new Set(target.parts.flatMap((p) => p.tests))];
    const name = ['partial', ...parts].join('-');
    // Run against one part's tests (a folder of one part, or --part), the results fold into
    // that part's incremental file: bounded runs add up to a whole-folder run.
    const foldInto = target.parts.length === 1 ? slug(target.name, target.parts[0].name) : undefined;
    return { force: flags.has('--force'), dryRun: flags.has('--dry-run'), ignoreStatic: flags.has('--ignore-static'), targets: [{ ...target, summaryName: slug(target.name, name), parts: [{ name, mutate: only, tests, foldInto }] }] };
  }
  return { force: flags.has('--force'), dryRun: flags.has('--dry-run'), ignoreStatic: flags.has('--ignore-static'), targets };
}

/** The folder has no source yet: say so, do not fail. */
function hasSources(target) {
  return target.parts.some((part) => part.mutate.some((glob) => !glob.startsWith('!') && existsSync(join(ROOT, glob.split('*')[0].replace(/:[\d:-]+$/, '')))));
}

const slug = (...names) => names.filter(Boolean).join('-').replace(/[^a-z0-9]+/gi, '-');

const STATUS_KEYS = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage', CompileError: 'compileErrors', RuntimeError: 'runtimeErrors', Ignored: 'ignored' };
const emptyCounts = () => Object.fromEntries(Object.values(STATUS_KEYS).map((k) => [k, 0]));

async function mutatePart(target, part, { force, dryRun, ignoreStatic }) {
  const name = slug(target.name, part.name);
  // Test files as Jest testMatch globs; negated ones become testPathIgnorePatterns.
  const testMatch = part.tests.filter((t) => !t.startsWith('!')).map((t) => `<rootDir>/${t}`);
  const ignored = part.tests.filter((t) => t.startsWith('!')).map((t) => `<rootDir>/${t.slice(1)}`.replace(/\./g, '\\.'));
  const incrementalFile = join('reports', 'mutation', `${name}.incremental.json`);
  // A bounded run starts from what earlier runs of the folder measured (see foldInto).
  if (part.foldInto && !force && existsSync(join(REPORTS, `${part.foldInto}.incremental.json`))) {
    copyFileSync(join(REPORTS, `${part.foldInto}.incremental.json`), join(ROOT, incrementalFile));
  }
  const stryker = new Stryker({
    mutate: [...part.mutate, '!**/index.ts'],
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      configFile: 'test/mutation/jest.config.js',
      config: { testMatch, testPathIgnorePatterns: ['/node_modules/', ...ignored] },
      enableFindRelatedTests: false,
    },
    // Per-test coverage: each mutant runs only the tests that execute it.
    coverageAnalysis: 'perTest',
    // Mutants that do not type-check are not run (the project's compiler would refuse them).
    // A slimmer project than the repository's (test/mutation/tsconfig.<folder>.json: the
    // folder and what it imports, not what imports it): the checker loads it once and
    // type-checks every mutant in it. It is the slowest stage of a run on two cores.
    checkers: ['typescript'],
    tsconfigFile: `test/mutation/tsconfig.${target.tsconfig ?? target.name.replace(/^lib\//, '')}.json`,
    ignorers: ['PolicyRuleProse', 'NginxConfComments'],
    // Two cores: one test runner and the TypeScript checker.
    concurrency: 2,
    // A fresh test runner every 25 mutants: Jest run in-process over and over keeps memory
    // (the runner grew past 800 MB) and slows down; a restart costs a few seconds.
    maxTestRunnerReuse: 25,
    incremental: true,
    force,
    ignoreStatic,
    incrementalFile,
    dryRunOnly: dryRun,
    reporters: ['clear-text', 'html', 'json', 'progress'],
    htmlReporter: { fileName: join('reports', 'mutation', `${name}.html`) },
    jsonReporter: { fileName: join('reports', 'mutation', `${name}.json`) },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    // A run that takes longer than three times the same tests' unmutated time plus 20 s
    // counts as a hang (detected). Generous on a busy two-core machine, where a slow run is not
    // a hang; not more: each hang costs this wait and a restarted test runner.
    timeoutFactor: 3,
    timeoutMS: 20_000,
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    ignorePatterns: ['reports', 'cdktf.out', 'build', 'docs/api', 'coverage'],
    plugins: ['@stryker-mutator/jest-runner', '@stryker-mutator/typescript-checker', join(ROOT, 'test', 'mutation', 'ignorers.mjs')],
  });
  const results = await stryker.runMutationTest();
  if (part.foldInto && !dryRun) {
    mergeIncrementalFile(join(ROOT, incrementalFile), join(REPORTS, `${part.foldInto}.incremental.json`));
    console.log(`Folded into reports/mutation/${part.foldInto}.incremental.json: the next run of ${target.label ?? target.name} reuses these results.`);
  }
  const byFile = {};
  for (const r of results) {
    const file = relative(ROOT, r.fileName.startsWith('/') ? r.fileName : join(ROOT, r.fileName));
    byFile[file] ??= emptyCounts();
    byFile[file][STATUS_KEYS[r.status] ?? r.status]++;
  }
  return byFile;
}

/** Stryker's mutation score: detected (killed or timed out) over every mutant that ran or had no test. */
function score(counts) {
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  return valid === 0 ? null : (100 * detected) / valid;
}

function total(byFile) {
  const sum = emptyCounts();
  for (const counts of Object.values(byFile)) for (const [k, v] of Object.entries(counts)) sum[k] += v;
  return sum;
}

const options = parseArgs(process.argv.slice(2));
mkdirSync(REPORTS, { recursive: true });

// Every process of the run (Stryker's workers, Jest, what the tests start) uses this folder
// as its system temp folder, and it is removed at the end: a test runner Stryker kills on a
// timeout never reaches its teardown (test/support/temp-run.js), and its files go with it.
const runTmp = mkdtempSync(join(tmpdir(), 'cdktf-million-rps-mutate-'));
process.env.TMPDIR = runTmp;
const removeRunTmp = () => rmSync(runTmp, { recursive: true, force: true });
process.on('exit', removeRunTmp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    removeRunTmp();
    process.exit(130);
  });
}

const summary = [];
for (const target of options.targets) {
  if (!hasSources(target)) {
    console.log(`\n${target.name}: no source files yet, skipped.`);
    continue;
  }
  const started = Date.now();
  const byFile = {};
  for (const part of target.parts) {
    console.log(`\n=== Mutation testing ${target.label ?? target.name}${part.name ? `: ${part.name}` : ''} ===`);
    Object.assign(byFile, await mutatePart(target, part, options));
  }
  const counts = total(byFile);
  const result = { name: target.label ?? target.name, score: score(counts), ...counts, staticMutantsIgnored: options.ignoreStatic, minutes: (Date.now() - started) / 60_000, byFile };
  summary.push(result);
  writeFileSync(join(REPORTS, `${target.summaryName ?? slug(target.name, target.parts.some((p) => p.name === 'partial') && 'partial')}.summary.json`), `${JSON.stringify(result, null, 2)}\n`);
}

const pad = (s, n) => String(s).padEnd(n);
const percent = (s) => (s === null ? 'n/a' : `${s.toFixed(1)}%`);
console.log(`\n${pad('folder / file', 58)} ${pad('score', 7)} killed timeout survived no-cov ignored compile-err`);
for (const r of summary) {
  const row = (label, c) =>
    console.log(`${pad(label, 58)} ${pad(percent(score(c)), 7)} ${pad(c.killed, 6)} ${pad(c.timeout, 7)} ${pad(c.survived, 8)} ${pad(c.noCoverage, 6)} ${pad(c.ignored, 7)} ${c.compileErrors}`);
  row(`${r.name} (${r.minutes.toFixed(0)} min${r.staticMutantsIgnored ? ', static mutants ignored' : ''})`, r);
  for (const [file, c] of Object.entries(r.byFile).sort()) row(`  ${file}`, c);
}
console.log(`\nReports: ${relative(ROOT, REPORTS)}/<folder>.html`);
