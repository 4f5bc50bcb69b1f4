// `npm run mutate:recheck -- <report.json> [--only <path substring>] [--tests <pattern>]`:
// applies each mutant a Stryker report lists as survived or without coverage to the working
// tree, one at a time, runs the unit tests, and prints which the current tests now kill.
//
// Why: Stryker's incremental mode knows Jest tests by name only. A test whose assertions were
// tightened under the same name looks unchanged, so a rerun reuses its old "survived" result
// (a "Fix:" text a test now reads still shows as a survivor). This checks those survivors
// directly, in minutes, without a forced rerun of the whole folder (hours on two cores).
//
// A file changed since the report is skipped (its mutants' positions no longer hold): rerun
// Stryker on it instead. The tests default to the folder's: lib/cost/tiers/edge.ts runs
// test/lib/cost. The file is restored after each mutant, and on Ctrl-C.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const only = option('--only') ?? '';
const tests = option('--tests');
const [reportPath] = args;
if (!reportPath) {
  process.stderr.write('usage: npm run mutate:recheck -- reports/mutation/<name>.json [--only <path substring>] [--tests <jest path pattern>]\n');
  process.exit(2);
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
let restore = () => {};
process.on('SIGINT', () => {
  restore();
  process.exit(130);
});

const counts = { killed: 0, survived: 0, skipped: 0 };
for (const [file, f] of Object.entries(report.files)) {
  if (!file.includes(only)) continue;
  const todo = f.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  if (todo.length === 0) continue;
  const path = join(ROOT, file);
  const source = readFileSync(path, 'utf8');
  if (source !== f.source) {
    console.log(`skipped   ${file}: changed since the report (${todo.length} mutants); rerun Stryker on it`);
    counts.skipped += todo.length;
    continue;
  }
  restore = () => writeFileSync(path, source);
  const starts = [0];
  for (const line of source.split('\n')) starts.push(starts[starts.length - 1] + line.length + 1);
  const offset = (at) => starts[at.line - 1] + at.column - 1;
  const pattern = tests ?? `test/${file.split('/').slice(0, 2).join('/')}`;
  try {
    for (const m of todo) {
      writeFileSync(path, source.slice(0, offset(m.location.start)) + m.replacement + source.slice(offset(m.location.end)));
      // The mutation runs' Jest config: the unit tests, without synthesizing the reference app.
      const run = spawnSync('npx', ['jest', '--config', 'test/mutation/jest.config.js', '--testPathPatterns', pattern, '--silent', '--bail'], { cwd: ROOT, encoding: 'utf8' });
      const killed = run.status !== 0;
      counts[killed ? 'killed' : 'survived']++;
      console.log(`${killed ? 'killed  ' : 'SURVIVED'}  ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} => ${JSON.stringify(m.replacement).slice(0, 80)}`);
    }
  } finally {
    restore();
    restore = () => {};
  }
}
console.log(`\n${counts.killed} killed by the current tests, ${counts.survived} still survive, ${counts.skipped} skipped (file changed)`);
