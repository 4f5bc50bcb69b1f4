import { Port } from '../connections/port';
import { EksCluster } from '../eks-cluster';
import { HBONE_PORT } from '../../lib/mesh/manifests';

/**
 * istiod's webhook port: the API server calls the sidecar-injection and config-validation
 * webhooks on the istiod pods' 15017 (istio-discovery chart templates/service.yaml,
 * `https-webhook` targetPort 15017). https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const ISTIOD_WEBHOOK_PORT = 15017;

/**
 * Opens the node security group for the mesh: the control plane to istiod's webhook (15017),
 * and node to node for HBONE (15008: ztunnel and waypoints tunnel mTLS between pods). Call
 * it in the AWS stack that owns the cluster when the platform stack runs a ServiceMesh.
 */
export function allowMeshTraffic(cluster: EksCluster): void {
  cluster.connections.allowFrom(cluster.controlPlane, Port.tcp(ISTIOD_WEBHOOK_PORT), 'Istio: control plane to the istiod webhook');
  cluster.connections.allowFrom(cluster, Port.tcp(HBONE_PORT), 'Istio: HBONE (mTLS tunnel) between ztunnels and waypoints');
}
