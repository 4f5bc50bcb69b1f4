import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeReferenceApp } from '../support/app-synth';
import { resourcesOf } from '../support/synth';

/**
 * The cache's RPO as the docs state it (docs/runbooks.md "Restore the cache", the README's
 * RPO/RTO table) is the stacks' behaviour: the snapshot window and retention they set, and no
 * copy of the cache leaving the Region (AWS Backup selects only the database).
 */
const app = synthesizeReferenceApp();
const runbooks = fs.readFileSync(path.join(__dirname, '../../docs/runbooks.md'), 'utf8');
const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const section = (() => {
  const start = runbooks.indexOf('\n## Restore the cache\n');
  const next = runbooks.indexOf('\n## ', start + 1);
  return start < 0 ? '' : runbooks.slice(start, next < 0 ? undefined : next);
})();

describe('cache restore docs match the stacks', () => {
  test('THEN docs/runbooks.md has a "Restore the cache" section', () => {
    expect(section.length).toBeGreaterThan(0);
  });

  test.each(ENVIRONMENTS.map((e) => e.name))('THEN it states %s\'s snapshot window and retention as synthesized', (name) => {
    const cache = Object.values(resourcesOf(app.stacks[name], 'aws_elasticache_replication_group'))[0];
    expect(section).toContain(`\`snapshot_window\` \`${String(cache.snapshot_window)}\``);
    const retention = cache.snapshot_retention_limit as number;
    const stated = name === 'prod' ? `prod ${retention}` : `dev and staging ${retention}`;
    expect(section).toContain(stated);
    if (cache.final_snapshot_identifier !== undefined) expect(section).toContain(String(cache.final_snapshot_identifier).replace(name, '<env>'));
  });

  test.each(ENVIRONMENTS.map((e) => e.name))('THEN %s copies nothing of the cache out of the Region (so "everything" is the Region-loss RPO the docs state)', (name) => {
    const stack = app.stacks[name];
    const selections = Object.values(resourcesOf(stack, 'aws_backup_selection'));
    for (const s of selections) expect(JSON.stringify(s)).not.toMatch(/elasticache/);
    expect(Object.keys(stack.resource ?? {}).filter((t) => /^aws_s3_bucket_replication_configuration$|^aws_elasticache_snapshot/.test(t))).toEqual([]);
    expect(section).toMatch(/\*\*The Region, or the account\*\*: \*\*everything in the cache\*\*/);
    expect(readme).toMatch(/\| Valkey \(cache\) \| the Region or the account \| everything/);
  });
});
