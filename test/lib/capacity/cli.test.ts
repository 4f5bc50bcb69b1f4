import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..', '..');

function capacity(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', './stacks/register.js', 'stacks/capacity-report.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run capacity', () => {
  test('GIVEN prod WHEN run THEN every tier is OK with one AZ lost and the design-notes comparison follows', () => {
    const r = capacity('prod');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Target 1,000,000 req/s');
    expect(r.stdout).not.toContain('SHORT');
    expect(r.stdout).toContain("== What the design notes' sizing would carry under the same model ==");
  }, 30_000);

  test('GIVEN an unknown environment or format WHEN run THEN it exits 2 with usage', () => {
    expect(capacity('qa')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown environment "qa"') });
    expect(capacity('prod', '--format', 'html')).toMatchObject({ status: 2, stderr: expect.stringContaining('--format must be table or markdown') });
  }, 30_000);
});
