import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

function policyReport(...args: string[]) {
  return spawnSync(process.execPath, ['-r', './stacks/register.js', 'stacks/policy-report.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('npm run policy', () => {
  test('GIVEN a misspelt stack name THEN it fails naming the stacks it knows, instead of reporting nothing and passing', () => {
    const r = policyReport('prod-platfrom');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Unknown environment or stack "prod-platfrom". Fix: use one of prod, prod-platform.');
  });

  test('GIVEN a stack name THEN it reports that stack only, with its Kubernetes checks', () => {
    const r = policyReport('prod-platform');
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^Stack \S+/gm)).toEqual(['Stack prod-platform']);
    expect(r.stdout).toMatch(/CKV_K8S_43/);
    expect(r.stdout).toContain('Policy: no unsuppressed errors.');
  });
});
