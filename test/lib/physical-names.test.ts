import * as fs from 'fs';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { checkPhysicalNames } from '../../constructs/environment';
import { findNameCollisions, NamedDocument } from '../../lib/physical-names';
import { tempDir } from '../support/temp';

const doc = (stack: string, region: string, resource: Record<string, Record<string, Record<string, unknown>>>): NamedDocument => ({ stack, region, document: { resource } });

describe('findNameCollisions', () => {
  test.each<[string, NamedDocument[], string[]]>([
    ['two Auto Scaling groups named alike in one Region', [doc('a', 'us-east-1', { aws_autoscaling_group: { x: { name: 'shop-nginx' } } }), doc('b', 'us-east-1', { aws_autoscaling_group: { y: { name: 'shop-nginx' } } })], ['Auto Scaling group name "shop-nginx" us-east-1']],
    ['one replication group id twice in one stack', [doc('a', 'us-east-1', { aws_elasticache_replication_group: { x: { replication_group_id: 'shop-cache' }, y: { replication_group_id: 'shop-cache' } } })], ['ElastiCache replication group id "shop-cache" us-east-1']],
    ['an IAM role in two Regions (IAM is per account)', [doc('a', 'us-east-1', { aws_iam_role: { x: { name: 'shop-nodes' } } }), doc('b', 'eu-west-1', { aws_iam_role: { y: { name: 'shop-nodes' } } })], ['IAM role name "shop-nodes" account']],
    ['a bucket in two Regions (names are global)', [doc('a', 'us-east-1', { aws_s3_bucket: { x: { bucket: 'shop-logs' } } }), doc('b', 'eu-west-1', { aws_s3_bucket: { y: { bucket: 'shop-logs' } } })], ['S3 bucket name "shop-logs" global']],
    ['two VPCs with one Name tag', [doc('a', 'us-east-1', { aws_vpc: { x: { tags: { Name: 'shop' } } } }), doc('b', 'us-east-1', { aws_vpc: { y: { tags: { Name: 'shop' } } } })], ['VPC Name tag (AWS allows repeats; two environments would look alike in every console and report) "shop" us-east-1']],
    ['a KMS alias and an alarm, each twice', [doc('a', 'us-east-1', { aws_kms_alias: { x: { name: 'alias/shop' } }, aws_cloudwatch_metric_alarm: { x: { alarm_name: 'shop-5xx' } } }), doc('b', 'us-east-1', { aws_kms_alias: { y: { name: 'alias/shop' } }, aws_cloudwatch_composite_alarm: { y: { alarm_name: 'shop-5xx' } } })], ['KMS alias "alias/shop" us-east-1', 'CloudWatch alarm name "shop-5xx" us-east-1']],
  ])('GIVEN %s THEN it is a collision', (_name, documents, expected) => {
    expect(findNameCollisions(documents).map((c) => `${c.what} "${c.name}" ${c.where}`)).toEqual(expected);
  });

  test.each<[string, NamedDocument[]]>([
    ['a regional name in two Regions', [doc('a', 'us-east-1', { aws_autoscaling_group: { x: { name: 'shop-nginx' } } }), doc('b', 'eu-west-1', { aws_autoscaling_group: { y: { name: 'shop-nginx' } } })]],
    ['names known only at apply', [doc('a', 'us-east-1', { aws_lb: { x: { name: '${var.name}' }, y: { name: '${var.name}' } } })]],
    ['security groups named alike in two VPCs', [doc('a', 'us-east-1', { aws_security_group: { x: { name: 'web', vpc_id: 'vpc-1' }, y: { name: 'web', vpc_id: 'vpc-2' } } })]],
    ['node groups named alike in two clusters', [doc('a', 'us-east-1', { aws_eks_node_group: { x: { node_group_name: 'services-az1', cluster_name: '${aws_eks_cluster.a.name}' } } }), doc('b', 'us-east-1', { aws_eks_node_group: { y: { node_group_name: 'services-az1', cluster_name: '${aws_eks_cluster.b.name}' } } })]],
    ['name prefixes', [doc('a', 'us-east-1', { aws_db_parameter_group: { x: { name_prefix: 'shop-' }, y: { name_prefix: 'shop-' } } })]],
  ])('GIVEN %s THEN it is no collision', (_name, documents) => {
    expect(findNameCollisions(documents)).toEqual([]);
  });
});

describe('checkPhysicalNames on an app', () => {
  const build = (regions: [string, string]) => {
    const app = new App({ outdir: tempDir('physical-names-') });
    checkPhysicalNames(app);
    regions.forEach((region, i) => {
      const stack = new TerraformStack(app, `stack-${i}`);
      new AwsProvider(stack, 'aws', { region });
      new AutoscalingGroup(stack, 'fleet', { name: 'shop-nginx', minSize: 1, maxSize: 2 });
      new IamRole(stack, `role-${i}`, { name: `shop-role-${i}`, assumeRolePolicy: '{}' });
      new KmsAlias(stack, 'alias', { name: `alias/shop-${region}`, targetKeyId: 'key' });
    });
    return app;
  };

  test('GIVEN two stacks that name an Auto Scaling group alike in one Region THEN synth fails naming both and the fix', () => {
    const app = build(['us-east-1', 'us-east-1']);
    expect(() => app.synth()).toThrow(/2 resources would share the Auto Scaling group name "shop-nginx" in one account in us-east-1: stack-0: stack-0\/fleet; stack-1: stack-1\/fleet\. Fix: give the constructs \(or environments\) different names/);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });

  test('GIVEN the same stacks in two Regions THEN synth passes', () => {
    const app = build(['us-east-1', 'eu-west-1']);
    expect(() => app.synth()).not.toThrow();
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });
});
