import { AlarmFactory, AlarmSeverity, Comparison, queryMetric, Tier } from './alarm-factory';
import { NAT_PACKET_DROP_PERCENT_MAX, NAT_PORT_ALLOCATION_ERRORS_MAX } from './thresholds';
import { WatchedNatGateway } from './watched-resources';

/** Per NAT gateway: source-port exhaustion and dropped packets (AWS's recommended alarms). */
export function addNatGatewayAlarms(factory: AlarmFactory, gateways: readonly WatchedNatGateway[]): void {
  gateways.forEach((nat, i) => {
    const dimensions = { NatGatewayId: nat.id };
    factory.add({
      id: `nat-${i}-port-allocation`,
      name: `nat-${nat.name}-port-allocation-errors`,
      description: `NAT gateway ${nat.name} cannot allocate source ports: new outbound connections fail.`,
      tier: Tier.NETWORK,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.ABOVE,
      threshold: NAT_PORT_ALLOCATION_ERRORS_MAX,
      metric: { namespace: 'AWS/NATGateway', metricName: 'ErrorPortAllocation', dimensions, statistic: 'Sum' },
    });
    factory.add({
      id: `nat-${i}-packet-drops`,
      name: `nat-${nat.name}-packet-drops`,
      description: `NAT gateway ${nat.name} drops more than ${NAT_PACKET_DROP_PERCENT_MAX}% of packets.`,
      tier: Tier.NETWORK,
      severity: AlarmSeverity.WARNING,
      comparison: Comparison.ABOVE,
      threshold: NAT_PACKET_DROP_PERCENT_MAX,
      metric: {
        queries: [
          { id: 'dropPercent', expression: '100 * drops / (FILL(fromSource, 0) + FILL(fromDestination, 0))', label: 'dropped packets %', returnData: true },
          queryMetric('drops', { namespace: 'AWS/NATGateway', metricName: 'PacketsDropCount', dimensions, statistic: 'Sum' }),
          queryMetric('fromSource', { namespace: 'AWS/NATGateway', metricName: 'PacketsInFromSource', dimensions, statistic: 'Sum' }),
          queryMetric('fromDestination', { namespace: 'AWS/NATGateway', metricName: 'PacketsInFromDestination', dimensions, statistic: 'Sum' }),
        ],
      },
    });
  });
}
