import { fmt } from '../../capacity/spread';
import { fixed, hours, priceLine, requestsPerMonth } from '../line';
import { CostTier } from './tier';

/** ALB fleet (hours, reserved LCUs, LCUs used beyond them) and the WAF web ACL in front of it. */
export const EDGE_TIER: CostTier = {
  name: 'Edge: ALBs and WAF',
  notes: () => ['The ALBs\' public IPv4 addresses (at least one per AZ per ALB, more as an ALB scales) are not counted: their number is AWS\'s, not the stacks\'.'],
  lines(ctx) {
    const { alb, rps, waf } = ctx.inputs;
    const h = hours(ctx);
    const usedPerAlb = (s: 'min' | 'target' | 'max') => (alb.lcuAtTarget * rps[s]) / rps.target / alb.count;
    const lines = [
      priceLine(ctx, { key: 'elb.alb.hour', item: 'ALB hours', quantity: fixed(alb.count * h), basis: `${alb.count} ALB(s) x ${h} h` }),
    ];
    if (alb.reservedLcuPerAlb > 0) {
      lines.push(
        priceLine(ctx, {
          key: 'elb.alb.lcu-hour',
          item: 'reserved LCU-hours',
          quantity: fixed(alb.count * alb.reservedLcuPerAlb * h),
          basis: `${alb.count} x ${fmt(alb.reservedLcuPerAlb)} LCU reserved x ${h} h (billed used or not)`,
        }),
        priceLine(ctx, {
          key: 'elb.alb.lcu-hour',
          item: 'LCU-hours used beyond the reservation',
          quantity: (s) => alb.count * Math.max(0, usedPerAlb(s) - alb.reservedLcuPerAlb) * h,
          basis: `max(0, used ${fmt(usedPerAlb('target'), 1)} - reserved ${fmt(alb.reservedLcuPerAlb)}) per ALB at target`,
        }),
      );
    } else {
      lines.push(
        priceLine(ctx, {
          key: 'elb.alb.lcu-hour',
          item: 'LCU-hours used',
          quantity: (s) => alb.count * usedPerAlb(s) * h,
          basis: `${fmt(alb.lcuAtTarget, 1)} LCU at target (largest of the four dimensions, from the capacity plan) x ${h} h, scaled with load`,
        }),
      );
    }
    lines.push(
      priceLine(ctx, { key: 'waf.web-acl.month', item: 'WAF web ACL', quantity: fixed(waf.webAcls), basis: `${waf.webAcls} web ACL shared by every ALB` }),
      priceLine(ctx, { key: 'waf.rule.month', item: 'WAF rules', quantity: fixed(waf.rules), basis: `${waf.rules} rules (3 AWS managed groups, 3 rate rules)` }),
      priceLine(ctx, {
        key: 'waf.requests.million',
        item: 'WAF requests inspected',
        quantity: (s) => requestsPerMonth(ctx, s) / 1e6,
        basis: `${fmt(rps.target)} req/s x ${fmt(h * 3_600)} s / 1M`,
      }),
    );
    return lines;
  },
};
