/**
 * A process-wide switch of the reference app, not of the library: the library (lib/,
 * constructs/) patches no process globals; an app decides whether to replace
 * `Error.prepareStackTrace` in its own process, as stacks/main.ts does.
 *
 * cdktf records where every token was created, a full stack trace per Intrinsic, Lazy and
 * complex list (about 5,000 in the reference app), only to print it should that token later
 * fail to resolve. Formatting those traces was about 0.3 s of the reference app's synth.
 *
 * cdktf captures them into plain objects, never into Errors, and V8 formats a captured trace
 * through `Error.prepareStackTrace`. Answering '' for anything that is not an Error drops
 * exactly those traces: every Error keeps its stack, formatted as Node formats it.
 */

/** Environment variable that keeps the traces, for a token error whose origin you need. */
export const TOKEN_TRACES_ENV = 'CDKTF_TOKEN_TRACES';

const DROPPING = Symbol.for('cdktf-million-rps/drop-token-creation-traces');

/**
 * Stops cdktf from formatting token creation traces in this process. Call it first thing in
 * the app's entry point (stacks/main.ts), never from a library. Errors are still formatted by whatever formatted them before
 * (Node's own, with source maps when enabled). Does nothing when `CDKTF_TOKEN_TRACES=1`.
 * Returns whether the traces are dropped.
 */
export function dropTokenCreationTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[TOKEN_TRACES_ENV] === '1') return false;
  const previous = Error.prepareStackTrace as ((error: Error, callsites: NodeJS.CallSite[]) => unknown) & { [DROPPING]?: true };
  if (previous?.[DROPPING]) return true;
  const prepare = (target: unknown, callsites: NodeJS.CallSite[]): unknown => {
    if (!(target instanceof Error)) return '';
    return previous ? previous(target, callsites) : formatLikeNode(target, callsites);
  };
  Error.prepareStackTrace = Object.assign(prepare, { [DROPPING]: true as const });
  return true;
}

/** Node's default stack format (lib/internal/errors.js, without source maps). */
function formatLikeNode(error: Error, callsites: NodeJS.CallSite[]): string {
  let head: string;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = '<error>';
  }
  return callsites.length === 0 ? head : `${head}\n    at ${callsites.join('\n    at ')}`;
}
