import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IGrantable, PolicyDocument, PolicyStatement } from '../../lib/iam';
import { checkName, checkProps, checkString, IAM_ROLE_NAME_MAX_LENGTH } from '../../lib/validation';
import { invalid } from '../../lib/errors';
import { ServiceAccountRef } from '../eks-cluster/controller-roles';
import { createPodIdentityRole, PodIdentityRole } from '../eks-cluster/pod-identity-role';

/** Kubernetes names (DNS-1123 labels). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface ServiceIdentityProps {
  /** The cluster's name attribute (a reference, so the association waits for the cluster). */
  readonly clusterName: string;
  /** Prefix of the role name (the environment): the role is `<namePrefix>-svc-<service account name>`. */
  readonly namePrefix: string;
  /**
   * The service account the service's pods run as: `workloadServiceAccount(namespace, name)`,
   * which ServiceWorkload uses.
   */
  readonly serviceAccount: ServiceAccountRef;
  /**
   * Full role name, for a service whose name makes the default longer than 64 characters.
   * @default `<namePrefix>-svc-<service account name>`
   */
  readonly roleName?: string;
}

/**
 * One service's AWS identity: an IAM role its pods assume through EKS Pod Identity (bound to
 * the service account its ServiceWorkload runs as), granted exactly what the service uses,
 * by the data stores' grant methods:
 *
 * ```ts
 * const identity = new ServiceIdentity(this, 'identity-orders', { clusterName, namePrefix: 'prod', serviceAccount });
 * database.grantConnect(identity, database.masterUsername); // rds-db:connect through RDS Proxy
 * cache.grantConnect(identity, cache.addUser('orders', 'on ~orders:* +@all -@dangerous'));
 * ```
 *
 * A role granted nothing has no policy: the pods get credentials that allow nothing.
 * AWS resources only: it belongs in the environment's AWS stack.
 */
export class ServiceIdentity extends Construct implements IGrantable {
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly serviceAccount: ServiceAccountRef;
  private readonly identity: PodIdentityRole;

  constructor(scope: Construct, id: string, props: ServiceIdentityProps) {
    super(scope, id);
    checkProps(this, props, `{ clusterName, namePrefix: 'prod', serviceAccount: workloadServiceAccount('services', 'orders') }`);
    checkString(this, 'clusterName', props.clusterName, true);
    const account = props.serviceAccount;
    if (typeof account !== 'object' || account === null) invalid(this, 'serviceAccount', account, 'is required', "pass workloadServiceAccount('<namespace>', '<service>')");
    checkName(this, 'serviceAccount.namespace', account.namespace, { maxLength: 63, pattern: DNS_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'namespace' });
    checkName(this, 'serviceAccount.name', account.name, { maxLength: 253, pattern: DNS_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'service account name' });
    checkName(this, 'namePrefix', props.namePrefix, { maxLength: IAM_ROLE_NAME_MAX_LENGTH, pattern: /^[\w+=,.@-]+$/, charset: 'letters, digits and +=,.@_-', what: 'IAM role name prefix' });
    const roleName = props.roleName ?? `${props.namePrefix}-svc-${account.name}`;
    checkName(this, props.roleName === undefined ? 'serviceAccount.name' : 'roleName', roleName, {
      maxLength: IAM_ROLE_NAME_MAX_LENGTH,
      pattern: /^[\w+=,.@-]+$/,
      charset: 'letters, digits and +=,.@_-',
      what: `IAM role name ("${roleName}")`,
    });
    this.serviceAccount = account;

    this.identity = createPodIdentityRole(this, {
      clusterName: props.clusterName,
      roleName,
      description: `Service ${account.namespace}/${account.name} of ${props.namePrefix}: what its pods may reach (EKS Pod Identity)`,
      serviceAccount: account,
      policy: { id: 'grants', name: 'data-store-access' },
    });
    this.role = this.identity.role;
    this.roleArn = this.role.arn;
  }

  /** Adds a statement to the service's inline policy (the data stores' grant methods call it). */
  public addToPrincipalPolicy(statement: PolicyStatement): void {
    this.identity.addToPrincipalPolicy(statement);
  }

  /** What the service has been granted so far. */
  public get policyDocument(): PolicyDocument {
    return this.identity.policyDocument;
  }
}
