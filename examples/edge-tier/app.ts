/**
 * A consumer's app: one VPC and an ALB + nginx edge in front of services the consumer
 * already runs behind an internal NLB at fixed addresses. Sizes are explicit here; the
 * reference stacks take them from the capacity model instead.
 *
 *   npx ts-node examples/edge-tier/app.ts && cd cdktf.out/stacks/edge-example && terraform init && terraform plan
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { AlbNginxTier, Network, RateLimitKey } from '../../constructs';

export class EdgeExampleStack extends TerraformStack {
  public readonly edge: AlbNginxTier;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    const network = new Network(this, 'network', { name: 'shop', cidr: '10.40.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    const zone = new Route53Zone(this, 'zone', { name: 'shop.example.com' });
    this.edge = new AlbNginxTier(this, 'edge', {
      name: 'shop',
      network,
      production: false,
      albCount: 1,
      tls: { hostedZone: { zoneId: zone.zoneId, zoneName: 'shop.example.com' } },
      upstreams: [
        { name: 'storefront', pathPrefix: '/', port: 8080, addresses: ['10.40.63.240', '10.40.127.240'] },
        { name: 'checkout', pathPrefix: '/api/checkout', port: 8081, addresses: ['10.40.63.240', '10.40.127.240'] },
      ],
      // Checkout is stricter than browsing: 120 requests a minute per client address.
      rateLimits: [
        { name: 'per-ip', rate: '1000r/m', key: RateLimitKey.CLIENT_IP },
        { name: 'checkout', rate: '120r/m', key: RateLimitKey.CLIENT_IP, pathPrefix: '/api/checkout' },
      ],
      fleet: { instanceType: 'c7g.large', minSize: 2, desiredCapacity: 2, maxSize: 6, requestsPerInstancePerMinute: 600_000, workerConnections: 4096 },
    });
    new TerraformOutput(this, 'url', { value: `https://${this.edge.domainName}` });
    new TerraformOutput(this, 'name_servers', { value: zone.nameServers });
  }
}

if (require.main === module) {
  const app = new App();
  new EdgeExampleStack(app, 'edge-example');
  app.synth();
}
