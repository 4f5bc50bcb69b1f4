import { fmt } from '../../capacity/spread';
import { PLACEHOLDER, sourced } from '../../capacity/sourced';
import { fixed, priceLine } from '../line';
import { CostTier } from './tier';

/** Share of the database's allocated storage that changes a day: the data tier's backup line uses the same figure. */
export const DB_DAILY_CHANGE_SHARE = sourced(0.05, `${PLACEHOLDER}: planning figure for the share of the database rewritten a day; replace with the RDS snapshot sizes of the running environment`);
/** AZ-loss experiments run a month: the README's reliability routine (one per month, rotating the AZ). */
export const AZ_LOSS_RUNS_PER_MONTH = sourced(1, 'README, Reliability: run the AZ-loss experiment monthly, one AZ at a time');

/**
 * AWS Backup of the database (the recovery points in the Region and their copies in the
 * second Region, and the transfer between them) and the FIS AZ-loss experiment's
 * action-minutes. Recovery points are incremental: one full copy plus the daily change for
 * each day kept; the copy Region receives the daily change.
 */
export const RESILIENCE_TIER: CostTier = {
  name: 'Resilience (AWS Backup, FIS)',
  notes: (ctx) => [
    `Backup storage assumes ${DB_DAILY_CHANGE_SHARE.value * 100}% of the database changes a day (${DB_DAILY_CHANGE_SHARE.source}).`,
    'The smaller FIS experiments (one node group, cache nodes, database failover) are billed the same way when run; they are not in the total.',
    ...(ctx.inputs.resilience.backup.enabled ? [] : ['Backups are off in this environment.']),
  ],
  lines(ctx) {
    const { backup, azLossExperiment } = ctx.inputs.resilience;
    const db = ctx.inputs.database;
    const change = DB_DAILY_CHANGE_SHARE.value;
    const storage = (s: 'min' | 'target' | 'max') => (s === 'max' ? db.maxAllocatedGiB : db.allocatedGiB);
    const on = backup.enabled ? 1 : 0;
    const runs = AZ_LOSS_RUNS_PER_MONTH.value * (azLossExperiment.enabled ? 1 : 0);
    return [
      priceLine(ctx, {
        key: 'backup.rds-snapshot.gb-month',
        item: `database recovery points in ${ctx.inputs.region}`,
        quantity: (s) => on * storage(s) * (1 + change * backup.retentionDays),
        basis: `${db.allocatedGiB} GiB (max ${db.maxAllocatedGiB}) x (1 full + ${change * 100}%/day x ${backup.retentionDays} days kept), a backup every ${backup.intervalHours} h`,
      }),
      priceLine(ctx, {
        key: 'backup.rds-snapshot.gb-month',
        item: `their copies in ${backup.copyRegion}`,
        quantity: (s) => on * storage(s) * (1 + change * backup.copyRetentionDays),
        basis: `same, ${backup.copyRetentionDays} days kept in the copy Region`,
      }),
      priceLine(ctx, {
        key: 'backup.cross-region-transfer.gb',
        item: `copy transfer to ${backup.copyRegion}`,
        quantity: (s) => on * storage(s) * change * (ctx.assumptions.hoursPerMonth.value / 24),
        basis: `${change * 100}%/day of ${db.allocatedGiB} GiB changed x ${fmt(ctx.assumptions.hoursPerMonth.value / 24)} days (the first full copy not included)`,
      }),
      priceLine(ctx, {
        key: 'fis.action-minute',
        item: 'FIS AZ-loss experiment',
        quantity: fixed(runs * azLossExperiment.actions * azLossExperiment.minutes),
        basis: `${AZ_LOSS_RUNS_PER_MONTH.value} run(s) a month x ${azLossExperiment.actions} parallel actions x ${azLossExperiment.minutes} min`,
      }),
    ];
  },
};
