import { Testing } from 'cdktf';
import { CONSUMER_GROUP, DEAD_LETTER_TOPIC, EVENT_TOPIC, KafkaProducerConsumerStack } from '../../examples/kafka-producer-consumer/stack';
import { SynthesizedStack, allOf, onlyOf, resourcesOf } from '../support/synth';
import { testApp } from '../support/temp';

type Statement = { Sid: string; Action: string | string[]; Resource: string | string[] };

describe('examples/kafka-producer-consumer', () => {
  const synthesized = JSON.parse(Testing.synth(new KafkaProducerConsumerStack(testApp(), 'kafka-producer-consumer'))) as SynthesizedStack;
  const policies = resourcesOf(synthesized, 'aws_iam_role_policy');
  /** A role's statements; the ARNs hold Terraform expressions, cut down to what follows the cluster uuid (the topic or group name). */
  const statementsOf = (service: string): { sid: string; actions: string[]; names: string[] }[] => {
    const [, body] = Object.entries(policies).find(([k]) => k.startsWith(`identity-${service}_grants`))!;
    const text = (body.policy as string).replace(/\$\{[^}]*\}/g, 'X');
    return (JSON.parse(text).Statement as Statement[]).map((s) => ({
      sid: s.Sid,
      actions: [s.Action].flat(),
      names: [s.Resource].flat().map((r) => (/:(topic|group)\//.test(r) ? `${/:(topic|group)\//.exec(r)![1]}:${r.split('/').pop()}` : 'cluster')),
    }));
  };

  test('GIVEN the example app THEN one Express cluster in the existing VPC, admitting only the clients\' group on the IAM listener', () => {
    expect(onlyOf(synthesized, 'aws_msk_cluster')).toMatchObject({ cluster_name: 'wallet-events', number_of_broker_nodes: 3, broker_node_group_info: { instance_type: 'express.m7g.large' } });
    expect(Object.keys(synthesized.resource ?? {}).filter((t) => /^aws_(vpc|subnet|nat_gateway)$/.test(t))).toEqual([]);
    expect(allOf(synthesized, 'aws_vpc_security_group_ingress_rule').map((r) => [r.referenced_security_group_id, r.from_port, r.to_port])).toEqual([['${var.client_security_group_id}', 9098, 9098]]);
  });

  test('GIVEN the producer THEN it may publish to wallet.funded and to no other topic, and read nothing', () => {
    expect(statementsOf('transaction-service')).toEqual([
      { sid: 'KafkaConnectToProduce', actions: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], names: ['cluster'] },
      { sid: 'KafkaProduce', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'], names: [`topic:${EVENT_TOPIC}`] },
    ]);
  });

  test('GIVEN the consumer group THEN it reads wallet.funded as its own group and publishes only to its dead-letter topic', () => {
    expect(statementsOf('fraud-detection')).toEqual([
      { sid: 'KafkaConnectToConsume', actions: ['kafka-cluster:Connect'], names: ['cluster'] },
      { sid: 'KafkaConsume', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], names: [`topic:${EVENT_TOPIC}`] },
      { sid: 'KafkaConsumerGroup', actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], names: [`group:${CONSUMER_GROUP}`] },
      { sid: 'KafkaConnectToProduce', actions: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], names: ['cluster'] },
      { sid: 'KafkaProduce', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'], names: [`topic:${DEAD_LETTER_TOPIC}`] },
    ]);
  });

  test('GIVEN the two roles THEN each is bound to its own service account by EKS Pod Identity', () => {
    expect(allOf(synthesized, 'aws_eks_pod_identity_association').map((a) => [a.namespace, a.service_account, a.cluster_name]).sort()).toEqual([
      ['services', 'fraud-detection', '${var.eks_cluster_name}'],
      ['services', 'transaction-service', '${var.eks_cluster_name}'],
    ]);
  });
});
