import type { ClusterMonitoringPlan } from '../../lib/capacity/plan';
import { Protection } from '../../lib/protection';
import { ClusterNodePlan } from '../../lib/prometheus/cluster-alerts';
import { ServiceMonitoringTarget } from '../../lib/prometheus/service-alerts';

export interface ClusterMonitoringProps {
  /**
   * Namespace of Prometheus, Alertmanager, Grafana and prometheus-adapter (created here).
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * The in-cluster monitoring's slice of the capacity plan (`plan.monitoring`): high
   * availability (two replicas each), the node bounds the alerts compare against, and the
   * services with their planned load. Needs `servicesNamespace`. Values given explicitly
   * next to it (`services`, `nodePlan`, a `protection` of other guardrails) must agree with it.
   * @default - no plan: `services`, `nodePlan` and `protection` alone
   */
  readonly capacity?: ClusterMonitoringPlan;
  /**
   * Namespace the services of `capacity` run in. Required with `capacity`.
   * @default - none (only used with `capacity`)
   */
  readonly servicesNamespace?: string;
  /**
   * More labels on that namespace, e.g. `istio.io/dataplane-mode: ambient` so Prometheus
   * scrapes meshed pods through the mesh with its own identity.
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /**
   * With `productionGuardrails`: two Prometheus and Alertmanager replicas (each with its own
   * volume) and two prometheus-adapters with a PodDisruptionBudget.
   * @default - `capacity.highAvailability` decides the replicas; else Protection.PRODUCTION
   */
  readonly protection?: Protection;
  /**
   * The services to scrape, alert on and draw: one PrometheusRule group and one Grafana
   * dashboard each. Their Kubernetes Services must expose the metrics port below.
   * @default - the services of `capacity` (in `servicesNamespace`), else []
   */
  readonly services?: ServiceMonitoringTarget[];
  /**
   * Node bounds the capacity plan expects; adds ClusterNodesBelowPlan / ClusterNodesAtMax.
   * @default - the node bounds of `capacity`, else no node-count alerts
   */
  readonly nodePlan?: ClusterNodePlan;
  /** Name of the Service port serving `/metrics`. @default 'http' */
  readonly metricsPortName?: string;
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** Days Prometheus keeps samples. @default 30 (design notes 001: retention.time=30d) */
  readonly retentionDays?: number;
  /**
   * Size (GB) at which Prometheus deletes the oldest blocks. The volume is sized so this is
   * 80% of it, leaving room for compaction.
   * @default 50 (design notes 001: retention.size=50GB)
   */
  readonly retentionSizeGB?: number;
  /**
   * Secret (in `namespace`) with keys `admin-user` and `admin-password` for Grafana, e.g.
   * synced from AWS Secrets Manager by External Secrets.
   * @default - a Secret holding a generated password (hashicorp/random `random_password`;
   *   the value lives only in Terraform state, never in the synthesized configuration)
   */
  readonly grafanaAdminSecretName?: string;
  /** Where on-call reads docs/runbooks.md. @default RUNBOOKS_URL */
  readonly runbookBaseUrl?: string;
  /**
   * SNS topic Alertmanager sends every alert to (lib/alertmanager: grouping, inhibition, a
   * null receiver for Watchdog/InfoInhibitor). Alertmanager needs `sns:Publish` on it (and the
   * topic key) through EKS Pod Identity: create AlertmanagerRole in the AWS stack, for
   * ALERTMANAGER_SERVICE_ACCOUNT, which must sit in `namespace`.
   * @default - Alertmanager keeps the chart's routing, which notifies nobody
   */
  readonly alarmTopicArn?: string;
  /** Region of `alarmTopicArn`, which Alertmanager signs its requests for. @default - required with alarmTopicArn */
  readonly region?: string;
  /** Leads every alert's SNS subject, so a shared inbox tells environments apart. @default - none */
  readonly environmentName?: string;
  /**
   * An MSK cluster to scrape and alert on: Prometheus scrapes each broker's JMX (11001) and node
   * (11002) exporters and evaluates the Kafka alerts (lib/prometheus/kafka-alerts.ts). The
   * brokers' security group must admit the nodes Prometheus runs on (MskCluster `monitoringClients`).
   * @default - no Kafka scraping or alerts
   */
  readonly kafka?: ClusterMonitoringKafka;
}

/** What ClusterMonitoring needs of an MSK cluster (the AWS stack's MskCluster). */
export interface ClusterMonitoringKafka {
  /** MSK cluster name (MskCluster `clusterName`). */
  readonly clusterName: string;
  /** Brokers, numbered 1..brokerCount (MskCluster `brokerCount`, from plan.kafka). */
  readonly brokerCount: number;
  /**
   * The DNS domain the brokers' names share, `b-<id>.<brokerDomain>` (MskCluster `brokerDomain`,
   * known after apply: usually a cross-stack reference).
   */
  readonly brokerDomain: string;
  /** Express brokers (managed storage: no broker disk alert). */
  readonly express: boolean;
}
