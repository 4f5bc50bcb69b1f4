/**
 * Alarm thresholds. "AWS recommends" means the CloudWatch recommended alarms page:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
 * (Best-Practice-Alarms.html). Where that page says "depends on your situation", the value
 * comes from the design notes' SLOs (lib/slo.ts) or the reason is written next to it.
 */

/** One-minute periods, as in every recommended alarm. */
export const PERIOD_SECONDS = 60;
/** AWS recommends 5 of 5 one-minute datapoints for most alarms: a blip does not page. */
export const DATAPOINTS = 5;

// ---- Application Load Balancer ---------------------------------------------------------
/** Rejected connections mean the ALB hit its connection limit; a sustained non-zero count loses clients. */
export const ALB_REJECTED_CONNECTIONS_MAX = 0;
/**
 * PeakLCUs (per-minute Sum) compared with the reservation, as the ELB guide advises
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/monitor-capacity-unit-reservation.html).
 * Warn at 90%: beyond the reservation the ALB scales on demand, which is what the
 * reservation was bought to avoid at peak.
 */
export const LCU_RESERVATION_ALARM_RATIO = 0.9;

// ---- EC2 / nginx fleet ------------------------------------------------------------------
/** AWS recommends 80% for EC2 CPUUtilization. */
export const EC2_CPU_PERCENT_MAX = 80;

// ---- RDS --------------------------------------------------------------------------------
/** AWS recommends 90% for RDS CPUUtilization. */
export const RDS_CPU_PERCENT_MAX = 90;
/** AWS: FreeableMemory should not stay below 25% of the instance's memory. */
export const RDS_FREEABLE_MEMORY_RATIO_MIN = 0.25;
/** AWS: alarm at about 10% of the allocated storage left. */
export const RDS_FREE_STORAGE_RATIO_MIN = 0.1;
/**
 * AWS leaves DatabaseConnections to max_connections; at 90% new connections are close to
 * "remaining connection slots are reserved" errors.
 */
export const RDS_CONNECTIONS_RATIO_MAX = 0.9;
/**
 * Read/write latency (p90, as AWS recommends for latency metrics). AWS leaves the value to
 * the workload; a request making a few database round trips must stay inside the 100 ms p95
 * objective, so storage latency above 20 ms spends it (gp3 serves single-digit milliseconds).
 */
export const RDS_IO_LATENCY_SECONDS_MAX = 0.02;
/** This repo's staleness budget for reads routed to replicas. */
export const RDS_REPLICA_LAG_SECONDS_MAX = 30;

// ---- ElastiCache ------------------------------------------------------------------------
/** AWS recommends 90% for EngineCPUUtilization (the single engine thread). */
export const CACHE_ENGINE_CPU_PERCENT_MAX = 90;
/**
 * DatabaseMemoryUsagePercentage: at 100% of maxmemory the engine evicts or rejects writes;
 * 80% leaves time to add shards (an online resharding moves slots for minutes).
 */
export const CACHE_MEMORY_PERCENT_MAX = 80;
/** Keys are sized to fit; a sustained eviction rate means the working set no longer does. */
export const CACHE_EVICTIONS_MAX = 0;
/** This repo's staleness budget for reads served by replicas (READONLY in cluster mode). */
export const CACHE_REPLICATION_LAG_SECONDS_MAX = 1;
/** ElastiCache fixes maxclients at 65,000 per node (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html). */
export const CACHE_MAX_CLIENTS = 65_000;
export const CACHE_CONNECTIONS_RATIO_MAX = 0.8;

// ---- NAT gateway --------------------------------------------------------------------------
/** AWS recommends alarming on any ErrorPortAllocation: the gateway ran out of source ports. */
export const NAT_PORT_ALLOCATION_ERRORS_MAX = 0;
/** AWS recommends 0.01% of packets dropped. */
export const NAT_PACKET_DROP_PERCENT_MAX = 0.01;

/**
 * MSK broker CPU (CpuUser + CpuSystem) above 60%: AWS asks to keep it below 60% so a broker can
 * take its share of a failed broker's load and maintenance rolls (AWS docs, Best practices for
 * Standard brokers, "Monitor CPU usage": https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html).
 */
export const KAFKA_CPU_PERCENT_MAX = 60;
/** MSK Standard broker data-log disk above 85%: storage auto scaling (60% target) should have grown the volume long before; a full disk stops the broker. */
export const KAFKA_DISK_PERCENT_MAX = 85;
/**
 * A consumer group more than 5 minutes behind a topic (EstimatedMaxTimeLag, seconds): notifications
 * and fraud checks that late are no longer useful; a project choice, tune per group.
 */
export const KAFKA_CONSUMER_LAG_SECONDS_MAX = 300;

// ---- CloudFront ---------------------------------------------------------------------------
/**
 * OriginLatency p95 of an S3 origin: S3 answers small objects with a first byte in 100-200 ms
 * ("latency ... 100-200 milliseconds", https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html);
 * five times the top of that range means S3 is throttling (a prefix over 5,500 GET/s) or the
 * origin fetch is failing over.
 */
export const CDN_ORIGIN_LATENCY_MS_MAX = 1_000;
/**
 * The cache hit rate alarm fires this many points below the planned ratio: the plan sizes edge
 * misses at (1 - ratio), so at 0.95 planned, 0.85 triples the load on the origin.
 */
export const CDN_CACHE_HIT_RATE_MARGIN = 0.1;
