/** The pooler's sizing lives in the capacity model (lib/capacity/read-pooler.ts); ReadPooler takes `plan.readPooler`. */
export { MIN_DEFAULT_POOL_SIZE, POOLER_TARGET_CPU_UTILIZATION_PERCENT, READ_POOLER_CONNECTION_SHARE } from '../../lib/capacity/read-pooler';
export { READ_POOLER_CPU_MILLICORES as DEFAULT_CPU_MILLICORES, READ_POOLER_MEMORY_MIB as DEFAULT_MEMORY_MIB } from '../../lib/platform-pods';
