import { Construct } from 'constructs';
import { checkProps, checkRequiredObject } from '../../lib/validation';
import { checkSameStack } from '../../lib/wiring';
import { AlertmanagerRole } from '../cluster-monitoring/alertmanager-role';
import { EksCluster } from '../eks-cluster';
import { MonitoringStack } from '../monitoring-stack';
import { RdsWithReplicas } from '../rds-with-replicas';
import { ReadPoolerRole } from '../read-pooler/read-pooler-role';

export interface WorkloadIdentitiesProps {
  /** Environment name: prefixes the role names. */
  readonly name: string;
  /** Region of the environment (scopes the secret key's use to Secrets Manager there). */
  readonly region: string;
  /** The cluster whose pods assume the roles (EKS Pod Identity). */
  readonly cluster: EksCluster;
  /** The database whose secret the read pooler mounts. */
  readonly database: RdsWithReplicas;
  /** The monitoring whose alarm topic Alertmanager publishes to. */
  readonly monitoring: MonitoringStack;
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

  constructor(scope: Construct, id: string, props: WorkloadIdentitiesProps) {
    super(scope, id);
    checkProps(this, props, '{ name, region, cluster, database, monitoring }');
    for (const key of ['cluster', 'database', 'monitoring'] as const) {
      checkRequiredObject(this, key, props[key], `pass the environment's ${key}`);
      checkSameStack(this, key, props[key]);
    }
    const { name, cluster, database, monitoring } = props;
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
  }
}
