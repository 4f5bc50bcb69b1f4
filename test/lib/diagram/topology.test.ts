import { planEnvironment } from '../../../lib/config/environment';
import * as fs from 'fs';
import { renderTopologyMermaid } from '../../../lib/diagram/topology';
import { environmentTopology } from '../../../stacks/diagram';
import { dev, prod } from '../../../stacks/environments';

describe('renderTopologyMermaid', () => {
  const plan = planEnvironment(prod);
  const services = [
    { name: 'api-gateway', pathPrefix: '/' },
    { name: 'user-service', pathPrefix: '/api/users' },
  ];
  const readPooler = plan.readPooler!;
  const mermaid = renderTopologyMermaid({ environment: 'prod', availabilityZones: prod.availabilityZones, plan, services });

  test('GIVEN prod THEN every tier shows the counts the capacity plan prints', () => {
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid).toContain(`${plan.alb.count} x ALB + WAF`);
    expect(mermaid).toContain(`${plan.nginx.instanceType}: min ${plan.nginx.minSize} / max ${plan.nginx.maxSize}`);
    expect(mermaid).toContain(`HPA ${plan.services['api-gateway'].minReplicas}-${plan.services['api-gateway'].maxReplicas.toLocaleString('en-US')} pods`);
    expect(mermaid).toContain(`${plan.cache.shards} shards`);
    expect(mermaid).toContain(`${plan.database.replicaCount} read replicas`);
    expect(mermaid).toContain(`HPA ${readPooler.minReplicas}-${readPooler.maxReplicas} pods, ${readPooler.defaultPoolSize} server conns each`);
  });

  test('THEN the primary is drawn Multi-AZ only where the plan survives an AZ loss', () => {
    expect(mermaid).toContain('PostgreSQL primary, Multi-AZ');
    expect(environmentTopology(dev)).toContain('("PostgreSQL primary<br/>');
  });

  test('THEN reads go through PgBouncer to the reader name, writes through RDS Proxy', () => {
    for (const edge of ['svc0 -->|reads| pgb', 'svc0 -->|writes| proxy', 'pgb -->|"reader.prod.db.internal (TLS)"| replicas']) expect(mermaid).toContain(edge);
    expect(mermaid).not.toContain('-. reads .-> replicas');
  });

  test('THEN the request path runs clients -> Route 53 -> ALB -> nginx -> NLB -> each service', () => {
    for (const edge of ['clients(["Clients"]) -->', 'dns --> alb', 'alb --> nginx', 'nginx --> nlb', 'nlb --> svc0', 'nlb --> svc1']) {
      expect(mermaid).toContain(edge);
    }
  });
});

describe('committed diagrams', () => {
  const current = environmentTopology(prod);
  test.each(['docs/diagrams/prod.md', 'README.md'])('%s shows the diagram `npm run diagram -- prod` draws today', (file) => {
    const text = fs.readFileSync(`${__dirname}/../../../${file}`, 'utf8');
    expect(text).toContain(`\`\`\`mermaid\n${current}\`\`\``);
  });
});
