import * as fs from 'fs';
import * as path from 'path';
import { synthesizeReferenceApp } from '../support/app-synth';
import { scanForSecrets } from '../support/secrets';
import { Acknowledgement, identityOf, Identities, protectionProblems, replacementsOf, STATEFUL_TYPES, StatefulResource, statefulResourcesOf, unclassifiedTypes } from '../support/stateful';

/**
 * Nothing stateful is lost by a deploy:
 *  1. every production stateful resource is protected (deletion protection where AWS has it,
 *     prevent_destroy, final snapshots / backups);
 *  2. no production stateful resource is replaced by accident: its identity (address and
 *     force-new attributes) matches the committed prod-stateful-identities.json unless the
 *     change is acknowledged below with a reason;
 *  3. no secret is written in plaintext into any synthesized file of any environment.
 *
 * After an intended change: acknowledge it in ACKNOWLEDGED, then refresh the file with
 *   UPDATE_STATEFUL_IDENTITIES=1 npx jest test/stacks/nothing-lost.test.ts
 * and commit both; the diff of the JSON is what reviewers read.
 */
const IDENTITIES_FILE = path.join(__dirname, 'prod-stateful-identities.json');
const PRODUCTION_STACKS = ['prod'];

/** Changes to prod's stateful identities that were reviewed and accepted, each with its reason. */
const ACKNOWLEDGED: readonly Acknowledgement[] = [
  {
    key: 'prod/aws_eks_cluster.compute_eks_cluster_CE4CEC23',
    attribute: 'access_config',
    reason:
      'issue 19: the reference prod config now makes the cluster creator its admin (clusterAccess.clusterCreatorAdmin), the only deployer access a config without an account-specific role ARN can name. ' +
      'A prod cluster created before had no way in for the platform deploy; one that must stay sets clusterAccess.deployerRoleArn instead, which keeps access_config unchanged',
  },
];


const app = synthesizeReferenceApp();
const prodStateful: StatefulResource[] = PRODUCTION_STACKS.filter((s) => app.stacks[s]).flatMap((s) => statefulResourcesOf(s, app.stacks[s]));

function currentIdentities(): Identities {
  const result: Identities = {};
  // Read replicas hold no data of their own; the capacity plan may add or remove them freely.
  const guarded = prodStateful.filter((r) => r.body.replicate_source_db === undefined);
  for (const r of guarded.sort((a, b) => a.key.localeCompare(b.key))) result[r.key] = { type: r.type, path: r.path, identity: identityOf(r) };
  return result;
}

describe('nothing lost: production stateful resources are protected', () => {
  test('prod has stateful resources to guard', () => {
    expect(prodStateful.length).toBeGreaterThan(0);
  });

  test.each(STATEFUL_TYPES.map((t) => t.type))('every %s in prod is protected', (type) => {
    const problems = prodStateful.filter((r) => r.type === type).flatMap((r) => protectionProblems(r).map((p) => `${r.key} (${r.path}): ${p}`));
    expect(problems).toEqual([]);
  });

  test.each(PRODUCTION_STACKS)('every resource type of %s is classified as stateful (guarded) or stateless (with the reason), so a new stateful type cannot slip past the guard', (stack) => {
    expect({ unclassified: unclassifiedTypes(app.stacks[stack]), fix: 'add the type to STATEFUL_TYPES (with its production requirements) or STATELESS_TYPES in test/support/stateful.ts' }).toEqual({ unclassified: [], fix: expect.any(String) });
  });

  test('every backup vault in prod is locked, in compliance mode, and keeps recovery points at least a day', () => {
    const stack = app.stacks.prod;
    const vaults = Object.keys(stack.resource?.aws_backup_vault ?? {});
    const locks = Object.values(stack.resource?.aws_backup_vault_lock_configuration ?? {});
    expect(vaults.length).toBeGreaterThan(0);
    for (const vault of vaults) {
      const lock = locks.find((l) => l.backup_vault_name === `\${aws_backup_vault.${vault}.name}`);
      expect({ vault, lock: lock && { compliance: typeof lock.changeable_for_days === 'number', minDays: (lock.min_retention_days as number) >= 1 } }).toEqual({ vault, lock: { compliance: true, minDays: true } });
    }
  });

  test('GIVEN unprotected vaults, secrets, repositories, zones THEN the guard names each gap', () => {
    const of = (type: string, body: Record<string, unknown>): StatefulResource => ({ key: `prod/${type}.x`, type, path: 'prod/x', body });
    expect(protectionProblems(of('aws_backup_vault', { name: 'v', force_destroy: true }))).toEqual(['lifecycle.prevent_destroy is not true', 'force_destroy is true: destroy would delete every recovery point']);
    expect(protectionProblems(of('aws_backup_vault', { name: 'v', lifecycle: { prevent_destroy: true } }))).toEqual([]);
    expect(protectionProblems(of('aws_secretsmanager_secret', { name: 's', recovery_window_in_days: 0 }))).toEqual(['lifecycle.prevent_destroy is not true', 'recovery_window_in_days is 0, expected 7 to 30 (0 deletes at once)']);
    expect(protectionProblems(of('aws_ecr_repository', { name: 'r', force_delete: true, lifecycle: { prevent_destroy: true } }))).toEqual(['force_delete is true: destroy would delete every image the deployments run']);
    expect(protectionProblems(of('aws_route53_zone', { name: 'example.org', force_destroy: true }))).toEqual(['lifecycle.prevent_destroy is not true', 'force_destroy is true on a public zone: destroy would delete its records']);
    expect(protectionProblems(of('aws_route53_zone', { name: 'db.internal', vpc: [{ vpc_id: 'vpc-1' }] }))).toEqual([]);
    expect(unclassifiedTypes({ resource: { aws_backup_vault: {}, aws_dynamodb_table: {}, aws_vpc: {} } })).toEqual(['aws_dynamodb_table']);
  });

  test('GIVEN an unprotected database THEN the guard reports every missing protection', () => {
    const unprotected: StatefulResource = { key: 'prod/aws_db_instance.x', type: 'aws_db_instance', path: 'prod/db', body: { identifier: 'x', skip_final_snapshot: true, backup_retention_period: 0 } };
    expect(protectionProblems(unprotected)).toEqual([
      'lifecycle.prevent_destroy is not true',
      'deletion_protection is undefined, expected true',
      'skip_final_snapshot is true',
      'backup_retention_period is 0, expected at least 1',
    ]);
    const replica: StatefulResource = { ...unprotected, body: { replicate_source_db: 'x' } };
    expect(protectionProblems(replica)).toEqual(['a read replica must set skip_final_snapshot = true (replicas cannot take a final snapshot, so destroy would fail)']);
  });
});

describe('nothing lost: no accidental replacement in prod', () => {
  const current = currentIdentities();
  if (process.env.UPDATE_STATEFUL_IDENTITIES) fs.writeFileSync(IDENTITIES_FILE, `${JSON.stringify(current, null, 2)}\n`);
  const committed = JSON.parse(fs.readFileSync(IDENTITIES_FILE, 'utf8')) as Identities;

  test('no force-new attribute of a committed stateful resource changes unacknowledged', () => {
    expect(replacementsOf(committed, current, ACKNOWLEDGED)).toEqual([]);
  });

  test('every stateful resource in prod is in the committed file (so it is guarded from now on)', () => {
    const missing = Object.keys(current).filter((key) => !committed[key]);
    expect({ missing, fix: 'UPDATE_STATEFUL_IDENTITIES=1 npx jest test/stacks/nothing-lost.test.ts' }).toEqual({ missing: [], fix: expect.any(String) });
  });

  test('every acknowledgement has a reason and still refers to a committed resource', () => {
    for (const a of ACKNOWLEDGED) {
      expect(a.reason.trim().length).toBeGreaterThan(10);
      expect(Object.keys(committed)).toContain(a.key);
    }
  });

  test('GIVEN a renamed KMS key construct and a changed RDS engine THEN the guard fails unless acknowledged', () => {
    const before: Identities = {
      'prod/aws_kms_key.old': { type: 'aws_kms_key', path: 'prod/key', identity: {} },
      'prod/aws_db_instance.db': { type: 'aws_db_instance', path: 'prod/db', identity: { identifier: 'orders', engine: 'postgres' } },
    };
    const after: Identities = { 'prod/aws_db_instance.db': { type: 'aws_db_instance', path: 'prod/db', identity: { identifier: 'orders', engine: 'aurora-postgresql' } } };
    expect(replacementsOf(before, after, [])).toEqual([
      'prod/aws_kms_key.old (prod/key) is gone: Terraform would destroy it (a renamed construct changes the address; use moveTo, or acknowledge)',
      'prod/aws_db_instance.db.engine changes from "postgres" to "aurora-postgresql", which replaces the resource',
    ]);
    expect(
      replacementsOf(before, after, [
        { key: 'prod/aws_kms_key.old', attribute: '*', reason: 'key retired after re-encrypting with the new key' },
        { key: 'prod/aws_db_instance.db', attribute: 'engine', reason: 'migration to Aurora rehearsed in staging' },
      ]),
    ).toEqual([]);
  });
});

describe('nothing lost: no secret in plaintext in any synthesized file', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      // The real-tools terraform test runs `terraform init` in this shared outdir in parallel:
      // its .terraform folder (provider binaries, symlinks) is not synthesized output.
      if (entry.name === '.terraform' || entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(app.outdir);

  test('every stack of every environment was synthesized and scanned', () => {
    expect(Object.keys(app.stacks).length).toBeGreaterThanOrEqual(3);
    for (const stack of Object.keys(app.stacks)) expect(files.some((f) => f.includes(`${path.sep}${stack}${path.sep}`))).toBe(true);
  });

  test('no file holds a secret', () => {
    const findings = files.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      let document: unknown = text;
      try {
        document = JSON.parse(text);
      } catch {
        // not JSON (an asset): scan it as text
      }
      return scanForSecrets(path.relative(app.outdir, file), document);
    });
    expect(findings).toEqual([]);
  });

  test('GIVEN secrets in a document THEN the scan finds each kind', () => {
    const pem = ['-----BEGIN RSA', 'PRIVATE KEY-----\nMIIB...'].join(' ');
    const userData = Buffer.from(`#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${'AKIA'}${'ABCDEFGHIJKLMNOP'}\n`).toString('base64');
    const document = {
      resource: {
        aws_db_instance: { db: { password: 'hunter2-but-longer', manage_master_user_password: true } },
        aws_elasticache_replication_group: { cache: { auth_token: '${random_password.x.result}' } },
        aws_secretsmanager_secret_version: { v: { secret_string: '{"password":"x"}' } },
        aws_instance: { i: { user_data_base64: userData } },
        tls: { k: { content: pem } },
        aws_launch_template: { lt: { metadata_options: { http_tokens: 'required' } } },
      },
    };
    expect(scanForSecrets('f', document).map((f) => `${f.where}: ${f.why}`)).toEqual([
      'resource.aws_db_instance.db.password: literal value of secret-like key "password"',
      'resource.aws_secretsmanager_secret_version.v.secret_string: literal value of secret-like key "secret_string"',
      'resource.aws_instance.i.user_data_base64: an AWS access key id (base64-encoded)',
      'resource.tls.k.content: a PEM private key',
    ]);
  });
});
