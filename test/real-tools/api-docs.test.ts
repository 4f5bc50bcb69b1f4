import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/temp';

/**
 * The API reference is generated from the code (TypeDoc) on every CI run, with warnings as
 * errors: a public type that references an unexported one, or a broken doc link, fails the
 * build instead of silently leaving a hole in the reference.
 */
const ROOT = path.resolve(__dirname, '..', '..');

test('npm run docs generates the API reference for every construct without warnings', () => {
  const out = tempDir('api-docs-');
  execFileSync('npm', ['run', 'docs', '--silent', '--', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const classes = fs.readdirSync(path.join(out, 'classes')).map((f) => f.replace(/\.html$/, ''));
  expect(classes).toEqual(
    expect.arrayContaining(['EksCluster', 'RdsWithReplicas', 'RedisCluster', 'AlbNginxTier', 'AutoScalingGroup', 'MonitoringStack', 'Network', 'Policy']),
  );
}, 120_000);
