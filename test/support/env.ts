/** Runs `fn` with the environment variable `name` set to `value`, restoring it afterwards. */
export function withEnv<T>(name: string, value: string, fn: () => T): T {
  const before = process.env[name];
  process.env[name] = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

/** Runs `fn` as the cdktf CLI runs an app: error annotations recorded in the manifest, not thrown. */
export const underTheCli = <T>(fn: () => T): T => withEnv('CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS', 'true', fn);
