export { KAFKA_TOPICS_IMAGE, KafkaTopics } from './kafka-topics';
export type { KafkaTopicsProps } from './kafka-topics';
export { KAFKA_TOPICS_SERVICE_ACCOUNT } from './service-account';
