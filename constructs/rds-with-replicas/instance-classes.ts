import { IConstruct } from 'constructs';
import { invalid } from '../../lib/errors';

/**
 * Memory (GiB) of the DB instance classes this construct tunes PostgreSQL for.
 * Source: AWS docs, Hardware specifications for DB instance classes
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html).
 * Pass `instanceMemoryGiB` for a class not listed here.
 */
export const DB_INSTANCE_CLASS_MEMORY_GIB: Readonly<Record<string, number>> = {
  // Burstable Graviton2: dev and test only.
  'db.t4g.micro': 1,
  'db.t4g.small': 2,
  'db.t4g.medium': 4,
  'db.t4g.large': 8,
  'db.t4g.xlarge': 16,
  'db.t4g.2xlarge': 32,
  // General purpose Graviton3.
  'db.m7g.large': 8,
  'db.m7g.xlarge': 16,
  'db.m7g.2xlarge': 32,
  'db.m7g.4xlarge': 64,
  'db.m7g.8xlarge': 128,
  'db.m7g.12xlarge': 192,
  'db.m7g.16xlarge': 256,
  // Memory optimized Graviton2.
  'db.r6g.large': 16,
  'db.r6g.xlarge': 32,
  'db.r6g.2xlarge': 64,
  'db.r6g.4xlarge': 128,
  'db.r6g.8xlarge': 256,
  'db.r6g.12xlarge': 384,
  'db.r6g.16xlarge': 512,
  // Memory optimized Graviton3.
  'db.r7g.large': 16,
  'db.r7g.xlarge': 32,
  'db.r7g.2xlarge': 64,
  'db.r7g.4xlarge': 128,
  'db.r7g.8xlarge': 256,
  'db.r7g.12xlarge': 384,
  'db.r7g.16xlarge': 512,
};

/** Instance classes that earn CPU credits; RDS warns against them for production load. */
export function isBurstable(instanceClass: string): boolean {
  return /^db\.t\d/.test(instanceClass);
}

/** Memory of `instanceClass`, or `override` when given; fails naming the prop otherwise. */
export function instanceMemoryGiB(scope: IConstruct, prop: string, instanceClass: string, override: number | undefined, overrideProp: string): number {
  if (override !== undefined) return override;
  const memory = DB_INSTANCE_CLASS_MEMORY_GIB[instanceClass];
  if (memory === undefined) {
    invalid(
      scope,
      prop,
      instanceClass,
      'is not in the table of DB instance classes whose memory this construct knows',
      `use one of ${Object.keys(DB_INSTANCE_CLASS_MEMORY_GIB).join(', ')}, or pass ${overrideProp} (GiB, from the AWS hardware specifications)`,
    );
  }
  return memory;
}

/**
 * vCPUs of a DB instance class from its size: micro, small, medium and large have 2; xlarge 4;
 * Nxlarge 4 x N. This holds for every current class family in AWS docs, Hardware
 * specifications for DB instance classes
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html).
 * Fails naming the prop for a size it cannot read (metal).
 */
export function instanceVcpus(scope: IConstruct, prop: string, instanceClass: string): number {
  const size = /^db\.[a-z0-9-]+\.(micro|small|medium|large|xlarge|(\d+)xlarge)$/.exec(instanceClass);
  if (!size) {
    invalid(scope, prop, instanceClass, 'has a size whose vCPU count this construct cannot derive (it sets max_worker_processes from the primary\'s vCPUs)', 'use a class of size micro to 48xlarge, such as "db.r7g.2xlarge"');
  }
  if (size[2] !== undefined) return 4 * Number(size[2]);
  return size[1] === 'xlarge' ? 4 : 2;
}
