import { invalid } from '../../lib/errors';
import { isUnresolved } from '../../lib/validation';

const MIN_PORT = 1;
const MAX_PORT = 65535;

/** A protocol and port range of a security group rule. */
export class Port {
  /** One TCP port. */
  public static tcp(port: number): Port {
    checkPort('Port.tcp', 'port', port);
    return new Port('tcp', port, port);
  }

  /** A range of TCP ports, both ends included. */
  public static tcpRange(fromPort: number, toPort: number): Port {
    checkPort('Port.tcpRange', 'fromPort', fromPort);
    checkPort('Port.tcpRange', 'toPort', toPort);
    if (!isUnresolved(fromPort) && !isUnresolved(toPort) && fromPort > toPort) invalid('Port.tcpRange', 'fromPort', fromPort, `is above toPort (${toPort})`, 'swap the two ends of the range');
    return new Port('tcp', fromPort, toPort);
  }

  /** Every protocol and port (`ip_protocol = "-1"`). */
  public static allTraffic(): Port {
    return new Port('-1', undefined, undefined);
  }

  private constructor(
    /** `tcp`, or `-1` for all traffic. */
    public readonly protocol: 'tcp' | '-1',
    public readonly fromPort: number | undefined,
    public readonly toPort: number | undefined,
  ) {}

  /** `tcp-5432`, `tcp-8080-8082` or `all`: stable, for logical ids. */
  public get label(): string {
    if (this.protocol === '-1') return 'all';
    return this.fromPort === this.toPort ? `tcp-${this.fromPort}` : `tcp-${this.fromPort}-${this.toPort}`;
  }

  /** The fields of an `aws_vpc_security_group_{ingress,egress}_rule`. */
  public toRuleFields(): { ipProtocol: string; fromPort?: number; toPort?: number } {
    return this.protocol === '-1' ? { ipProtocol: '-1' } : { ipProtocol: 'tcp', fromPort: this.fromPort, toPort: this.toPort };
  }

  public toString(): string {
    return this.protocol === '-1' ? 'all traffic' : this.fromPort === this.toPort ? `TCP ${this.fromPort}` : `TCP ${this.fromPort}-${this.toPort}`;
  }
}

function checkPort(where: string, prop: string, value: unknown): void {
  if (isUnresolved(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
    invalid(where, prop, value, `is not a TCP port (${MIN_PORT} to ${MAX_PORT})`, `pass a whole number from ${MIN_PORT} to ${MAX_PORT}`);
  }
}
