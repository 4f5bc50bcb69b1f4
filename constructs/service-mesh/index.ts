export { ISTIO_VERSION } from './charts';
export { ISTIO_NAMESPACE, ServiceMesh } from './service-mesh';
export type { ServiceMeshProps } from './service-mesh';
export { MeshPolicies } from './mesh-policies';
export type { MeshPoliciesProps } from './mesh-policies';
export { allowMeshTraffic, ISTIOD_WEBHOOK_PORT } from './mesh-network';
