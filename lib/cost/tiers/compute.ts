import { fmt } from '../../capacity/spread';
import { fixed, hours, priceLine } from '../line';
import { CostTier } from './tier';

/** The nginx fleet on an EC2 Auto Scaling group: instances, root volumes, detailed monitoring. */
export const NGINX_TIER: CostTier = {
  name: 'nginx fleet (EC2 Auto Scaling group)',
  lines(ctx) {
    const { nginx } = ctx.inputs;
    const h = hours(ctx);
    return [
      priceLine(ctx, {
        key: `ec2.${nginx.instanceType}.hour`,
        item: `${nginx.instanceType} instances`,
        quantity: (s) => nginx.count[s] * h,
        basis: `min ${nginx.count.min} / desired ${nginx.count.target} / max ${nginx.count.max} instances x ${h} h`,
        category: 'ec2-nginx',
      }),
      priceLine(ctx, { key: 'ebs.gp3.gb-month', item: 'gp3 root volumes', quantity: (s) => nginx.count[s] * nginx.rootVolumeGiB, basis: `${nginx.rootVolumeGiB} GiB per instance` }),
      priceLine(ctx, {
        key: 'cloudwatch.metric.month',
        item: 'EC2 detailed monitoring metrics',
        quantity: (s) => ctx.inputs.observability.detailedMonitoringInstances[s] * 7,
        basis: '7 metrics per instance, billed as custom metrics (the launch template turns detailed monitoring on)',
      }),
    ];
  },
};

/** EKS: the cluster fee and the managed node groups. */
export const EKS_TIER: CostTier = {
  name: 'EKS (cluster and node groups)',
  lines(ctx) {
    const { eks, nodes } = ctx.inputs;
    const h = hours(ctx);
    const extended = eks.inExtendedSupport;
    return [
      priceLine(ctx, {
        key: extended ? 'eks.cluster.extended.hour' : 'eks.cluster.standard.hour',
        item: `cluster fee (${extended ? 'extended' : 'standard'} support)`,
        quantity: fixed(h),
        basis: `Kubernetes ${eks.version}, upgrade policy ${eks.supportType}${extended ? ', past its standard support (July 2026) on ' + ctx.inputs.asOf : ''}`,
      }),
      priceLine(ctx, {
        key: `ec2.${nodes.instanceType}.hour`,
        item: `${nodes.instanceType} nodes`,
        quantity: (s) => nodes.count[s] * h,
        basis: `${nodes.groups} group(s): min ${fmt(nodes.count.min)} / at target ${fmt(nodes.count.target)} / max ${fmt(nodes.count.max)} nodes x ${h} h`,
        category: 'ec2-nodes',
      }),
      priceLine(ctx, { key: 'ebs.gp3.gb-month', item: 'gp3 node root volumes', quantity: (s) => nodes.count[s] * nodes.rootVolumeGiB, basis: `${nodes.rootVolumeGiB} GiB per node` }),
    ];
  },
  notes: () => ['The monitoring stack\'s persistent volumes (Prometheus, Alertmanager, Grafana) are not counted.'],
};
