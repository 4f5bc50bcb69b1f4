import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthSummary } from '../../stacks/synth-summary';
import { synthesizeReferenceApp } from '../support/app-synth';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm run synth summary', () => {
  test('GIVEN the reference app THEN the summary names every stack and prints every warning with its construct', () => {
    const summary = synthSummary(synthesizeReferenceApp().outdir);
    expect(summary).toMatch(/^Synthesized 6 stacks into .*stacks: dev, dev-platform, prod, prod-platform, staging, staging-platform\n/);
    expect(summary).toMatch(/\n\d+ warnings:\n/);
    expect(summary).toContain('[prod/compute/service-ingress] api-gateway: up to');
    expect(summary).toContain('[prod-platform/read-pooler/deployment] [CKV_K8S_43]');
    expect(summary).not.toMatch(/\[dev(-platform)?\//);
  });

  test('GIVEN npm run synth THEN it prints the summary; GIVEN the cdktf CLI THEN it leaves printing to the CLI', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['-r', './stacks/register.js', 'stacks/main.ts'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDKTF_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-summary-')), ...env },
      });
    const direct = run({});
    expect(direct.status).toBe(0);
    expect(direct.stdout).toMatch(/^Synthesized 6 stacks into /);
    const underCli = run({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' });
    expect(underCli.status).toBe(0);
    expect(underCli.stdout).toBe('');
  });
});
