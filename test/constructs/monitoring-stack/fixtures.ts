import { DatabaseRole, MonitoringStackProps } from '../../../constructs/monitoring-stack';

/** Every kind of watched resource, with plain values (as another stack or a hand-made VPC would pass). */
export const FULL_PROPS: MonitoringStackProps = {
  name: 'prod',
  region: 'us-east-1',
  alarmEmails: ['oncall@example.com'],
  loadBalancers: [
    { name: 'edge-0', arnSuffix: 'app/prod-edge-0/50dc6c495c0c9188', reservedLcu: 1000 },
    { name: 'edge-1', arnSuffix: 'app/prod-edge-1/60dc6c495c0c9188' },
  ],
  targetGroups: [{ name: 'nginx-0', arnSuffix: 'targetgroup/prod-nginx-0/73e2d6bc24d8a067', loadBalancerArnSuffix: 'app/prod-edge-0/50dc6c495c0c9188', minHealthyTargets: 6 }],
  autoScalingGroups: [{ name: 'prod-nginx', expectedMin: 6 }],
  databases: [
    { identifier: 'prod-db', role: DatabaseRole.PRIMARY, maxConnections: 5000, memoryGiB: 256, allocatedStorageGiB: 1000 },
    { identifier: 'prod-db-replica-1', role: DatabaseRole.REPLICA, maxConnections: 5000, memoryGiB: 256, allocatedStorageGiB: 1000 },
  ],
  caches: [{ replicationGroupId: 'prod-cache', shards: 2, replicasPerShard: 1 }],
  eksClusters: [{ name: 'prod', expectedNodesMin: 12, expectedNodesMax: 60 }],
  natGateways: [{ name: 'us-east-1a', id: 'nat-0123456789abcdef0' }],
};
