// Jest test sequencer: Jest's own order, except that the files that wait longest on real
// tools start first when Jest has no timing of them yet (a fresh clone, as in CI).
//
// Jest runs the files it has timed longest first, so that no long file starts last and runs
// alone at the end; without timings (its cache is in node_modules/.cache/jest) it orders them
// by file size. These two files are short but run the longest of the suite: the offline plans
// of every AWS stack, and npm pack + tsc + a plan of the installed examples. Started late on a
// fresh clone they ran on with the other worker idle; started first, they overlap the rest.
//
// Plain CommonJS: Jest loads it without the TypeScript transform.
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/** Longest first, relative to the repository root. */
const LONGEST = ['test/real-tools/terraform.test.ts', 'test/real-tools/package.test.ts'];
const ROOT = path.resolve(__dirname, '..', '..');

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => (test.duration == null ? LONGEST.indexOf(path.relative(ROOT, test.path).split(path.sep).join('/')) : -1);
    const first = sorted.filter((test) => rank(test) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...first, ...sorted.filter((test) => rank(test) < 0)];
  }
}

module.exports = LongestFirstSequencer;
