// Jest setup (setupFilesAfterEnv, every project): cdktf's token creation traces are formatted
// as plain Node formats them, without Jest's source maps; every Error is formatted as before.
//
// cdktf captures a full stack trace into a plain object for every token it creates (each
// Intrinsic, Lazy, reference and complex list: thousands per environment), only to print it
// should that token later fail to resolve. Jest installs source-map-support in each test
// file's context before this file runs, and source-map-support maps every frame of every
// captured trace through the source maps of the transpiled TypeScript and of cdktf's own
// files. In a test that builds an environment that was about half of its CPU time
// (test/stacks/edge-tier.test.ts: ~22 of 30 CPU s before this file, measured with
// `node --cpu-prof`), for traces no test reads.
//
// What still holds: an Error's stack is mapped to the TypeScript source as before (test
// failures point at .ts lines); a token still carries its creation trace, with the
// transpiled file's positions instead of the .ts ones (as in `node -r ./stacks/register.js`
// without --enable-source-maps, with CDKTF_TOKEN_TRACES=1). The app's own switch
// (stacks/token-traces.ts, which drops the traces altogether) is not used here: the tests
// check that the library leaves the traces alone and that the switch works.
//
// Plain CommonJS, not transformed: it runs in the test file's context, where `Error` is the
// context's own.
const { isNativeError } = require('util').types;

const mapped = Error.prepareStackTrace;

/** Node's own format (lib/internal/errors.js without source maps): head line, then the frames. */
function formatLikeNode(target, callsites) {
  let head;
  try {
    head = Error.prototype.toString.call(target);
  } catch {
    head = '<error>';
  }
  return callsites.length === 0 ? head : `${head}\n    at ${callsites.join('\n    at ')}`;
}

Error.prepareStackTrace = function prepareStackTrace(target, callsites) {
  if (mapped && (target instanceof Error || isNativeError(target))) return mapped(target, callsites);
  return formatLikeNode(target, callsites);
};
