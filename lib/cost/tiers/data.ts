import { fmt } from '../../capacity/spread';
import { fixed, hours, priceLine } from '../line';
import { DB_DAILY_CHANGE_SHARE } from './resilience';
import { CostTier } from './tier';

/** RDS PostgreSQL: the Multi-AZ primary (billed twice), read replicas, gp3 storage, backups, RDS Proxy. */
export const DATABASE_TIER: CostTier = {
  name: 'RDS PostgreSQL',
  lines(ctx) {
    const db = ctx.inputs.database;
    const h = hours(ctx);
    const copies = db.multiAz ? 2 : 1;
    const storageCopies = copies + db.replicas;
    const storage = (s: 'min' | 'target' | 'max') => (s === 'max' ? db.maxAllocatedGiB : db.allocatedGiB);
    // Backups: a full copy plus daily changes over the retention window; free up to the provisioned storage.
    const change = DB_DAILY_CHANGE_SHARE.value;
    const backup = (s: 'min' | 'target' | 'max') => Math.max(0, storage(s) * (1 + db.backupRetentionDays * change) - storage(s) * storageCopies);
    return [
      priceLine(ctx, {
        key: `rds.postgres.${db.primaryClass}.hour`,
        item: `primary ${db.primaryClass}${db.multiAz ? ' (Multi-AZ: primary + standby)' : ''}`,
        quantity: fixed(copies * h),
        basis: `${copies} instance(s) x ${h} h`,
        category: 'rds-instance',
      }),
      priceLine(ctx, {
        key: `rds.postgres.${db.replicaClass}.hour`,
        item: `read replicas ${db.replicaClass}`,
        quantity: fixed(db.replicas * h),
        basis: `${db.replicas} replica(s) x ${h} h`,
        category: 'rds-instance',
      }),
      priceLine(ctx, {
        key: 'rds.gp3.gb-month',
        item: 'gp3 storage',
        quantity: (s) => storage(s) * storageCopies,
        basis: `${db.allocatedGiB} GiB allocated (max ${db.maxAllocatedGiB} with storage autoscaling, priced at max) x ${storageCopies} copies (${db.multiAz ? 'primary, standby, ' : 'primary, '}${db.replicas} replica(s))`,
      }),
      priceLine(ctx, {
        key: 'rds.gp3.iops-month',
        item: 'gp3 IOPS above the included 3,000',
        quantity: fixed(0),
        basis: 'the stacks provision no IOPS beyond the gp3 baseline',
      }),
      priceLine(ctx, {
        key: 'rds.backup.gb-month',
        item: 'backup storage beyond the free allowance',
        quantity: backup,
        basis: `${db.backupRetentionDays} days retained: one full copy + ${change * 100}%/day changed (DB_DAILY_CHANGE_SHARE, a PLACEHOLDER) vs ${storageCopies} x storage free`,
      }),
      priceLine(ctx, {
        key: 'rds.proxy.vcpu-hour',
        item: 'RDS Proxy',
        quantity: fixed(db.primaryVcpus * h),
        basis: `${db.primaryVcpus} vCPUs of the primary it fronts x ${h} h (the read pooler, not the proxy, fronts the replicas)`,
      }),
    ];
  },
};

/** ElastiCache (Valkey, cluster mode): nodes and snapshots beyond the free one. */
export const CACHE_TIER: CostTier = {
  name: 'ElastiCache (Valkey, cluster mode)',
  lines(ctx) {
    const c = ctx.inputs.cache;
    const h = hours(ctx);
    return [
      priceLine(ctx, {
        key: `elasticache.valkey.${c.nodeType}.hour`,
        item: `${c.nodeType} nodes`,
        quantity: fixed(c.nodes * h),
        basis: `${c.shards} shard(s) x (1 + ${c.replicasPerShard}) = ${c.nodes} nodes x ${h} h`,
        category: 'cache-node',
      }),
      priceLine(ctx, {
        key: 'elasticache.backup.gb-month',
        item: 'snapshots beyond the free one',
        quantity: fixed(Math.max(0, c.snapshotRetentionDays - 1) * c.snapshotGiB),
        basis: `${c.snapshotRetentionDays} daily snapshots kept, each at most ${fmt(c.snapshotGiB)} GiB (every shard's usable memory)`,
      }),
    ];
  },
};
