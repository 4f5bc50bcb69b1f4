import * as fs from 'fs';
import * as path from 'path';

interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly annotations: readonly ManifestAnnotation[] }>;
}

const WARNING = '@cdktf/warn';

/** False under the cdktf CLI, which sets this variable and prints stacks and warnings itself. */
export function printsSynthSummary(env: NodeJS.ProcessEnv): boolean {
  return !env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
}

/**
 * What `npm run synth` prints after a synth: where each stack went and every warning
 * (policy findings downgraded to warnings, values only known at apply time, stale
 * suppressions). `cdktf synth` prints the warnings itself, so main.ts skips this under the CLI.
 */
export function synthSummary(outdir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  const names = Object.keys(manifest.stacks);
  const warnings = names.flatMap((name) => manifest.stacks[name].annotations.filter((a) => a.level === WARNING));
  const lines = [`Synthesized ${names.length} stacks into ${path.join(outdir, 'stacks')}: ${names.join(', ')}`];
  if (warnings.length > 0) {
    lines.push(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}:`);
    for (const w of warnings) lines.push(`  [${w.constructPath}] ${w.message}`);
  }
  return lines.join('\n');
}
