import { TerraformStack, } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Connections, IConnectable, Port } from '../../../constructs/connections';
import { ValidationError } from '../../../lib/errors';
import { allOf, resourcesOf, synthConstructs } from '../../support/synth';
import { testApp } from '../../support/temp';

/** A construct that owns one security group, as the library's constructs do. */
class Owner extends Construct implements IConnectable {
  public readonly connections: Connections;
  constructor(scope: Construct, id: string, groupName: string, options: { defaultPort?: Port; allowAllOutbound?: boolean } = {}) {
    super(scope, id);
    const sg = new SecurityGroup(this, 'sg', { name: `${id}-${groupName}`, description: `${id} ${groupName}`, vpcId: 'vpc-1' });
    this.connections = new Connections({ securityGroups: [{ securityGroupId: sg.id, owner: this, name: groupName, allowAllOutbound: options.allowAllOutbound }], defaultPort: options.defaultPort });
  }
}

describe('Connections', () => {
  describe('GIVEN a database admitting an app fleet on its default port', () => {
    const stack = synthConstructs((scope) => {
      const db = new Owner(scope, 'db', 'postgres', { defaultPort: Port.tcp(5432) });
      const app = new Owner(scope, 'app', 'fleet');
      db.connections.allowDefaultPortFrom(app, 'PostgreSQL from the app');
    });

    test('THEN the database group gets an ingress rule from the app group, created inside the database construct', () => {
      const ingress = resourcesOf(stack, 'aws_vpc_security_group_ingress_rule');
      expect(Object.keys(ingress)).toEqual([expect.stringMatching(/^db_postgres-from-app-fleet-tcp-5432_[0-9A-F]{8}$/)]);
      expect(Object.values(ingress)[0]).toEqual({
        security_group_id: expect.stringContaining('aws_security_group.db_sg'),
        referenced_security_group_id: expect.stringContaining('aws_security_group.app_sg'),
        ip_protocol: 'tcp',
        from_port: 5432,
        to_port: 5432,
        description: 'PostgreSQL from the app',
      });
    });

    test('THEN the app group gets the matching egress rule (Terraform drops the default allow-all egress), inside the app construct', () => {
      const egress = resourcesOf(stack, 'aws_vpc_security_group_egress_rule');
      expect(Object.keys(egress)).toEqual([expect.stringMatching(/^app_fleet-to-db-postgres-tcp-5432_/)]);
      expect(Object.values(egress)[0]).toMatchObject({
        security_group_id: expect.stringContaining('aws_security_group.app_sg'),
        referenced_security_group_id: expect.stringContaining('aws_security_group.db_sg'),
        from_port: 5432,
        to_port: 5432,
      });
    });
  });

  test('GIVEN the same connection twice THEN the rules are made once; a second port gets its own pair', () => {
    const stack = synthConstructs((scope) => {
      const nlb = new Owner(scope, 'nlb', 'nlb');
      const nginx = new Owner(scope, 'nginx', 'nginx');
      nlb.connections.allowFrom(nginx, Port.tcp(8080), 'api');
      nlb.connections.allowFrom(nginx, Port.tcp(8080), 'api');
      nginx.connections.allowTo(nlb, Port.tcp(8081), 'users');
    });
    expect(allOf(stack, 'aws_vpc_security_group_ingress_rule').map((r) => r.from_port)).toEqual([8080, 8081]);
    expect(allOf(stack, 'aws_vpc_security_group_egress_rule').map((r) => r.from_port)).toEqual([8080, 8081]);
  });

  test('GIVEN a peer whose group allows all outbound traffic THEN only the ingress rule is added', () => {
    const stack = synthConstructs((scope) => {
      const cache = new Owner(scope, 'cache', 'cache', { defaultPort: Port.tcp(6379) });
      cache.connections.allowDefaultPortFrom(new Owner(scope, 'eks', 'nodes', { allowAllOutbound: true }));
    });
    expect(allOf(stack, 'aws_vpc_security_group_ingress_rule')).toHaveLength(1);
    expect(allOf(stack, 'aws_vpc_security_group_egress_rule')).toEqual([]);
    expect(allOf(stack, 'aws_vpc_security_group_ingress_rule')[0].description).toBe('TCP 6379 from eks nodes');
  });

  test('GIVEN a group made elsewhere THEN its rules are created under the importing scope, and it gets no egress rule', () => {
    const stack = synthConstructs((scope) => {
      const db = new Owner(scope, 'db', 'postgres', { defaultPort: Port.tcp(5432) });
      const external = Connections.fromSecurityGroupId(scope, 'clients', 'sg-0123456789abcdef0');
      db.connections.allowDefaultPortFrom(external);
      external.allowFrom(db, Port.allTraffic(), 'replies');
    });
    const ingress = resourcesOf(stack, 'aws_vpc_security_group_ingress_rule');
    expect(Object.keys(ingress).sort()).toEqual([expect.stringMatching(/^clients_group-from-db-postgres-all_/), expect.stringMatching(/^db_postgres-from-clients-group-tcp-5432_/)]);
    expect(Object.values(ingress).find((r) => r.security_group_id === 'sg-0123456789abcdef0')).toMatchObject({ ip_protocol: '-1' });
    expect(Object.values(ingress).find((r) => r.security_group_id === 'sg-0123456789abcdef0')?.from_port).toBeUndefined();
    expect(allOf(stack, 'aws_vpc_security_group_egress_rule').map((r) => r.security_group_id)).toEqual([expect.stringContaining('aws_security_group.db_sg')]);
  });

  describe('GIVEN the two ends in different TerraformStacks THEN synth fails naming both construct paths and the fix', () => {
    const twoStacks = () => {
      const app = testApp();
      const a = new TerraformStack(app, 'data');
      const b = new TerraformStack(app, 'compute');
      new AwsProvider(a, 'aws', { region: 'us-east-1' });
      new AwsProvider(b, 'aws', { region: 'us-east-1' });
      return { db: new Owner(a, 'db', 'postgres', { defaultPort: Port.tcp(5432) }), eks: new Owner(b, 'eks', 'nodes', { allowAllOutbound: true }) };
    };
    test.each([
      ['allowFrom', ({ db, eks }: ReturnType<typeof twoStacks>) => db.connections.allowFrom(eks, Port.tcp(5432), 'x')],
      ['allowDefaultPortFrom', ({ db, eks }: ReturnType<typeof twoStacks>) => db.connections.allowDefaultPortFrom(eks)],
      ['allowTo', ({ db, eks }: ReturnType<typeof twoStacks>) => eks.connections.allowTo(db, Port.tcp(5432), 'x')],
      ['allowDefaultPortTo', ({ db, eks }: ReturnType<typeof twoStacks>) => eks.connections.allowDefaultPortTo(db)],
    ])('%s', (_, connect) => {
      const ends = twoStacks();
      let thrown: unknown;
      try {
        connect(ends);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as Error).message).toMatch(
        /^Owner \(data\/db\): connections = "Owner \(compute\/eks\)" is in another TerraformStack \("compute"; this construct is in "data"\): cdktf would turn the security group id into a cross-stack terraform_remote_state reference, which an offline plan cannot read\. Fix: create both constructs in one stack, or bring the other group in by id with Connections\.fromSecurityGroupId\(<a scope in "data">/,
      );
    });
  });

  describe('GIVEN bad input THEN synth fails naming the prop and the fix', () => {
    const inStack = (build: (scope: Construct) => void) => () => synthConstructs(build);
    test.each([
      ['no default port', inStack((s) => new Owner(s, 'nlb', 'nlb').connections.allowDefaultPortFrom(new Owner(s, 'x', 'x'))), /Owner \(test\/nlb\): connections\.allowDefaultPortFrom = undefined has no default port to use\. Fix: pass the port/],
      ['a peer that is not connectable (JS)', inStack((s) => new Owner(s, 'db', 'db').connections.allowFrom('sg-123' as never, Port.tcp(5432), 'x')), /connections peer = "sg-123" is not connectable.*Fix: pass a construct with connections/],
      ['an empty description', inStack((s) => new Owner(s, 'db', 'db').connections.allowFrom(new Owner(s, 'x', 'x'), Port.tcp(5432), '')), /connection description = "" is not a non-empty string/],
      ['a description with characters EC2 refuses', inStack((s) => new Owner(s, 'db', 'db').connections.allowFrom(new Owner(s, 'x', 'x'), Port.tcp(5432), 'café <admin>')), /connection description = "café <admin>" is not a security group rule description/],
      ['a description over 255 characters', inStack((s) => new Owner(s, 'db', 'db').connections.allowFrom(new Owner(s, 'x', 'x'), Port.tcp(5432), 'a'.repeat(256))), /is not a security group rule description \(at most 255 characters/],
      ['a port out of range', () => Port.tcp(70_000), /Port\.tcp: port = 70000 is not a TCP port \(1 to 65535\)\. Fix: pass a whole number from 1 to 65535/],
      ['a port that is not a whole number', () => Port.tcp(80.5), /port = 80\.5 is not a TCP port/],
      ['a reversed range', () => Port.tcpRange(9000, 8000), /Port\.tcpRange: fromPort = 9000 is above toPort \(8000\)\. Fix: swap/],
      ['no groups', () => new Connections({ securityGroups: [] }), /Connections: securityGroups = \[\] is empty/],
      ['an imported group without an id', inStack((s) => Connections.fromSecurityGroupId(s, 'x', '')), /securityGroupId = "" is not a non-empty string/],
    ] as [string, () => unknown, RegExp][])('%s', (_, act, message) => {
      expect(act).toThrow(ValidationError);
      expect(act).toThrow(message);
    });
  });

  test('GIVEN ports THEN labels and rule fields are stable', () => {
    expect([Port.tcp(443).label, Port.tcpRange(8080, 8082).label, Port.allTraffic().label]).toEqual(['tcp-443', 'tcp-8080-8082', 'all']);
    expect(Port.allTraffic().toRuleFields()).toEqual({ ipProtocol: '-1' });
    expect(String(Port.tcpRange(8080, 8082))).toBe('TCP 8080-8082');
  });
});
