// Folds the results of a bounded run (`--mutate` some files) into the incremental file of
// the folder (or part) it belongs to, so a later whole-folder run reuses them and tests only
// what no run has tested yet. Without it, a folder too large for one sitting could never be
// measured on a small host: Stryker writes its incremental file only at the end of a run,
// and only for the files that run mutated.
//
// Both files are Stryker's mutation-testing reports. Test ids are numbers local to one run
// (a mutant's `coveredBy` and `killedBy` name them), so the merge renumbers every test by its
// file and name. The newer run wins for the files it mutated and for each test file's source;
// a test only the older run knew keeps its entry, and Stryker, which compares each test with
// the current test file, reruns the mutants that test covered if it is gone or changed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * @param {object} older the folder's incremental report (or undefined)
 * @param {object} newer the bounded run's incremental report
 * @returns {object} a report with the older files, the newer files over them, and one test numbering
 */
export function mergeReports(older, newer) {
  if (!older) return newer;
  const merged = { ...newer, files: {}, testFiles: {} };
  const ids = new Map(); // `${testFile}\0${name}` -> new id
  const idOf = (file, test) => {
    const key = `${file}\0${test.name}`;
    if (!ids.has(key)) {
      const id = String(ids.size);
      ids.set(key, id);
      merged.testFiles[file] ??= { ...(newer.testFiles?.[file] ?? older.testFiles?.[file]), tests: [] };
      merged.testFiles[file].tests.push({ ...test, id });
    }
    return ids.get(key);
  };
  // The newer run's tests first (their file's source is the current one), then the older's.
  const renumber = (report) => {
    const map = new Map();
    for (const [file, tf] of Object.entries(report.testFiles ?? {})) for (const test of tf.tests) map.set(test.id, idOf(file, test));
    return map;
  };
  const fromNewer = renumber(newer);
  const fromOlder = renumber(older);
  const remap = (mutant, map) => {
    const out = { ...mutant };
    for (const key of ['coveredBy', 'killedBy']) if (mutant[key]) out[key] = mutant[key].map((id) => map.get(id)).filter((id) => id !== undefined);
    return out;
  };
  for (const [file, result] of Object.entries(older.files)) {
    if (!(file in newer.files)) merged.files[file] = { ...result, mutants: result.mutants.map((m) => remap(m, fromOlder)) };
  }
  for (const [file, result] of Object.entries(newer.files)) merged.files[file] = { ...result, mutants: result.mutants.map((m) => remap(m, fromNewer)) };
  return merged;
}

/** Merges the report at `from` into the one at `into` (created if missing). */
export function mergeIncrementalFile(from, into) {
  if (!existsSync(from)) return false;
  const newer = JSON.parse(readFileSync(from, 'utf8'));
  const older = existsSync(into) ? JSON.parse(readFileSync(into, 'utf8')) : undefined;
  writeFileSync(into, JSON.stringify(mergeReports(older, newer)));
  return true;
}
