import { TerraformStack } from 'cdktf';
import { ValidationError } from '../../lib/errors';
import { Protection, ProtectionSettings, resolveProtection } from '../../lib/protection';
import { testApp } from '../support/temp';

describe('Protection', () => {
  test('GIVEN the presets THEN production retains and keeps a year of logs, non-production neither', () => {
    expect(Protection.PRODUCTION.settings()).toEqual({
      retainOnDestroy: true,
      productionGuardrails: true,
      logRetentionDays: 365,
      databaseBackupRetentionDays: 14,
      cacheSnapshotRetentionDays: 7,
      secretRecoveryWindowDays: 30,
    });
    expect(Protection.NON_PRODUCTION.settings()).toEqual({
      retainOnDestroy: false,
      productionGuardrails: false,
      logRetentionDays: 30,
      databaseBackupRetentionDays: 7,
      cacheSnapshotRetentionDays: 1,
      secretRecoveryWindowDays: 7,
    });
  });

  test('GIVEN an environment flag THEN forEnvironment picks the preset', () => {
    expect(Protection.forEnvironment(true)).toBe(Protection.PRODUCTION);
    expect(Protection.forEnvironment(false)).toBe(Protection.NON_PRODUCTION);
    expect(() => Protection.forEnvironment('true' as unknown as boolean)).toThrow(/Protection.forEnvironment: production = "true" is not a boolean/);
  });

  test('GIVEN a preset THEN it cannot be changed in place', () => {
    expect(Object.isFrozen(Protection.PRODUCTION)).toBe(true);
    expect(() => {
      (Protection.PRODUCTION as { logRetentionDays: number }).logRetentionDays = 1;
    }).toThrow(TypeError);
    expect(Protection.PRODUCTION.logRetentionDays).toBe(365);
  });

  describe('the one helper every construct uses', () => {
    test('lifecycle: prevent_destroy only when retaining, merged with the resource\'s own settings', () => {
      expect(Protection.PRODUCTION.lifecycle()).toEqual({ preventDestroy: true });
      expect(Protection.NON_PRODUCTION.lifecycle()).toBeUndefined();
      expect(Protection.PRODUCTION.lifecycle({ ignoreChanges: ['num_node_groups'] })).toEqual({ preventDestroy: true, ignoreChanges: ['num_node_groups'] });
      expect(Protection.NON_PRODUCTION.lifecycle({ ignoreChanges: ['num_node_groups'] })).toEqual({ ignoreChanges: ['num_node_groups'] });
    });

    test('deletion protection, force_destroy and final snapshots follow retainOnDestroy', () => {
      expect([Protection.PRODUCTION.deletionProtection, Protection.PRODUCTION.forceDestroy, Protection.PRODUCTION.finalSnapshotIdentifier('prod-main')]).toEqual([true, false, 'prod-main-final']);
      expect([Protection.NON_PRODUCTION.deletionProtection, Protection.NON_PRODUCTION.forceDestroy, Protection.NON_PRODUCTION.finalSnapshotIdentifier('dev-main')]).toEqual([false, true, undefined]);
    });

    test('log retention: a construct\'s override wins and is checked against CloudWatch\'s values', () => {
      expect(Protection.PRODUCTION.logRetention('X', 'logRetentionDays', undefined)).toBe(365);
      expect(Protection.NON_PRODUCTION.logRetention('X', 'logRetentionDays', 90)).toBe(90);
      expect(() => Protection.PRODUCTION.logRetention('X', 'logRetentionDays', 42)).toThrow(/X: logRetentionDays = 42 is not supported\. Fix: use one of 1, 3, 5/);
    });
  });

  describe('with()', () => {
    test('GIVEN changes THEN a new protection carries them and names them in messages', () => {
      const longer = Protection.PRODUCTION.with({ logRetentionDays: 731, databaseBackupRetentionDays: 35 });
      expect(longer.settings()).toMatchObject({ retainOnDestroy: true, logRetentionDays: 731, databaseBackupRetentionDays: 35 });
      expect(longer.name).toBe('Protection.PRODUCTION.with({ logRetentionDays: 731, databaseBackupRetentionDays: 35 })');
      expect(Protection.PRODUCTION.logRetentionDays).toBe(365);
      expect(Protection.NON_PRODUCTION.with({ retainOnDestroy: true }).lifecycle()).toEqual({ preventDestroy: true });
    });

    test.each([
      ['a log retention CloudWatch does not offer', { logRetentionDays: 42 }, /Protection.PRODUCTION.with: logRetentionDays = 42 is not supported/],
      ['no database backups', { databaseBackupRetentionDays: 0 }, /databaseBackupRetentionDays = 0 is out of range \(RDS keeps 1 to 35 days/],
      ['more snapshot days than ElastiCache keeps', { cacheSnapshotRetentionDays: 36 }, /cacheSnapshotRetentionDays = 36 is out of range \(ElastiCache keeps snapshots up to 35 days\)/],
      ['a secret recovery window Secrets Manager refuses', { secretRecoveryWindowDays: 3 }, /secretRecoveryWindowDays = 3 is out of range \(Secrets Manager waits 7 to 30 days\)/],
      ['a flag that is a string (JS)', { retainOnDestroy: 'yes' }, /retainOnDestroy = "yes" is not a boolean/],
      ['an unknown setting', { preventDestroy: true }, /preventDestroy = true is not a protection setting\. Fix: use one of retainOnDestroy, productionGuardrails/],
      ['not an object (JS)', 365, /changes = 365 is not an object/],
    ] as [string, unknown, RegExp][])('GIVEN %s THEN it fails naming the setting and the fix', (_, changes, message) => {
      let thrown: unknown;
      try {
        Protection.PRODUCTION.with(changes as Partial<ProtectionSettings>);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).toMatch(/\. Fix: .+/);
    });
  });

  describe('resolveProtection (each construct\'s `protection` prop)', () => {
    const scope = new TerraformStack(testApp(), 'test');

    test('GIVEN nothing THEN production: safe unless told otherwise', () => {
      expect(resolveProtection(scope, {})).toBe(Protection.PRODUCTION);
      expect(resolveProtection(scope, undefined)).toBe(Protection.PRODUCTION);
      expect(resolveProtection(scope, { protection: Protection.NON_PRODUCTION })).toBe(Protection.NON_PRODUCTION);
    });

    test.each([
      ['the old production flag', { production: true }, /production = true is no longer a prop: one protection setting replaced it\. Fix: pass protection: Protection\.forEnvironment\(true\)/],
      ['the old preventDestroy flag', { preventDestroy: false }, /preventDestroy = false is no longer a prop.*Fix: pass protection: Protection\.NON_PRODUCTION/],
      ['the old deletionProtection flag', { deletionProtection: true }, /deletionProtection = true is no longer a prop.*Fix: pass protection: Protection\.PRODUCTION/],
      ['a boolean (JS)', { protection: true }, /protection = true is not a Protection\. Fix: pass Protection\.PRODUCTION, Protection\.NON_PRODUCTION or Protection\.forEnvironment/],
      ['a look-alike object (JS)', { protection: { retainOnDestroy: true } }, /protection = \{"retainOnDestroy":true\} is not a Protection/],
      ['a preset name (JS)', { protection: 'PRODUCTION' }, /protection = "PRODUCTION" is not a Protection/],
    ])('GIVEN %s THEN synth fails naming the construct and the migration', (_, props, message) => {
      expect(() => resolveProtection(scope, props)).toThrow(message);
      expect(() => resolveProtection(scope, props)).toThrow(/^TerraformStack \(test\): /);
    });
  });
});
