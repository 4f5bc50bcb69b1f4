import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { FisExperimentTemplate } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AutoscalingAttachment } from '@cdktf/provider-aws/lib/autoscaling-attachment';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance, DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { EbsVolume } from '@cdktf/provider-aws/lib/ebs-volume';
import { EksCluster, EksClusterConfig } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { ElasticacheReplicationGroup, ElasticacheReplicationGroupConfig } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate, LaunchTemplateConfig } from '@cdktf/provider-aws/lib/launch-template';
import { Lb, LbConfig } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { MskCluster, MskClusterConfig } from '@cdktf/provider-aws/lib/msk-cluster';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { DeploymentV1, DeploymentV1SpecTemplateSpec, DeploymentV1SpecTemplateSpecContainer } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ALL_RULES, Policy } from '../../../lib/policy';
import { CloudfrontDistribution, CloudfrontDistributionConfig } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { testApp } from '../../support/temp';

/** Builds resources in a fresh stack and evaluates one rule (production: every rule applies). */
function outcomesOf(ruleId: string, build: (scope: Construct) => void) {
  const stack = new TerraformStack(testApp(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  const report = Policy.evaluate(stack, { production: true });
  const mine = (list: readonly { rule: { id: string } }[]) => list.filter((f) => f.rule.id === ruleId).length;
  return { failed: mine(report.failures), passed: mine(report.passed), unknown: mine(report.unknown) };
}

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000';

// ---- compliant building blocks; each case breaks one setting ----
const db = (s: Construct, extra: Partial<DbInstanceConfig> = {}) =>
  new DbInstance(s, 'db', { identifier: 'orders', engine: 'postgres', engineVersion: '16.4', instanceClass: 'db.r7g.large', allocatedStorage: 100, storageEncrypted: true, kmsKeyId: KEY, deletionProtection: true, backupRetentionPeriod: 7, manageMasterUserPassword: true, username: 'app', ...extra });
const cache = (s: Construct, extra: Partial<ElasticacheReplicationGroupConfig> = {}) =>
  new ElasticacheReplicationGroup(s, 'cache', { replicationGroupId: 'sessions', description: 'sessions', engine: 'valkey', nodeType: 'cache.r7g.large', atRestEncryptionEnabled: 'true', transitEncryptionEnabled: true, userGroupIds: ['sessions'], kmsKeyId: KEY, snapshotRetentionLimit: 7, ...extra });
const msk = (s: Construct, extra: Partial<MskClusterConfig> = {}) =>
  new MskCluster(s, 'msk', {
    clusterName: 'events',
    kafkaVersion: '3.9.x',
    numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: { instanceType: 'express.m7g.large', clientSubnets: ['subnet-1', 'subnet-2', 'subnet-3'], securityGroups: ['sg-1'], connectivityInfo: { publicAccess: { type: 'DISABLED' } } },
    clientAuthentication: { unauthenticated: false, sasl: { iam: true } },
    encryptionInfo: { encryptionAtRestKmsKeyArn: KEY, encryptionInTransit: { clientBroker: 'TLS', inCluster: true } },
    loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: '/aws/msk/events/broker' } } },
    ...extra,
  });
const launchTemplate = (s: Construct, extra: Partial<LaunchTemplateConfig> = {}) =>
  new LaunchTemplate(s, 'lt', { name: 'nginx', metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' }, blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true', kmsKeyId: KEY } }], ...extra });
const bucket = (s: Construct, opts: { sse?: string; pab?: boolean; versioning?: string } = {}) => {
  const b = new S3Bucket(s, 'bucket', { bucket: 'million-rps-logs' });
  if (opts.sse !== '') new S3BucketServerSideEncryptionConfigurationA(s, 'sse', { bucket: b.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: opts.sse ?? 'aws:kms', kmsMasterKeyId: KEY } }] });
  if (opts.pab !== false) new S3BucketPublicAccessBlock(s, 'pab', { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  if (opts.versioning !== '') new S3BucketVersioningA(s, 'versioning', { bucket: b.bucket, versioningConfiguration: { status: opts.versioning ?? 'Enabled' } });
  return b;
};
const albGroup = (s: Construct) => new SecurityGroup(s, 'alb-sg', { name: 'alb', description: 'Internet to the public ALB', vpcId: 'vpc-1' });
const alb = (s: Construct, extra: Partial<LbConfig> = {}, waf = true) => {
  const lb = new Lb(s, 'alb', { name: 'public', internal: false, loadBalancerType: 'application', subnets: ['subnet-1', 'subnet-2'], securityGroups: [albGroup(s).id], dropInvalidHeaderFields: true, enableDeletionProtection: true, accessLogs: { bucket: 'million-rps-logs', enabled: true }, ...extra });
  if (waf) new Wafv2WebAclAssociation(s, 'waf', { resourceArn: lb.arn, webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/edge/1' });
  return lb;
};
const eks = (s: Construct, extra: Partial<EksClusterConfig> = {}) =>
  new EksCluster(s, 'eks', { name: 'prod', roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: false, endpointPrivateAccess: true }, encryptionConfig: { resources: ['secrets'], provider: { keyArn: KEY } }, enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], ...extra });
const vpc = (s: Construct, flowLog = true, closedDefault = true) => {
  const v = new Vpc(s, 'vpc', { cidrBlock: '10.0.0.0/16' });
  if (flowLog) new FlowLog(s, 'flow', { vpcId: v.id, trafficType: 'ALL', logDestination: 'arn:aws:logs:us-east-1:111122223333:log-group:flow' });
  if (closedDefault) new DefaultSecurityGroup(s, 'default', { vpcId: v.id });
  else new DefaultSecurityGroup(s, 'default', { vpcId: v.id, ingress: [{ protocol: '-1', fromPort: 0, toPort: 0, selfAttribute: true }] });
  return v;
};
const worldRule = (s: Construct, port: number, group?: SecurityGroup, protocol = 'tcp') =>
  new VpcSecurityGroupIngressRule(s, `world-${port}-${protocol}`, { securityGroupId: (group ?? new SecurityGroup(s, 'app-sg', { name: 'app', description: 'App tier', vpcId: 'vpc-1' })).id, description: 'from anywhere', cidrIpv4: '0.0.0.0/0', ipProtocol: protocol, fromPort: protocol === '-1' ? undefined : port, toPort: protocol === '-1' ? undefined : port });

/** A subnet whose route table has (or has not) a default route to an internet gateway. */
const subnetRoutedTo = (s: Construct, internet: boolean) => {
  const subnet = new Subnet(s, 'subnet', { vpcId: 'vpc-1', cidrBlock: '10.0.1.0/24' });
  const table = new RouteTable(s, 'rt', { vpcId: 'vpc-1' });
  if (internet) new Route(s, 'default', { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: new InternetGateway(s, 'igw', { vpcId: 'vpc-1' }).id });
  new RouteTableAssociation(s, 'rta', { subnetId: subnet.id, routeTableId: table.id });
  return subnet;
};

/** A Deployment that passes every Kubernetes rule; `pod` and `container` override one setting. */
const HARDENED_CONTAINER: DeploymentV1SpecTemplateSpecContainer = {
  name: 'app',
  image: `registry.example.com/app:1.4.2@sha256:${'0'.repeat(64)}`,
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
  livenessProbe: { httpGet: { path: '/health/live', port: '8080' } },
  readinessProbe: { httpGet: { path: '/health/ready', port: '8080' } },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
};
const HARDENED_POD: Omit<DeploymentV1SpecTemplateSpec, 'container'> = {
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: '65532', seccompProfile: { type: 'RuntimeDefault' } },
};
/** `namespace: null` leaves metadata.namespace unset. */
const deployment = (s: Construct, pod: Partial<DeploymentV1SpecTemplateSpec> = {}, container: Partial<DeploymentV1SpecTemplateSpecContainer> = {}, namespace: string | null = 'services') =>
  new DeploymentV1(s, 'deployment', {
    metadata: { name: 'app', namespace: namespace ?? undefined },
    spec: { selector: { matchLabels: { app: 'app' } }, template: { metadata: { labels: { app: 'app' } }, spec: { ...HARDENED_POD, ...pod, container: [{ ...HARDENED_CONTAINER, ...container }] } } },
  });
const containerSecurity = (extra: Record<string, unknown>) => ({ securityContext: { ...HARDENED_CONTAINER.securityContext, ...extra } });

/** A compliant CloudFront distribution (S3 origin through OAC, WAF, TLSv1.2_2021, headers policy, v2 logs); each case breaks one setting. */
const distribution = (s: Construct, extra: Partial<CloudfrontDistributionConfig> = {}, logs = true) => {
  const d = new CloudfrontDistribution(s, 'cdn', {
    enabled: true,
    webAclId: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/static/1',
    origin: [{ originId: 'assets', domainName: new S3Bucket(s, 'assets', { bucket: 'assets' }).bucketRegionalDomainName, originAccessControlId: 'E2OAC' }],
    defaultCacheBehavior: { targetOriginId: 'assets', viewerProtocolPolicy: 'redirect-to-https', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], cachePolicyId: 'c', responseHeadersPolicyId: 'h' },
    viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/1', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    ...extra,
  });
  if (logs) new CloudwatchLogDeliverySource(s, 'logs', { name: 'static', logType: 'ACCESS_LOGS', resourceArn: d.arn });
  return d;
};

/** An API distribution over an internet-facing ALB; `closed` admits only the origin-facing prefix list and sends the secret header. */
const apiOrigin = (s: Construct, closed: boolean) => {
  const sg = new SecurityGroup(s, 'alb-sg', { name: 'alb' });
  new VpcSecurityGroupIngressRule(s, 'alb-in', { securityGroupId: sg.id, ipProtocol: 'tcp', fromPort: 443, toPort: 443, ...(closed ? { prefixListId: 'pl-3b927c52' } : { cidrIpv4: '0.0.0.0/0' }) });
  const alb = new Lb(s, 'alb', { loadBalancerType: 'application', internal: false, securityGroups: [sg.id] });
  distribution(s, {
    origin: [
      {
        originId: 'api',
        domainName: alb.dnsName,
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
        customHeader: [{ name: 'X-Origin-Verify', value: 'secret-from-state' }],
      },
    ],
    defaultCacheBehavior: { targetOriginId: 'api', viewerProtocolPolicy: 'https-only', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], cachePolicyId: 'c', responseHeadersPolicyId: 'h' },
  });
};

type Build = (scope: Construct) => void;
/** [rule id, GIVEN a violating resource, GIVEN a compliant one] */
// ---- resilience: a vault, an FIS template with its role ----
const ALARM = 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:prod-degraded';
const vault = (s: Construct, kms = true, lock = true) => {
  const v = new BackupVault(s, 'vault', { name: 'prod-backup', ...(kms ? { kmsKeyArn: KEY } : {}) });
  if (lock) new BackupVaultLockConfiguration(s, 'lock', { backupVaultName: v.name, minRetentionDays: 35, changeableForDays: 3 });
  return v;
};
const fisTemplate = (s: Construct, opts: { stop?: { source: string; value?: string }[]; actions?: string[]; managed?: string } = {}) => {
  const role = new IamRole(s, 'fis-role', { name: 'prod-fis', assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'fis.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
  new IamRolePolicy(s, 'fis-policy', { role: role.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: opts.actions ?? ['rds:RebootDBInstance'], Resource: '*' }] }) });
  if (opts.managed) new IamRolePolicyAttachment(s, 'fis-admin', { role: role.name, policyArn: opts.managed });
  new FisExperimentTemplate(s, 'fis', {
    description: 'database failover',
    roleArn: role.arn,
    stopCondition: opts.stop ?? [{ source: 'aws:cloudwatch:alarm', value: ALARM }],
    target: [{ name: 'db', resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceTag: [{ key: 'Name', value: 'prod-main' }] }],
    action: [{ name: 'failover', actionId: 'aws:rds:reboot-db-instances', parameter: [{ key: 'forceFailover', value: 'true' }], target: { key: 'DBInstances', value: 'db' } }],
  });
};

const CASES: [string, Build, Build][] = [
  ['CKV_AWS_16', (s) => db(s, { storageEncrypted: false }), (s) => db(s)],
  ['CKV_AWS_17', (s) => db(s, { publiclyAccessible: true }), (s) => db(s, { publiclyAccessible: false })],
  ['CKV_AWS_96', (s) => new RdsCluster(s, 'c', { clusterIdentifier: 'c', engine: 'aurora-postgresql' }), (s) => new RdsCluster(s, 'c', { clusterIdentifier: 'c', engine: 'aurora-postgresql', storageEncrypted: true })],
  ['CKV_AWS_293', (s) => db(s, { deletionProtection: false }), (s) => db(s)],
  ['CKV_AWS_139', (s) => new RdsCluster(s, 'c', { clusterIdentifier: 'c', engine: 'aurora-postgresql' }), (s) => new RdsCluster(s, 'c', { clusterIdentifier: 'c', engine: 'aurora-postgresql', deletionProtection: true })],
  ['CKV_AWS_133', (s) => db(s, { backupRetentionPeriod: 0 }), (s) => db(s)],
  [
    'CKV2_AWS_69',
    (s) => db(s, { parameterGroupName: new DbParameterGroup(s, 'pg', { name: 'orders', family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '0' }] }).name }),
    (s) => db(s, { parameterGroupName: new DbParameterGroup(s, 'pg', { name: 'orders', family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '1' }] }).name }),
  ],
  [
    'MRPS_AWS_1',
    (s) => new DbProxy(s, 'proxy', { name: 'orders', engineFamily: 'POSTGRESQL', roleArn: 'arn:aws:iam::111122223333:role/proxy', vpcSubnetIds: ['subnet-1'], auth: [{ iamAuth: 'REQUIRED', secretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x' }] }),
    (s) => new DbProxy(s, 'proxy', { name: 'orders', engineFamily: 'POSTGRESQL', roleArn: 'arn:aws:iam::111122223333:role/proxy', vpcSubnetIds: ['subnet-1'], requireTls: true, auth: [{ iamAuth: 'REQUIRED', secretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x' }] }),
  ],
  ['CKV_AWS_29', (s) => cache(s, { atRestEncryptionEnabled: 'false' }), (s) => cache(s)],
  ['CKV_AWS_80', (s) => msk(s, { loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: false } } } }), (s) => msk(s)],
  ['CKV_AWS_80', (s) => msk(s, { loggingInfo: undefined }), (s) => msk(s, { loggingInfo: { brokerLogs: { s3: { enabled: true, bucket: 'logs' } } } })],
  ['CKV_AWS_81', (s) => msk(s, { encryptionInfo: { encryptionAtRestKmsKeyArn: KEY, encryptionInTransit: { clientBroker: 'TLS_PLAINTEXT' } } }), (s) => msk(s)],
  ['CKV_AWS_81', (s) => msk(s, { encryptionInfo: { encryptionAtRestKmsKeyArn: KEY, encryptionInTransit: { inCluster: false } } }), (s) => msk(s, { encryptionInfo: { encryptionAtRestKmsKeyArn: KEY } })],
  ['CKV_AWS_81', (s) => msk(s, { encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS', inCluster: true } } }), (s) => msk(s)],
  ['CKV_AWS_81', (s) => msk(s, { encryptionInfo: undefined }), (s) => msk(s)],
  [
    'CKV_AWS_291',
    (s) => msk(s, { brokerNodeGroupInfo: { instanceType: 'kafka.m7g.large', clientSubnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'], connectivityInfo: { publicAccess: { type: 'SERVICE_PROVIDED_EIPS' } } } }),
    (s) => msk(s, { brokerNodeGroupInfo: { instanceType: 'kafka.m7g.large', clientSubnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'] } }),
  ],
  ['MRPS_AWS_3', (s) => msk(s, { clientAuthentication: { unauthenticated: true, sasl: { iam: true } } }), (s) => msk(s)],
  ['MRPS_AWS_3', (s) => msk(s, { clientAuthentication: { sasl: { iam: true, scram: true } } }), (s) => msk(s, { clientAuthentication: { sasl: { iam: true, scram: false } } })],
  ['MRPS_AWS_3', (s) => msk(s, { clientAuthentication: undefined }), (s) => msk(s)],
  ['MRPS_AWS_3', (s) => msk(s, { clientAuthentication: { tls: { certificateAuthorityArns: ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/1'] } } }), (s) => msk(s)],
  ['CKV_AWS_30', (s) => cache(s, { transitEncryptionEnabled: false }), (s) => cache(s)],
  ['CKV_AWS_31', (s) => cache(s, { userGroupIds: undefined }), (s) => cache(s)],
  ['CKV_AWS_191', (s) => cache(s, { kmsKeyId: undefined }), (s) => cache(s)],
  ['CKV_AWS_134', (s) => cache(s, { snapshotRetentionLimit: 0 }), (s) => cache(s)],
  ['CKV_AWS_79', (s) => launchTemplate(s, { metadataOptions: { httpTokens: 'optional' } }), (s) => launchTemplate(s)],
  ['CKV_AWS_341', (s) => launchTemplate(s, { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 } }), (s) => launchTemplate(s)],
  ['CKV_AWS_8', (s) => launchTemplate(s, { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'false' } }] }), (s) => launchTemplate(s)],
  [
    'CKV_AWS_46',
    (s) => launchTemplate(s, { userData: Buffer.from(`#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${'AKIA'}${'ABCDEFGHIJKLMNOP'}\n`).toString('base64') }),
    (s) => launchTemplate(s, { userData: Buffer.from('#!/bin/sh\naws secretsmanager get-secret-value --secret-id app\n').toString('base64') }),
  ],
  ['CKV_AWS_3', (s) => new EbsVolume(s, 'v', { availabilityZone: 'us-east-1a', size: 10 }), (s) => new EbsVolume(s, 'v', { availabilityZone: 'us-east-1a', size: 10, encrypted: true })],
  [
    'CKV_AWS_88',
    (s) => new Instance(s, 'i', { ami: 'ami-1', instanceType: 't3.micro', associatePublicIpAddress: true }),
    (s) => new Instance(s, 'i', { ami: 'ami-1', instanceType: 't3.micro', associatePublicIpAddress: false }),
  ],
  [
    'CKV2_AWS_15',
    (s) => new AutoscalingGroup(s, 'asg', { maxSize: 2, minSize: 1, launchTemplate: { id: launchTemplate(s).id, version: '1' }, targetGroupArns: ['arn:tg'] }),
    (s) => new AutoscalingGroup(s, 'asg', { maxSize: 2, minSize: 1, launchTemplate: { id: launchTemplate(s).id, version: '1' }, targetGroupArns: ['arn:tg'], healthCheckType: 'ELB' }),
  ],
  ['CKV_AWS_315', (s) => new AutoscalingGroup(s, 'asg', { maxSize: 2, minSize: 1, launchConfiguration: 'legacy' }), (s) => new AutoscalingGroup(s, 'asg', { maxSize: 2, minSize: 1, launchTemplate: { id: 'lt-1', version: '1' } })],
  ['CKV_AWS_19', (s) => bucket(s, { sse: '' }), (s) => bucket(s, { sse: 'AES256' })],
  ['CKV_AWS_145', (s) => bucket(s, { sse: 'AES256' }), (s) => bucket(s)],
  ['CKV2_AWS_6', (s) => bucket(s, { pab: false }), (s) => bucket(s)],
  ['CKV_AWS_21', (s) => bucket(s, { versioning: 'Suspended' }), (s) => bucket(s)],
  ['CKV_AWS_26', (s) => new SnsTopic(s, 't', { name: 'alarms' }), (s) => new SnsTopic(s, 't', { name: 'alarms', kmsMasterKeyId: KEY })],
  ['CKV_AWS_158', (s) => new CloudwatchLogGroup(s, 'l', { name: 'l', retentionInDays: 365 }), (s) => new CloudwatchLogGroup(s, 'l', { name: 'l', retentionInDays: 365, kmsKeyId: KEY })],
  ['CKV_AWS_66', (s) => new CloudwatchLogGroup(s, 'l', { name: 'l', kmsKeyId: KEY }), (s) => new CloudwatchLogGroup(s, 'l', { name: 'l', retentionInDays: 30, kmsKeyId: KEY })],
  ['CKV_AWS_338', (s) => new CloudwatchLogGroup(s, 'l', { name: 'l', retentionInDays: 90 }), (s) => new CloudwatchLogGroup(s, 'l', { name: 'l', retentionInDays: 400 })],
  ['CKV_AWS_131', (s) => alb(s, { dropInvalidHeaderFields: false }), (s) => alb(s)],
  ['CKV_AWS_91', (s) => alb(s, { accessLogs: undefined }), (s) => alb(s)],
  ['CKV_AWS_150', (s) => alb(s, { enableDeletionProtection: false }), (s) => alb(s)],
  ['CKV_AWS_328', (s) => alb(s, { desyncMitigationMode: 'monitor' }), (s) => alb(s, { desyncMitigationMode: 'strictest' })],
  ['CKV2_AWS_28', (s) => alb(s, {}, false), (s) => alb(s)],
  [
    'CKV2_AWS_20',
    (s) => new LbListener(s, 'http', { loadBalancerArn: alb(s).arn, port: 80, protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
    (s) => new LbListener(s, 'http', { loadBalancerArn: alb(s).arn, port: 80, protocol: 'HTTP', defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }] }),
  ],
  [
    'CKV_AWS_2',
    (s) => new LbListener(s, 'http', { loadBalancerArn: 'arn:lb', port: 80, protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
    (s) => new LbListener(s, 'http', { loadBalancerArn: 'arn:lb', port: 80, protocol: 'HTTP', defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }] }),
  ],
  [
    'CKV_AWS_103',
    (s) => new LbListener(s, 'https', { loadBalancerArn: 'arn:lb', port: 443, protocol: 'HTTPS', certificateArn: 'arn:cert', sslPolicy: 'ELBSecurityPolicy-2016-08', defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
    (s) => new LbListener(s, 'https', { loadBalancerArn: 'arn:lb', port: 443, protocol: 'HTTPS', certificateArn: 'arn:cert', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
  ],
  [
    'CKV_AWS_261',
    (s) => new LbTargetGroup(s, 'tg', { name: 'nginx', port: 80, protocol: 'HTTP', vpcId: 'vpc-1' }),
    (s) => new LbTargetGroup(s, 'tg', { name: 'nginx', port: 80, protocol: 'HTTP', vpcId: 'vpc-1', healthCheck: { path: '/healthz', matcher: '200' } }),
  ],
  ['CKV_AWS_58', (s) => eks(s, { encryptionConfig: undefined }), (s) => eks(s)],
  ['CKV_AWS_37', (s) => eks(s, { enabledClusterLogTypes: ['api', 'audit'] }), (s) => eks(s)],
  ['CKV_AWS_39', (s) => eks(s, { vpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } }), (s) => eks(s)],
  ['CKV_AWS_38', (s) => eks(s, { vpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: true } }), (s) => eks(s, { vpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } })],
  [
    'CKV_AWS_100',
    (s) => new EksNodeGroup(s, 'ng', { clusterName: 'prod', nodeRoleArn: 'arn:role', subnetIds: ['subnet-1'], scalingConfig: { desiredSize: 1, maxSize: 1, minSize: 1 }, remoteAccess: { ec2SshKey: 'ops' } }),
    (s) => new EksNodeGroup(s, 'ng', { clusterName: 'prod', nodeRoleArn: 'arn:role', subnetIds: ['subnet-1'], scalingConfig: { desiredSize: 1, maxSize: 1, minSize: 1 } }),
  ],
  ['CKV2_AWS_11', (s) => vpc(s, false), (s) => vpc(s)],
  ['CKV2_AWS_12', (s) => vpc(s, true, false), (s) => vpc(s)],
  [
    'MRPS_AWS_2',
    (s) => new DbSubnetGroup(s, 'dbsn', { name: 'orders', subnetIds: [subnetRoutedTo(s, true).id] }),
    (s) => new DbSubnetGroup(s, 'dbsn', { name: 'orders', subnetIds: [subnetRoutedTo(s, false).id] }),
  ],
  ['CKV_AWS_130', (s) => new Subnet(s, 'sn', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true }), (s) => new Subnet(s, 'sn', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' })],
  ['CKV_AWS_23', (s) => new SecurityGroup(s, 'sg', { name: 'x', vpcId: 'vpc-1' }), (s) => new SecurityGroup(s, 'sg', { name: 'x', vpcId: 'vpc-1', description: 'why it exists' })],
  ['CKV_AWS_24', (s) => worldRule(s, 22), (s) => worldRule(s, 443)],
  ['CKV_AWS_25', (s) => worldRule(s, 3389), (s) => worldRule(s, 443)],
  ['CKV_AWS_260', (s) => worldRule(s, 80), (s) => { alb(s); worldRule(s, 80, s.node.findChild('alb-sg') as SecurityGroup); }],
  ['CKV_AWS_277', (s) => worldRule(s, 0, undefined, '-1'), (s) => worldRule(s, 443)],
  ['AwsSolutions-EC23', (s) => worldRule(s, 443), (s) => { alb(s); worldRule(s, 443, s.node.findChild('alb-sg') as SecurityGroup); }],
  ['CKV_AWS_7', (s) => new KmsKey(s, 'k', { description: 'k' }), (s) => new KmsKey(s, 'k', { description: 'k', enableKeyRotation: true })],
  ['CKV_AWS_227', (s) => new KmsKey(s, 'k', { description: 'k', enableKeyRotation: true, isEnabled: false }), (s) => new KmsKey(s, 'k', { description: 'k', enableKeyRotation: true })],
  ['CKV_K8S_16', (s) => deployment(s, {}, containerSecurity({ privileged: true })), (s) => deployment(s)],
  ['CKV_K8S_20', (s) => deployment(s, {}, containerSecurity({ allowPrivilegeEscalation: undefined })), (s) => deployment(s)],
  ['CKV_K8S_23', (s) => deployment(s, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), (s) => deployment(s)],
  ['CKV_K8S_22', (s) => deployment(s, {}, containerSecurity({ readOnlyRootFilesystem: false })), (s) => deployment(s)],
  ['CKV_K8S_28', (s) => deployment(s, {}, containerSecurity({ capabilities: { drop: ['CHOWN'] } })), (s) => deployment(s, {}, containerSecurity({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }))],
  ['CKV_K8S_25', (s) => deployment(s, {}, containerSecurity({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })), (s) => deployment(s, {}, containerSecurity({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }))],
  ['CKV_K8S_31', (s) => deployment(s, { securityContext: { runAsNonRoot: true, runAsUser: '65532' } }), (s) => deployment(s)],
  ['CKV_K8S_17', (s) => deployment(s, { hostPid: true }), (s) => deployment(s, { hostPid: false })],
  ['CKV_K8S_18', (s) => deployment(s, { hostIpc: true }), (s) => deployment(s)],
  ['CKV_K8S_19', (s) => deployment(s, { hostNetwork: true }), (s) => deployment(s)],
  ['CKV_K8S_50', (s) => deployment(s, { automountServiceAccountToken: undefined }), (s) => deployment(s)],
  ['CKV_K8S_10', (s) => deployment(s, {}, { resources: { requests: { memory: '256Mi' }, limits: { memory: '256Mi' } } }), (s) => deployment(s)],
  ['CKV_K8S_13', (s) => deployment(s, {}, { resources: { requests: { cpu: '250m' }, limits: { memory: '256Mi' } } }), (s) => deployment(s)],
  ['CKV_K8S_12', (s) => deployment(s, {}, { resources: { requests: { cpu: '250m', memory: '256Mi' } } }), (s) => deployment(s)],
  ['CKV_K8S_8', (s) => deployment(s, {}, { livenessProbe: undefined }), (s) => deployment(s)],
  ['CKV_K8S_9', (s) => deployment(s, {}, { readinessProbe: undefined }), (s) => deployment(s)],
  ['CKV_K8S_14', (s) => deployment(s, {}, { image: 'nginx:latest' }), (s) => deployment(s, {}, { image: 'nginx:1.27.3' })],
  ['CKV_K8S_43', (s) => deployment(s, {}, { image: 'nginx:1.27.3' }), (s) => deployment(s)],
  ['CKV_AWS_166', (s) => vault(s, false), (s) => vault(s)],
  ['MRPS_BACKUP_1', (s) => vault(s, true, false), (s) => vault(s)],
  ['MRPS_FIS_1', (s) => fisTemplate(s, { stop: [{ source: 'none' }] }), (s) => fisTemplate(s)],
  ['MRPS_FIS_2', (s) => fisTemplate(s, { actions: ['*'] }), (s) => fisTemplate(s)],
  ['CKV_AWS_68', (s) => distribution(s, { webAclId: undefined }), (s) => distribution(s)],
  [
    'CKV_AWS_174',
    (s) => distribution(s, { viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/1', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2019' } }),
    (s) => distribution(s),
  ],
  ['CKV_AWS_86', (s) => distribution(s, {}, false), (s) => distribution(s)],
  [
    'CKV_AWS_34',
    (s) =>
      distribution(s, {
        orderedCacheBehavior: [{ pathPattern: '/legacy/*', targetOriginId: 'assets', viewerProtocolPolicy: 'allow-all', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], cachePolicyId: 'c', responseHeadersPolicyId: 'h' }],
      }),
    (s) => distribution(s),
  ],
  [
    'CKV2_AWS_32',
    (s) => distribution(s, { defaultCacheBehavior: { targetOriginId: 'assets', viewerProtocolPolicy: 'redirect-to-https', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], cachePolicyId: 'c' } }),
    (s) => distribution(s),
  ],
  [
    'CKV2_AWS_46',
    (s) => distribution(s, { origin: [{ originId: 'assets', domainName: 'assets.s3.us-east-1.amazonaws.com', s3OriginConfig: { originAccessIdentity: 'origin-access-identity/cloudfront/E1' } }] }),
    (s) => distribution(s),
  ],
  ['MRPS_CDN_1', (s) => apiOrigin(s, false), (s) => apiOrigin(s, true)],
  ['CKV_K8S_21', (s) => deployment(s, {}, {}, 'default'), (s) => deployment(s, {}, {}, new NamespaceV1(s, 'ns', { metadata: { name: 'services' } }).metadata.name)],
  ['MRPS_K8S_1', (s) => istio(s, 'PeerAuthentication', { mtls: { mode: 'PERMISSIVE' } }), (s) => istio(s, 'PeerAuthentication', { mtls: { mode: 'STRICT' } })],
  [
    'MRPS_K8S_2',
    (s) => istio(s, 'AuthorizationPolicy', { action: 'ALLOW', rules: [{ to: [{ operation: { ports: ['8080'] } }] }] }),
    (s) => istio(s, 'AuthorizationPolicy', { action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/services/sa/api-gateway'] } }] }] }),
  ],
];

/** An Istio security object as a kubernetes_manifest in the services namespace. */
function istio(s: Construct, kind: string, spec: Record<string, unknown>): void {
  new Manifest(s, kind, { manifest: { apiVersion: 'security.istio.io/v1', kind, metadata: { name: 'x', namespace: 'services' }, spec } });
}

describe('policy rules', () => {
  test('every rule has a case', () => {
    expect(ALL_RULES.map((r) => r.id).filter((id) => !CASES.some(([c]) => c === id))).toEqual([]);
  });

  describe.each(CASES)('%s', (ruleId, bad, good) => {
    test('GIVEN a violating resource THEN it fails', () => {
      expect(outcomesOf(ruleId, bad).failed).toBeGreaterThan(0);
    });
    test('GIVEN a compliant resource THEN it passes', () => {
      const outcome = outcomesOf(ruleId, good);
      expect({ failed: outcome.failed, unknown: outcome.unknown }).toEqual({ failed: 0, unknown: 0 });
      expect(outcome.passed).toBeGreaterThan(0);
    });
  });
});

describe('resilience rules: other ways to fail', () => {
  test('GIVEN an FIS role with AdministratorAccess attached THEN MRPS_FIS_2 fails', () => {
    expect(outcomesOf('MRPS_FIS_2', (s) => fisTemplate(s, { managed: 'arn:aws:iam::aws:policy/AdministratorAccess' })).failed).toBe(1);
  });
  test('GIVEN an FIS role allowed every action of a service THEN MRPS_FIS_2 fails', () => {
    expect(outcomesOf('MRPS_FIS_2', (s) => fisTemplate(s, { actions: ['ec2:*'] })).failed).toBe(1);
  });
  test('GIVEN an alarm stop condition beside a "none" one THEN MRPS_FIS_1 fails', () => {
    expect(outcomesOf('MRPS_FIS_1', (s) => fisTemplate(s, { stop: [{ source: 'aws:cloudwatch:alarm', value: ALARM }, { source: 'none' }] })).failed).toBe(1);
  });
});

describe('rules with more than one way in', () => {
  test('GIVEN an ASG attached to a target group through aws_autoscaling_attachment THEN CKV2_AWS_15 applies', () => {
    const outcome = outcomesOf('CKV2_AWS_15', (s) => {
      const asg = new AutoscalingGroup(s, 'asg', { name: 'nginx', maxSize: 2, minSize: 1, launchTemplate: { id: 'lt-1', version: '1' } });
      new AutoscalingAttachment(s, 'attach', { autoscalingGroupName: asg.name, lbTargetGroupArn: 'arn:tg' });
    });
    expect(outcome.failed).toBe(1);
  });

  test('GIVEN a world-open inline ingress on port 22 in aws_security_group THEN CKV_AWS_24 fails', () => {
    const outcome = outcomesOf('CKV_AWS_24', (s) => new SecurityGroup(s, 'sg', { name: 'x', description: 'x', vpcId: 'vpc-1', ingress: [{ description: 'ssh', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }] }));
    expect(outcome.failed).toBe(1);
  });

  test('GIVEN a world-open aws_security_group_rule on 3389 THEN CKV_AWS_25 fails', () => {
    const outcome = outcomesOf('CKV_AWS_25', (s) => new SecurityGroupRule(s, 'r', { type: 'ingress', securityGroupId: 'sg-1', protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrBlocks: ['0.0.0.0/0'] }));
    expect(outcome.failed).toBe(1);
  });

  test('GIVEN port 80 from anywhere on an INTERNAL ALB security group THEN CKV_AWS_260 still fails', () => {
    const outcome = outcomesOf('CKV_AWS_260', (s) => {
      alb(s, { internal: true });
      worldRule(s, 80, s.node.findChild('alb-sg') as SecurityGroup);
    });
    expect(outcome.failed).toBe(1);
  });

  test('GIVEN a read replica of an encrypted primary in the stack THEN CKV_AWS_16 passes', () => {
    const outcome = outcomesOf('CKV_AWS_16', (s) => {
      const primary = db(s);
      new DbInstance(s, 'replica', { identifier: 'orders-r1', instanceClass: 'db.r7g.large', replicateSourceDb: primary.identifier });
    });
    expect(outcome).toEqual({ failed: 0, passed: 2, unknown: 0 });
  });

  test('GIVEN PostgreSQL 14 without a parameter group THEN CKV2_AWS_69 fails (force_ssl defaults to 0 before 15)', () => {
    expect(outcomesOf('CKV2_AWS_69', (s) => db(s, { engineVersion: '14.12' })).failed).toBe(1);
    expect(outcomesOf('CKV2_AWS_69', (s) => db(s, { engineVersion: '16.4' })).failed).toBe(0);
  });

  test('GIVEN a read replica without deletion protection THEN CKV_AWS_293 does not apply (it holds no data of its own)', () => {
    const outcome = outcomesOf('CKV_AWS_293', (s) => new DbInstance(s, 'replica', { identifier: 'orders-r1', instanceClass: 'db.r7g.large', replicateSourceDb: db(s).identifier }));
    expect(outcome).toEqual({ failed: 0, passed: 1, unknown: 0 });
  });

  test('GIVEN a load balancer access-log bucket THEN CKV_AWS_145 requires SSE-S3 (ALB cannot deliver to SSE-KMS buckets)', () => {
    const logBucket = (sse: string) => (s: Construct) => alb(s, { accessLogs: { bucket: bucket(s, { sse }).id, enabled: true } });
    expect(outcomesOf('CKV_AWS_145', logBucket('AES256'))).toEqual({ failed: 0, passed: 1, unknown: 0 });
    expect(outcomesOf('CKV_AWS_145', logBucket('aws:kms')).failed).toBe(1);
  });

  test('GIVEN a cache subnet group on a subnet that maps public IPs THEN MRPS_AWS_2 fails', () => {
    const outcome = outcomesOf('MRPS_AWS_2', (s) => new ElasticacheSubnetGroup(s, 'csn', { name: 'cache', subnetIds: [new Subnet(s, 'sn', { vpcId: 'vpc-1', cidrBlock: '10.0.2.0/24', mapPublicIpOnLaunch: true }).id] }));
    expect(outcome.failed).toBe(1);
  });

  test('GIVEN an Aurora instance marked public THEN CKV_AWS_17 fails', () => {
    expect(outcomesOf('CKV_AWS_17', (s) => new RdsClusterInstance(s, 'i', { clusterIdentifier: 'c', instanceClass: 'db.r7g.large', engine: 'aurora-postgresql', publiclyAccessible: true })).failed).toBe(1);
  });

  test('GIVEN an internal NLB THEN the ALB-only rules do not apply', () => {
    const outcome = outcomesOf('CKV2_AWS_28', (s) => new Lb(s, 'nlb', { name: 'internal', internal: true, loadBalancerType: 'network', subnets: ['subnet-1'] }));
    expect(outcome).toEqual({ failed: 0, passed: 0, unknown: 0 });
  });

  test('GIVEN an EC2 instance without a root_block_device THEN CKV_AWS_8 fails', () => {
    expect(outcomesOf('CKV_AWS_8', (s) => new Instance(s, 'i', { ami: 'ami-1', instanceType: 't3.micro' })).failed).toBe(1);
    expect(outcomesOf('CKV_AWS_8', (s) => new Instance(s, 'i', { ami: 'ami-1', instanceType: 't3.micro', rootBlockDevice: { encrypted: true } })).failed).toBe(0);
  });
});

describe('Kubernetes rules: containers, inheritance and expressions', () => {
  const initContainer = (extra: Partial<DeploymentV1SpecTemplateSpecContainer>) => ({ initContainer: [{ ...HARDENED_CONTAINER, name: 'setup', livenessProbe: undefined, readinessProbe: undefined, ...extra }] });

  test('GIVEN a privileged init container THEN CKV_K8S_16 fails and names it', () => {
    const stack = new TerraformStack(testApp(), 'test');
    deployment(stack, initContainer(containerSecurity({ privileged: true })));
    const [finding] = Policy.evaluate(stack, { production: true }).failures.filter((f) => f.rule.id === 'CKV_K8S_16');
    expect(finding.outcome).toEqual({ status: 'fail', detail: 'init container "setup": security_context.privileged is true' });
  });

  test('GIVEN an init container without resources THEN CKV_K8S_10 fails; probes are not asked of it', () => {
    expect(outcomesOf('CKV_K8S_10', (s) => deployment(s, initContainer({ resources: undefined }))).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_8', (s) => deployment(s, initContainer({}))).failed).toBe(0);
  });

  test('GIVEN a container that overrides the pod with runAsNonRoot false or uid 0 THEN CKV_K8S_23 fails', () => {
    const podNonRootWithoutUid = { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } };
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, podNonRootWithoutUid, containerSecurity({ runAsNonRoot: false }))).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, {}, containerSecurity({ runAsNonRoot: false }))).failed).toBe(1); // a non-root uid from the pod does not save it
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, {}, containerSecurity({ runAsUser: '0' }))).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, podNonRootWithoutUid)).passed).toBe(1);
  });

  test('GIVEN runAsUser 1000 without runAsNonRoot THEN CKV_K8S_23 fails (the restricted Pod Security Standard requires runAsNonRoot true)', () => {
    const stack = new TerraformStack(testApp(), 'test');
    deployment(stack, { securityContext: {} }, containerSecurity({ runAsUser: '1000' }));
    const [finding] = Policy.evaluate(stack, { production: true }).failures.filter((f) => f.rule.id === 'CKV_K8S_23');
    expect(finding.outcome).toEqual({ status: 'fail', detail: expect.stringMatching(/^container "app": run_as_non_root is unset on the container and on the pod/) });
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, { securityContext: {} }, containerSecurity({ runAsUser: '1000', runAsNonRoot: true }))).passed).toBe(1);
  });

  test('GIVEN the pod sets runAsNonRoot false or runAsUser 0 THEN CKV_K8S_23 fails even where every container overrides it', () => {
    const overriding = containerSecurity({ runAsNonRoot: true, runAsUser: '1000' });
    const stack = new TerraformStack(testApp(), 'test');
    deployment(stack, { securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } } }, overriding);
    const [finding] = Policy.evaluate(stack, { production: true }).failures.filter((f) => f.rule.id === 'CKV_K8S_23');
    expect(finding.outcome).toEqual({ status: 'fail', detail: expect.stringMatching(/^pod security_context.run_as_non_root is false/) });
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, { securityContext: { runAsNonRoot: true, runAsUser: '0' } }, overriding)).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, { securityContext: {} }, overriding)).passed).toBe(1);
  });

  test('GIVEN runAsNonRoot that is an unresolved expression THEN CKV_K8S_23 is unknown, not a pass', () => {
    const flag = (s: Construct) => new TerraformVariable(s, 'non_root', { type: 'bool' }).booleanValue;
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, { securityContext: { runAsNonRoot: flag(s) } }, containerSecurity({ runAsNonRoot: true })))).toEqual({ failed: 0, passed: 0, unknown: 1 });
    expect(outcomesOf('CKV_K8S_23', (s) => deployment(s, { securityContext: { runAsNonRoot: flag(s) } }))).toEqual({ failed: 0, passed: 0, unknown: 1 });
  });

  test('GIVEN drop ALL then add NET_RAW or ALL THEN CKV_K8S_28 fails; NET_BIND_SERVICE may be added back', () => {
    const caps = (capabilities: Record<string, string[]>) => (s: Construct) => deployment(s, {}, containerSecurity({ capabilities }));
    const stack = new TerraformStack(testApp(), 'test');
    caps({ drop: ['ALL'], add: ['NET_RAW'] })(stack);
    const [finding] = Policy.evaluate(stack, { production: true }).failures.filter((f) => f.rule.id === 'CKV_K8S_28');
    expect(finding.outcome).toEqual({ status: 'fail', detail: 'container "app": capabilities.add gives back NET_RAW' });
    expect(outcomesOf('CKV_K8S_28', caps({ drop: ['ALL'], add: ['ALL'] })).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_28', caps({ drop: ['ALL'], add: ['CAP_NET_RAW'] })).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_28', caps({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] })).passed).toBe(1);
  });

  test('GIVEN capabilities added besides NET_BIND_SERVICE THEN CKV_K8S_25 names them, whatever their spelling', () => {
    const stack = new TerraformStack(testApp(), 'test');
    deployment(stack, {}, containerSecurity({ capabilities: { drop: ['ALL'], add: ['cap_sys_admin', 'NET_BIND_SERVICE', 'NET_ADMIN'] } }));
    const [finding] = Policy.evaluate(stack, { production: true }).failures.filter((f) => f.rule.id === 'CKV_K8S_25');
    expect(finding.outcome).toEqual({ status: 'fail', detail: 'container "app": capabilities.add adds cap_sys_admin, NET_ADMIN' });
    expect(outcomesOf('CKV_K8S_25', (s) => deployment(s, {}, containerSecurity({ capabilities: { drop: ['ALL'] } }))).passed).toBe(1);
  });

  test('GIVEN drop NET_RAW without ALL THEN CKV_K8S_28 fails (the restricted Pod Security Standard requires drop ALL; checkov accepts it)', () => {
    const stack = new TerraformStack(testApp(), 'test');
    deployment(stack, {}, containerSecurity({ capabilities: { drop: ['NET_RAW'] } }));
    const [finding] = Policy.evaluate(stack, { production: true }).failures.filter((f) => f.rule.id === 'CKV_K8S_28');
    expect(finding.outcome).toEqual({ status: 'fail', detail: 'container "app": capabilities.drop is ["NET_RAW"], without "ALL"' });
    expect(outcomesOf('CKV_K8S_28', (s) => deployment(s, {}, containerSecurity({ capabilities: undefined }))).failed).toBe(1);
  });

  test('GIVEN a container seccomp profile of Unconfined THEN it overrides the pod RuntimeDefault and CKV_K8S_31 fails', () => {
    expect(outcomesOf('CKV_K8S_31', (s) => deployment(s, {}, containerSecurity({ seccompProfile: { type: 'Unconfined' } }))).failed).toBe(1);
  });

  test('GIVEN images built from an expression THEN CKV_K8S_14 judges the literal tag and never passes an unreadable one', () => {
    const repo = (s: Construct) => new TerraformVariable(s, 'repository_url', { type: 'string' }).stringValue;
    expect(outcomesOf('CKV_K8S_14', (s) => deployment(s, {}, { image: `${repo(s)}:1.0.0` }))).toEqual({ failed: 0, passed: 1, unknown: 0 });
    expect(outcomesOf('CKV_K8S_14', (s) => deployment(s, {}, { image: `${repo(s)}:latest` })).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_14', (s) => deployment(s, {}, { image: repo(s) }))).toEqual({ failed: 0, passed: 0, unknown: 1 });
    expect(outcomesOf('CKV_K8S_14', (s) => deployment(s, {}, { image: `${repo(s)}/nginx` })).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_14', (s) => deployment(s, {}, { image: 'registry.example.com:5000/nginx' })).failed).toBe(1);
  });

  test('GIVEN a flag that is an unresolved Terraform expression THEN the outcome is unknown, not a pass', () => {
    const flag = (s: Construct) => new TerraformVariable(s, 'flag', { type: 'bool' }).booleanValue;
    expect(outcomesOf('CKV_K8S_19', (s) => deployment(s, { hostNetwork: flag(s) }))).toEqual({ failed: 0, passed: 0, unknown: 1 });
    expect(outcomesOf('CKV_K8S_22', (s) => deployment(s, {}, containerSecurity({ readOnlyRootFilesystem: flag(s) })))).toEqual({ failed: 0, passed: 0, unknown: 1 });
    expect(outcomesOf('CKV_K8S_50', (s) => deployment(s, { automountServiceAccountToken: flag(s) }))).toEqual({ failed: 0, passed: 0, unknown: 1 });
  });

  test('GIVEN a CronJob THEN its pod spec is read through job_template and the probe rules do not apply', () => {
    const cron = (s: Construct, extra: Partial<DeploymentV1SpecTemplateSpecContainer>) =>
      new CronJobV1(s, 'cron', {
        metadata: { name: 'report', namespace: 'services' },
        spec: { schedule: '0 * * * *', jobTemplate: { metadata: {}, spec: { template: { metadata: {}, spec: { ...HARDENED_POD, container: [{ ...HARDENED_CONTAINER, livenessProbe: undefined, readinessProbe: undefined, ...extra }] } } } } },
      });
    expect(outcomesOf('CKV_K8S_16', (s) => cron(s, containerSecurity({ privileged: true }))).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_16', (s) => cron(s, {})).passed).toBe(1);
    const stack = new TerraformStack(testApp(), 'test');
    cron(stack, {});
    const report = Policy.evaluate(stack, { production: true, rules: ALL_RULES.filter((r) => r.id === 'CKV_K8S_8' || r.id === 'CKV_K8S_9') });
    expect(report.checks).toBe(0);
  });

  test('GIVEN the namespace unset, or a referenced namespace named "default" THEN CKV_K8S_21 fails', () => {
    expect(outcomesOf('CKV_K8S_21', (s) => deployment(s, {}, {}, null)).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_21', (s) => deployment(s, {}, {}, new NamespaceV1(s, 'ns', { metadata: { name: 'default' } }).metadata.name)).failed).toBe(1);
  });

  test('GIVEN kubernetes_manifest objects THEN CKV_K8S_21 reads manifest.metadata and skips cluster-scoped kinds', () => {
    const manifest = (kind: string, namespace?: string) => (s: Construct) => new Manifest(s, 'm', { manifest: { apiVersion: 'v1', kind, metadata: { name: 'x', namespace } } });
    expect(outcomesOf('CKV_K8S_21', manifest('ConfigMap', 'default')).failed).toBe(1);
    expect(outcomesOf('CKV_K8S_21', manifest('ConfigMap', 'services')).passed).toBe(1);
    expect(outcomesOf('CKV_K8S_21', manifest('ClusterRole'))).toEqual({ failed: 0, passed: 0, unknown: 0 });
    expect(outcomesOf('CKV_K8S_21', manifest('TargetGroupBinding'))).toEqual({ failed: 0, passed: 0, unknown: 1 });
  });

  test('GIVEN a non-production environment THEN CKV_K8S_43 (digest) is not checked', () => {
    const stack = new TerraformStack(testApp(), 'test');
    deployment(stack, {}, { image: 'nginx:1.27.3' });
    const report = Policy.evaluate(stack, { production: false });
    expect(report.failures.filter((f) => f.rule.id === 'CKV_K8S_43')).toEqual([]);
  });
});
