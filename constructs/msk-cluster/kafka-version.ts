/**
 * Apache Kafka versions the construct pins. On 2026-12-01, 3.6 and 3.7 are past MSK end of support
 * and 3.9 is the last line with both ZooKeeper and KRaft, with extended support of at least two
 * years (AWS docs, Supported Apache Kafka versions:
 * https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html: 3.9.x
 * released on MSK 2025-04-21, 3.6.0 supported until 2026-06-01; checked 2026-12-02). That Express
 * brokers run 3.6, 3.8 and 3.9 (KRaft from 3.9) comes from public transcriptions of the Express
 * broker page (research/msk.md) and is not confirmed on an AWS page readable here: a Region or
 * version MSK refuses fails at apply, not at synth. A ZooKeeper cluster cannot move to KRaft in
 * place, so Standard clusters start on KRaft.
 */
export enum KafkaVersion {
  /** 3.9.x: the Express brokers' version string (MSK runs their metadata itself). */
  V3_9_X = '3.9.x',
  /** 3.9.x in KRaft mode on Standard brokers (no ZooKeeper; up to 60 brokers per cluster). */
  V3_9_X_KRAFT = '3.9.x.kraft',
}
