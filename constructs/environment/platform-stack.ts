import { Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { kubernetesVersionOf } from '../../lib/config/environment';
import { Protection } from '../../lib/protection';
import { ClusterControllers } from '../cluster-controllers';
import { ClusterMonitoring } from '../cluster-monitoring';
import { EnvironmentAwsStack } from './aws-stack';
import { configureBackend } from './backend';
import { DATABASE_NAME, SERVICES_NAMESPACE } from './conventions';
import { ServicesTier } from './services-tier';
import { ServiceMesh } from '../service-mesh';
import { AMBIENT_NAMESPACE_LABELS } from '../../lib/mesh/manifests';
import { KafkaTopics } from '../kafka-topics';
import { KafkaBrokerType } from '../../lib/capacity';

export interface EnvironmentPlatformStackProps {
  /** The environment's AWS stack: the cluster, network, database and repositories this stack deploys onto. */
  readonly aws: EnvironmentAwsStack;
}

/**
 * The Kubernetes side of an environment (`<env>-platform`): controllers, in-cluster
 * monitoring and the services. Reads the cluster's endpoint, CA, VPC and target groups from
 * the AWS stack (cdktf turns those references into that stack's outputs and a
 * `terraform_remote_state` here), and authenticates with `aws eks get-token`, so it has no
 * AWS data source.
 *
 * Deploy after the AWS stack: `cdktf deploy <env> <env>-platform`. The API endpoint is
 * private, so run it from inside the VPC (or list your CIDRs in the cluster's
 * publicAccessCidrs), as a principal in `eksAdminRoleArns`.
 */
export class EnvironmentPlatformStack extends TerraformStack {
  public readonly controllers: ClusterControllers;
  /** Prometheus, Grafana and prometheus-adapter, watching every service. */
  public readonly monitoring: ClusterMonitoring;
  /** The services' namespace, the read pooler and the workloads. */
  public readonly services: ServicesTier;
  /** Istio ambient between the services (absent with `mesh: 'none'`). */
  public readonly mesh?: ServiceMesh;
  /** The Job that creates and updates the planned Kafka topics at deploy. */
  public readonly kafkaTopics: KafkaTopics;

  constructor(scope: Construct, id: string, props: EnvironmentPlatformStackProps) {
    super(scope, id);
    const aws = props.aws;
    const { config, capacity: plan } = aws;
    configureBackend(this, id, config);
    const eks = aws.compute.eks;

    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', config.name, '--region', config.region],
    };
    const cluster = { host: eks.endpoint, clusterCaCertificate: Fn.base64decode(eks.certificateAuthorityData) };
    new KubernetesProvider(this, 'kubernetes', { ...cluster, exec: [exec] });
    new HelmProvider(this, 'helm', { kubernetes: { ...cluster, exec } });

    this.controllers = new ClusterControllers(this, 'controllers', {
      clusterName: config.name,
      region: config.region,
      vpcId: aws.network.vpcId,
      serviceAccounts: eks.controllerServiceAccounts,
      kubernetesVersion: kubernetesVersionOf(config),
    });
    // Before the workloads: their HPAs scale on the custom metric prometheus-adapter serves.
    this.monitoring = new ClusterMonitoring(this, 'monitoring', {
      protection: Protection.forEnvironment(config.production),
      // AWS stack: AlertmanagerRole lets Alertmanager's service account publish to this topic.
      alarmTopicArn: aws.monitoring.alarmTopicArn,
      region: config.region,
      environmentName: config.name,
      capacity: plan.monitoring,
      servicesNamespace: SERVICES_NAMESPACE,
      // In the mesh, Prometheus scrapes the STRICT-mTLS pods through it, with its own identity.
      namespaceLabels: plan.mesh ? AMBIENT_NAMESPACE_LABELS : undefined,
      // The brokers' exporters (the AWS stack admits the nodes on 11001-11002) and the Kafka alerts.
      kafka: { clusterName: aws.events.clusterName, brokerCount: aws.events.brokerCount, brokerDomain: aws.events.brokerDomain, express: aws.events.brokerType === KafkaBrokerType.EXPRESS },
    });
    // The mesh: sized by plan.mesh, which the model makes exactly when config.mesh is not 'none'.
    this.mesh = plan.mesh ? new ServiceMesh(this, 'mesh', { capacity: plan.mesh, monitoring: this.monitoring }) : undefined;
    const database = aws.data.database;
    this.services = new ServicesTier(this, 'services', {
      name: config.name,
      region: config.region,
      services: config.services,
      servicePlans: plan.services,
      readPooler: plan.readPooler,
      quota: plan.servicesNamespace,
      repositoryUrls: Object.fromEntries(Object.entries(aws.compute.repositories).map(([name, r]) => [name, r.repositoryUrl])),
      targetGroupArns: aws.compute.ingress.targetGroupArns,
      appSubnetCidrs: aws.network.appSubnets.map((s) => s.cidr),
      loadBalancerAddresses: aws.compute.ingress.addresses,
      dataSubnetCidrs: aws.network.dataSubnets.map((s) => s.cidr),
      database: {
        readerEndpoint: database.readerEndpoint,
        proxyEndpoint: database.proxyEndpoint,
        port: database.port,
        databaseName: DATABASE_NAME,
        masterUsername: database.masterUsername,
        secretArn: database.secretArn,
      },
      controllers: this.controllers,
      monitoring: this.monitoring,
      dataStoreUsers: aws.identities.dataStoreUsers,
      cache: { host: aws.data.cache.configurationEndpoint, port: aws.data.cache.port },
      production: config.production,
      mesh: this.mesh
        ? { mesh: this.mesh, config: config.mesh === 'none' ? undefined : config.mesh, loadBalancerAddresses: aws.compute.ingress.addresses }
        : undefined,
      kafka: { bootstrapBrokers: aws.events.bootstrapBrokersIam, topics: plan.kafka.topics },
    });
    // The planned topics, created and updated through the Kafka admin API by a Job whose name
    // carries the topic config's hash (README, Kafka: how a topic change rolls out).
    this.kafkaTopics = new KafkaTopics(this, 'kafka-topics', {
      capacity: plan.kafka,
      bootstrapBrokers: aws.events.bootstrapBrokersIam,
      region: config.region,
      brokerCidrs: aws.network.dataSubnets.map((s) => s.cidr),
    });
  }
}
