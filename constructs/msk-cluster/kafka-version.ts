/**
 * Apache Kafka versions the construct pins. On 2026-12-01, 3.6 and 3.7 are past MSK end of support
 * and 3.9 is the last line with both ZooKeeper and KRaft, with extended support of at least two
 * years (AWS docs, Supported Apache Kafka versions:
 * https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html). Express
 * brokers support 3.6, 3.8 and 3.9 (KRaft from 3.9). A ZooKeeper cluster cannot move to KRaft in
 * place, so Standard clusters start on KRaft.
 */
export enum KafkaVersion {
  /** 3.9.x: the Express brokers' version string (MSK runs their metadata itself). */
  V3_9_X = '3.9.x',
  /** 3.9.x in KRaft mode on Standard brokers (no ZooKeeper; up to 60 brokers per cluster). */
  V3_9_X_KRAFT = '3.9.x.kraft',
}
