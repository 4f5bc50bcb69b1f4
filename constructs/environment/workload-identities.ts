import { Construct } from 'constructs';
import { checkProps, checkRequiredObject } from '../../lib/validation';
import { checkSameStack } from '../../lib/wiring';
import { AlertmanagerRole } from '../cluster-monitoring/alertmanager-role';
import { EksCluster } from '../eks-cluster';
import { MonitoringStack } from '../monitoring-stack';
import { RdsWithReplicas } from '../rds-with-replicas';
import { ReadPoolerRole } from '../read-pooler/read-pooler-role';
import { RedisCluster } from '../redis-cluster';
import { ServiceIdentity } from '../service-identity';
import { workloadServiceAccount } from '../service-workload/service-account';
import type { WorkloadIdentity } from '../service-workload/service-workload-props';
import { KafkaTopicPlan, ServicePlan } from '../../lib/capacity';
import { MskCluster } from '../msk-cluster';
import { KAFKA_TOPICS_SERVICE_ACCOUNT } from '../kafka-topics/service-account';
import { kafkaAccessByService, serviceCacheAccessString, SERVICES_NAMESPACE } from './conventions';

export interface WorkloadIdentitiesProps {
  /** Environment name: prefixes the role names. */
  readonly name: string;
  /** Region of the environment (scopes the secret key's use to Secrets Manager there). */
  readonly region: string;
  /** The cluster whose pods assume the roles (EKS Pod Identity). */
  readonly cluster: EksCluster;
  /** The database whose secret the read pooler mounts and the services connect to through RDS Proxy. */
  readonly database: RdsWithReplicas;
  /** The cache the services connect to, each as its own Valkey user. */
  readonly cache: RedisCluster;
  /** The services' slices of the plan (`plan.services`): a service with a database pool connects to both data stores. */
  readonly services: Readonly<Record<string, ServicePlan>>;
  /** The monitoring whose alarm topic Alertmanager publishes to. */
  readonly monitoring: MonitoringStack;
  /**
   * The event backbone and its planned topics (`plan.kafka.topics`): each service may publish to
   * the topics naming it a producer and consume, as its groups, the topics those groups read.
   * @default - no Kafka grants
   */
  readonly events?: { readonly cluster: MskCluster; readonly topics: readonly KafkaTopicPlan[] };
}


/**
 * The AWS identities of the `<env>-platform` stack's workloads, in the AWS stack: each an EKS
 * Pod Identity role bound to one service account and granted exactly what that workload uses.
 */
export class WorkloadIdentities extends Construct {
  /** PgBouncer (`services/pgbouncer-read`): reads the database secret. */
  public readonly readPooler: ReadPoolerRole;
  /** Alertmanager (`monitoring/kube-prometheus-alertmanager`): publishes to the alarm topic. */
  public readonly alertmanager: AlertmanagerRole;
  /** Each service's role (`services/<service>`, its ServiceWorkload's service account), granted exactly the data stores it uses. */
  public readonly services: Readonly<Record<string, ServiceIdentity>>;
  /** The users each service may connect to the data stores as (the platform stack passes them to its pods). */
  public readonly dataStoreUsers: Readonly<Record<string, WorkloadIdentity>>;
  /** The topic Job (`kafka-admin/kafka-topics`, KafkaTopics): creates and updates exactly the planned topics (absent without `events`). */
  public readonly kafkaTopics?: ServiceIdentity;

  constructor(scope: Construct, id: string, props: WorkloadIdentitiesProps) {
    super(scope, id);
    checkProps(this, props, '{ name, region, cluster, database, cache, services: plan.services, monitoring }');
    for (const key of ['cluster', 'database', 'cache', 'monitoring'] as const) {
      checkRequiredObject(this, key, props[key], `pass the environment's ${key}`);
      checkSameStack(this, key, props[key]);
    }
    const { name, cluster, database, cache, monitoring } = props;
    this.readPooler = new ReadPoolerRole(this, 'read-pooler-role', {
      clusterName: cluster.clusterName,
      namePrefix: name,
      secretArn: database.secretArn,
      secretKeyArn: database.key.keyArn,
      region: props.region,
    });
    // Prometheus alerts reach the same topic (and on-call subscriptions) as the CloudWatch alarms.
    this.alertmanager = new AlertmanagerRole(this, 'alertmanager-role', {
      clusterName: cluster.clusterName,
      namePrefix: name,
      topicArn: monitoring.alarmTopicArn,
      topicKeyArn: monitoring.topicKey.keyArn,
    });

    // Each service's own identity: the ones with a database pool in the plan may connect to
    // PostgreSQL through RDS Proxy and, as their own Valkey user, to the cache; the others
    // (the gateway) to neither. RDS Proxy holds only the master user's secret, so that is the
    // database user (per-service PostgreSQL users: docs/data-tier.md, Known limits).
    const services: Record<string, ServiceIdentity> = {};
    const users: Record<string, WorkloadIdentity> = {};
    for (const [service, plan] of Object.entries(props.services)) {
      const identity = new ServiceIdentity(this, `service-identity-${service}`, {
        clusterName: cluster.clusterName,
        namePrefix: name,
        serviceAccount: workloadServiceAccount(SERVICES_NAMESPACE, service),
      });
      users[service] = {};
      if (plan.dbPoolSizePerPod > 0) {
        database.grantConnect(identity, database.masterUsername);
        const cacheUser = cache.addUser(service, serviceCacheAccessString(service));
        cache.grantConnect(identity, cacheUser);
        users[service] = { databaseUser: database.masterUsername, cacheUser: cacheUser.userName };
      }
      services[service] = identity;
    }
    if (props.events) {
      checkSameStack(this, 'events.cluster', props.events.cluster);
      for (const [service, access] of Object.entries(kafkaAccessByService(props.events.topics))) {
        const identity = services[service];
        if (identity === undefined) continue;
        if (access.produces.length > 0) props.events.cluster.grantProduce(identity, access.produces);
        for (const [group, topics] of Object.entries(access.consumes)) props.events.cluster.grantConsume(identity, topics, group);
      }
      if (props.events.topics.length > 0) {
        this.kafkaTopics = new ServiceIdentity(this, 'kafka-topics-identity', { clusterName: cluster.clusterName, namePrefix: name, serviceAccount: KAFKA_TOPICS_SERVICE_ACCOUNT });
        props.events.cluster.grantTopicAdmin(this.kafkaTopics, props.events.topics.map((t) => t.name));
      }
    }
    this.services = services;
    this.dataStoreUsers = users;
  }
}
