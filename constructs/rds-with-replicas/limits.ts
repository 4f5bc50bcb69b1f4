import { AWS_QUOTAS } from '../../lib/capacity/sourced';

/**
 * AWS limits this construct validates against, with their sources.
 */

/** https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html */
export const MAX_READ_REPLICAS = AWS_QUOTAS.rdsPostgresReadReplicas.value;

/**
 * DB instance identifier: 1 to 63 letters, digits or hyphens; first a letter; no hyphen
 * at the end or two in a row. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints
 */
export const DB_IDENTIFIER_MAX_LENGTH = 63;
export const DB_IDENTIFIER_PATTERN = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$|^[a-zA-Z]$/;
/** RDS Proxy name: 1 to 60 characters, same charset. https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBProxy.html */
export const PROXY_NAME_MAX_LENGTH = 60;

/** PostgreSQL on RDS listens on 1150 to 65535. https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (Port) */
export const MIN_PORT = 1150;
export const MAX_PORT = 65535;
export const DEFAULT_PORT = 5432;

/**
 * gp3 storage for RDS PostgreSQL: 20 GiB to 64 TiB. Below 400 GiB the volume gets a fixed
 * baseline of 3,000 IOPS and 125 MiB/s and neither can be set; from 400 GiB the baseline is
 * 12,000 IOPS and 500 MiB/s and up to 64,000 IOPS and 4,000 MiB/s may be provisioned, with
 * throughput at most 0.25 MiB/s per IOPS (the gp3 ratio EBS enforces).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage and
 * https://docs.aws.amazon.com/whitepapers/latest/optimizing-postgresql-on-ec2-using-ebs/ebs-volume-types.html
 */
export const GP3 = {
  minStorageGiB: 20,
  maxStorageGiB: 65_536,
  provisioningThresholdGiB: 400,
  minIops: 12_000,
  maxIops: 64_000,
  minThroughputMiBps: 500,
  maxThroughputMiBps: 4_000,
  maxThroughputPerIops: 0.25,
} as const;

/** Automated backups keep 0 to 35 days. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html */
export const MAX_BACKUP_RETENTION_DAYS = 35;
/** This project's floor for production (the requirement; AWS's own minimum for replicas is 1). */
export const MIN_PRODUCTION_BACKUP_RETENTION_DAYS = 7;

/** https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (MonitoringInterval) */
export const MONITORING_INTERVALS_SECONDS = [0, 1, 5, 10, 15, 30, 60] as const;

/** 7 days (free tier) or month multiples of 31 days up to 731. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.Overview.cost.html */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = [7, ...Array.from({ length: 23 }, (_, i) => 31 * (i + 1)), 731] as const;

/** PostgreSQL's hard ceiling for max_connections. https://www.postgresql.org/docs/16/runtime-config-connection.html */
export const MAX_POSTGRES_CONNECTIONS = 262_143;

/** Master user name: 1 to 63 letters, digits or underscores, first a letter; not a reserved word. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints */
export const MASTER_USERNAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
