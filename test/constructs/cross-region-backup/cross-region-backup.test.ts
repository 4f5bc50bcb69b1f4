import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CrossRegionBackup, CrossRegionBackupProps } from '../../../constructs/cross-region-backup';
import { VaultLockMode } from '../../../lib/config/resilience';
import { Protection } from '../../../lib/protection';
import { allOf, onlyOf, synthConstructs } from '../../support/synth';

const DB = 'arn:aws:rds:us-east-1:111122223333:db:prod-main';
const synth = (change: Partial<CrossRegionBackupProps> = {}) =>
  synthConstructs((scope) => {
    const copyProvider = new AwsProvider(scope, 'copy', { alias: 'copy', region: 'us-west-2' });
    new CrossRegionBackup(scope, 'backup', { name: 'prod', region: 'us-east-1', resources: [{ label: 'database', arn: DB }], copyRegion: 'us-west-2', copyProvider, intervalHours: 4, retentionDays: 35, ...change });
  });

describe('CrossRegionBackup', () => {
  test('GIVEN production protection THEN both vaults are locked in compliance mode with a 3-day grace and kept on destroy', () => {
    const stack = synth();
    const locks = allOf(stack, 'aws_backup_vault_lock_configuration');
    const seen = locks.map((l) => ({ min: l.min_retention_days, grace: l.changeable_for_days, provider: l.provider ?? 'default' }));
    expect(seen.sort((a, b) => String(a.provider).localeCompare(String(b.provider)))).toEqual([
      { min: 35, grace: 3, provider: 'aws.copy' },
      { min: 35, grace: 3, provider: 'default' },
    ]);
    for (const v of allOf(stack, 'aws_backup_vault')) expect(v).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test('GIVEN governance mode THEN the locks have no grace time (removable by privileged IAM)', () => {
    const locks = allOf(synth({ vaultLock: VaultLockMode.GOVERNANCE }), 'aws_backup_vault_lock_configuration');
    expect(locks).toHaveLength(2);
    expect(locks.every((l) => l.changeable_for_days === undefined)).toBe(true);
  });

  test('GIVEN non-production protection THEN no lock and the vaults may be destroyed with their points', () => {
    const stack = synth({ protection: Protection.NON_PRODUCTION });
    expect(allOf(stack, 'aws_backup_vault_lock_configuration')).toHaveLength(0);
    expect(allOf(stack, 'aws_backup_vault').every((v) => v.force_destroy === true)).toBe(true);
  });

  test('GIVEN a 4-hour interval THEN the rule runs every 4 hours, copies to the copy vault and waits for the keys\' policies', () => {
    const stack = synth({ copyRetentionDays: 90 });
    const [rule] = onlyOf(stack, 'aws_backup_plan').rule as Record<string, unknown>[];
    expect(rule).toMatchObject({ schedule: 'cron(0 0/4 * * ? *)', start_window: 60, completion_window: 240, lifecycle: { delete_after: 35 } });
    expect((rule.copy_action as { lifecycle: { delete_after: number } }[])[0].lifecycle.delete_after).toBe(90);
    for (const v of allOf(stack, 'aws_backup_vault')) expect(String(v.depends_on)).toContain('aws_kms_key_policy');
    expect(onlyOf(stack, 'aws_backup_selection').resources).toEqual([DB]);
  });
});
