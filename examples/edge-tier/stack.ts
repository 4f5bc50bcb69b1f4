/**
 * One VPC and an ALB + nginx edge in front of services the consumer already runs behind
 * an internal NLB at fixed addresses. Sizes are explicit here; the environment-50k-rps
 * example takes them from the capacity model instead.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { AlbNginxTier, Network, Protection, RateLimitKey } from 'cdktf-million-rps';

/** Where the edge runs and the name it answers to: set these to your own. */
export const REGION = 'eu-west-1';
export const AVAILABILITY_ZONES = ['eu-west-1a', 'eu-west-1b'];
export const VPC_CIDR = '10.40.0.0/16';
export const ZONE_NAME = 'shop.example.com';
/**
 * The internal NLB's fixed address in each AZ's app subnet. With the Network layout of
 * 10.40.0.0/16 over two AZs the app subnets are 10.40.0.0/18 and 10.40.64.0/18, and
 * ServiceIngress puts its address 16 below the top of each (10.40.63.240, 10.40.127.240).
 */
export const SERVICE_NLB_ADDRESSES = ['10.40.63.240', '10.40.127.240'];

export class EdgeExampleStack extends TerraformStack {
  public readonly edge: AlbNginxTier;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: REGION });
    // Non-production, so the example destroys cleanly; Protection.PRODUCTION for an edge you keep.
    const protection = Protection.NON_PRODUCTION;
    const network = new Network(this, 'network', { name: 'shop', cidr: VPC_CIDR, availabilityZones: AVAILABILITY_ZONES, protection });
    const zone = new Route53Zone(this, 'zone', { name: ZONE_NAME });
    this.edge = new AlbNginxTier(this, 'edge', {
      name: 'shop',
      network,
      protection,
      albCount: 1,
      tls: { hostedZone: { zoneId: zone.zoneId, zoneName: ZONE_NAME } },
      upstreams: [
        { name: 'storefront', pathPrefix: '/', port: 8080, addresses: SERVICE_NLB_ADDRESSES },
        { name: 'checkout', pathPrefix: '/api/checkout', port: 8081, addresses: SERVICE_NLB_ADDRESSES },
      ],
      // Checkout is stricter than browsing: 120 requests a minute per client address.
      rateLimits: [
        { name: 'per-ip', rate: '1000r/m', key: RateLimitKey.CLIENT_IP },
        { name: 'checkout', rate: '120r/m', key: RateLimitKey.CLIENT_IP, pathPrefix: '/api/checkout' },
      ],
      fleet: { instanceType: 'c7g.large', minSize: 2, desiredCapacity: 2, maxSize: 6, requestsPerInstancePerMinute: 600_000, workerConnections: 4096 },
    });
    new TerraformOutput(this, 'url', { value: `https://${this.edge.domainName}` });
    new TerraformOutput(this, 'name_servers', { value: zone.nameServers, description: 'Delegate the zone to these from the parent domain' });
  }
}
