import { fail, notApplicable, pass, PolicyRule } from '../rule';
import { isFalse, isTrue } from '../stack-view';

export const KMS_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_7',
    title: 'Ensure rotation for customer created CMKs is enabled',
    resourceTypes: ['aws_kms_key'],
    fix: 'set enableKeyRotation: true (constructs/encryption-key does)',
    check(r) {
      const spec = String(r.config.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT');
      if (spec !== 'SYMMETRIC_DEFAULT') return notApplicable(`${spec} keys cannot rotate automatically`);
      return isTrue(r.config.enable_key_rotation) ? pass() : fail('enable_key_rotation is not true');
    },
  },
  {
    id: 'CKV_AWS_227',
    title: 'Ensure KMS key is enabled',
    resourceTypes: ['aws_kms_key'],
    fix: 'remove isEnabled: false; a disabled key makes every resource it encrypts unreadable',
    check: (r) => (isFalse(r.config.is_enabled) ? fail('is_enabled is false') : pass()),
  },
];
