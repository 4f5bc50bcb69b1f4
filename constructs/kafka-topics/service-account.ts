import type { ServiceAccountRef } from '../eks-cluster/controller-roles';

/**
 * The topic Job's namespace and service account. The AWS stack's Pod Identity association
 * (WorkloadIdentities, `kafkaTopics`) names them; KafkaTopics creates them in the platform stack.
 * A module without provider bindings, so both stacks can import it cheaply.
 */
export const KAFKA_TOPICS_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: 'kafka-admin', name: 'kafka-topics' };
