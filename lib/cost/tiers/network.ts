import { fmt } from '../../capacity/spread';
import { BYTES_PER_GB, fixed, hours, priceLine, secondsPerMonth } from '../line';
import { CostTier } from './tier';

/** The internal NLB in front of the services: hours and NLCUs (processed bytes dominate with upstream keep-alive). */
export const INTERNAL_NLB_TIER: CostTier = {
  name: 'Internal NLB (nginx -> services)',
  lines(ctx) {
    const { internalNlb, rps, requestBytes, responseBytes } = ctx.inputs;
    const h = hours(ctx);
    const gbPerHour = (s: 'min' | 'target' | 'max') => (rps[s] * (requestBytes + responseBytes) * 3_600) / BYTES_PER_GB;
    return [
      priceLine(ctx, { key: 'elb.nlb.hour', item: 'NLB hours', quantity: fixed(internalNlb.count * h), basis: `${internalNlb.count} NLB x ${h} h` }),
      priceLine(ctx, {
        key: 'elb.nlb.nlcu-hour',
        item: 'NLCU-hours (processed bytes)',
        quantity: (s) => gbPerHour(s) * h,
        basis: `${fmt(gbPerHour('target'), 1)} GB/h at target (1 NLCU = 1 GB/h; nginx keeps upstream connections alive, so new and active flows stay far below theirs) x ${h} h`,
      }),
    ];
  },
};

/** NAT gateways, interface endpoints and data transfer out to the internet. */
export const NETWORK_TIER: CostTier = {
  name: 'Network: NAT gateways, endpoints, data transfer out',
  lines(ctx) {
    const { nat, nginx, nodes, interfaceEndpoints, azCount, rps, responseBytes } = ctx.inputs;
    const h = hours(ctx);
    const natGb = ctx.assumptions.natGBPerInstanceMonth;
    return [
      priceLine(ctx, { key: 'vpc.nat.hour', item: 'NAT gateway hours', quantity: fixed(nat.gateways * h), basis: `${nat.gateways} NAT gateway(s) x ${h} h` }),
      priceLine(ctx, {
        key: 'vpc.nat.gb',
        item: 'NAT processed GB',
        quantity: (s) => (nginx.count[s] + nodes.count[s]) * natGb.value,
        basis: `${fmt(nginx.count.target + nodes.count.target)} instances at target x ${natGb.value} GB (${natGb.source.startsWith('PLACEHOLDER') ? 'PLACEHOLDER' : natGb.source})`,
      }),
      priceLine(ctx, { key: 'vpc.public-ipv4.hour', item: 'NAT gateway public IPv4 addresses', quantity: fixed(nat.gateways * h), basis: `${nat.gateways} Elastic IP(s) x ${h} h` }),
      priceLine(ctx, {
        key: 'vpc.interface-endpoint.az-hour',
        item: 'interface endpoint hours',
        quantity: fixed(interfaceEndpoints * azCount * h),
        basis: `${interfaceEndpoints} endpoints (ecr.api, ecr.dkr, logs, sts) x ${azCount} AZs x ${h} h`,
      }),
      priceLine(ctx, {
        key: 'transfer.internet-out.gb',
        item: 'data transfer out to the internet',
        // With the API front, responses leave through CloudFront (priced in the CDN tier); ALB to CloudFront is free.
        quantity: (s) => (ctx.inputs.cdn.apiFront ? 0 : (rps[s] * responseBytes * secondsPerMonth(ctx)) / BYTES_PER_GB),
        basis: ctx.inputs.cdn.apiFront
          ? 'none from the ALBs: API responses leave through CloudFront (CDN tier); origin fetches from the ALBs are free'
          : `${fmt(rps.target)} req/s x ${fmt(responseBytes)} B response x ${fmt(secondsPerMonth(ctx))} s (tiered: 100 GB free, $0.09 to $0.05/GB)`,
      }),
    ];
  },
  notes: () => ['Endpoint processed bytes (ECR pulls, agent logs) are not counted: small beside the request path.'],
};

/**
 * Traffic that crosses an AZ, billed in both directions. The internal NLB has cross-zone load
 * balancing on, so (n-1)/n of the nginx -> service bytes cross an AZ; with AZ-affine routing
 * (lever `azAffineRouting`) nginx sends to the NLB address in its own AZ and the NLB keeps the
 * flow there, so only the failover share crosses (none in steady state). The gateway reaches the
 * backends through a Service with no topology hints, (n-1)/n again; every pod reaches shard
 * primaries and PostgreSQL wherever they are.
 */
export const CROSS_AZ_TIER: CostTier = {
  name: 'Cross-AZ traffic',
  lines(ctx) {
    const { azCount, rps, requestBytes, responseBytes, cacheOpsPerRequest, dbQueriesPerRequest } = ctx.inputs;
    const share = (azCount - 1) / azCount;
    const sec = secondsPerMonth(ctx);
    const bothWays = (bytesPerRequest: number) => (s: 'min' | 'target' | 'max') => ((rps[s] * bytesPerRequest * sec) / BYTES_PER_GB) * share * 2;
    const a = ctx.assumptions;
    const shareText = `${azCount - 1}/${azCount} cross an AZ, x 2 directions`;
    return [
      ctx.azAffineRouting
        ? priceLine(ctx, {
            key: 'transfer.inter-az.gb',
            item: 'nginx -> services through the internal NLB (AZ-affine: cross-zone off)',
            quantity: fixed(0),
            basis: `${fmt(rps.target)} req/s x ${fmt(requestBytes + responseBytes)} B stay in their AZ: nginx sends to its own AZ's NLB address; only requests failed over to the backup AZs cross (none in steady state; an AZ's share while its path is down)`,
            category: 'cross-az-ingress',
          })
        : priceLine(ctx, {
            key: 'transfer.inter-az.gb',
            item: 'nginx -> services through the internal NLB (cross-zone on)',
            quantity: bothWays(requestBytes + responseBytes),
            basis: `${fmt(rps.target)} req/s x ${fmt(requestBytes + responseBytes)} B; ${shareText}`,
            category: 'cross-az-ingress',
          }),
      priceLine(ctx, {
        key: 'transfer.inter-az.gb',
        item: 'api-gateway -> backend services (Service, no topology hints)',
        quantity: bothWays(requestBytes + responseBytes),
        basis: `every request forwarded once, ${fmt(requestBytes + responseBytes)} B; ${shareText}`,
        category: 'cross-az-gateway',
      }),
      priceLine(ctx, {
        key: 'transfer.inter-az.gb',
        item: 'pods -> ElastiCache shard primaries',
        quantity: bothWays(cacheOpsPerRequest * a.cacheBytesPerOp.value),
        basis: `${fmt(cacheOpsPerRequest, 2)} ops/request x ${fmt(a.cacheBytesPerOp.value)} B (PLACEHOLDER); ${shareText}`,
        category: 'cross-az-data',
      }),
      priceLine(ctx, {
        key: 'transfer.inter-az.gb',
        item: 'pods -> PostgreSQL (proxy, pooler, instances)',
        quantity: bothWays(dbQueriesPerRequest * a.dbBytesPerQuery.value),
        basis: `${fmt(dbQueriesPerRequest, 4)} queries/request x ${fmt(a.dbBytesPerQuery.value)} B (PLACEHOLDER); ${shareText}`,
        category: 'cross-az-data',
      }),
    ];
  },
  notes: () => [
    'Not counted: ALB -> nginx (ALB cross-zone traffic) and RDS Multi-AZ / read replica / ElastiCache replication traffic, which AWS does not bill as inter-AZ transfer; the stored EC2 pricing copy names NLB (and GWLB) cross-zone traffic as billed.',
  ],
};
