import { CapacityInputs, DESIGN_NOTES_REQUEST_MIX, PLACEHOLDER, ServiceConfig, sourced } from 'cdktf-million-rps';
import { AVAILABILITY_ZONES, ENVIRONMENT } from './settings';

/**
 * The load this environment must carry and the assumptions behind it: never counts.
 * `planCapacity(CAPACITY)` turns it into every size in the stack (instances, nodes,
 * replicas, shards, connections). Modelled on the library's reference staging inputs.
 */

/**
 * nginx requests/s per vCPU, measured by cdktf-million-rps (`npm run bench:nginx`: its
 * production nginx.conf proxying over loopback, driven by wrk): 32,889 proxied requests per
 * worker CPU-second, derated x0.5 for real responses and NIC interrupts.
 */
const NGINX_RPS_PER_VCPU = sourced(16_000, 'cdktf-million-rps npm run bench:nginx: 32,889 req per worker CPU-second, derated x0.5');

/** Replace each figure with your own load test of one pod at its CPU request; the capacity report flags placeholders. */
const podRps = (value: number, what: string) => sourced(value, `${PLACEHOLDER}: planning figure for ${what}; measure one pod and replace it`);

/** How each service is reached and probed: containers listen on an unprivileged port (they run as non-root). */
const ROUTE = { containerPort: 8080, imageTag: '1.0.0', livenessPath: '/health/live', readinessPath: '/health/ready' };

/**
 * The services, in NLB listener order (8080, 8081, ...): where nginx routes them, and what one
 * pod carries. Every request enters through `gateway`, which routes it to exactly one backend.
 */
export const SERVICES: ServiceConfig[] = [
  { name: 'gateway', role: 'gateway', pathPrefix: '/', ...ROUTE, podRps: podRps(1_500, 'a gateway pod proxying to backends, 1 vCPU'), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_024 },
  { name: 'catalog', role: 'backend', trafficShare: 0.8, pathPrefix: '/api/catalog', ...ROUTE, podRps: podRps(1_000, 'a pod serving cached catalog reads, 1 vCPU'), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_024 },
  { name: 'orders', role: 'backend', trafficShare: 0.2, pathPrefix: '/api/orders', ...ROUTE, podRps: podRps(400, 'a pod validating and writing orders, 1 vCPU'), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_536 },
];

export const CAPACITY: CapacityInputs = {
  environment: ENVIRONMENT,
  targetRps: 50_000,
  // 35% headroom for spikes and for the minutes autoscaling takes to add capacity.
  targetUtilization: 0.65,
  azCount: AVAILABILITY_ZONES.length,
  survivesAzLoss: true,
  // The design notes' request mix (4 KiB responses, keep-alive clients, 95% reads at a 95% cache hit ratio).
  requestMix: DESIGN_NOTES_REQUEST_MIX,
  services: SERVICES,
  nginx: { instanceType: 'c7g.large', rpsPerVcpu: NGINX_RPS_PER_VCPU },
  // DaemonSets this stack puts on every node: aws-node, kube-proxy, ebs-csi-node,
  // eks-pod-identity-agent and the Container Insights cloudwatch-agent (405 m, 248 MiB; the
  // library's NODE_DAEMONSETS lists each request and its source), with room for one more pod
  // (node-exporter or a log shipper you add).
  nodes: { instanceTypes: ['c7i.2xlarge'], daemonSetCpuMillicores: 500, daemonSetMemoryMiB: 512, daemonSetPods: 6 },
  // This app deploys only the AWS stack: the node groups reserve room for EksCluster's own
  // add-on pods (CoreDNS, EBS CSI and CloudWatch controllers), not for a platform stack's.
  platform: { clusterControllers: false, clusterMonitoring: false, readPooler: false },
  cache: { nodeType: 'cache.r7g.xlarge', minReplicasPerShard: 1 },
  database: { primaryClass: 'db.r7g.xlarge', replicaClass: 'db.r7g.large', minReplicas: 1 },
};
