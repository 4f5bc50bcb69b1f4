export { KafkaVersion } from './kafka-version';
export { EnhancedMonitoring } from './msk-cluster-props';
export type { KafkaTopic, MskClusterProps } from './msk-cluster-props';
export { MSK_PORTS, MskCluster } from './msk-cluster';
