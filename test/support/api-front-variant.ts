import { EnvironmentConfig } from '../../lib/config/environment';
import { dev } from '../../stacks/environments';

/**
 * dev with CloudFront in front of the API. Every reference environment keeps `cdn.apiFront`
 * off (the cost comparison prices the front above the direct ALBs, README "CDN"), so the API
 * front is synthesized, policy-checked and planned offline through this variant. The prefix
 * list id stands for the one `aws ec2 describe-managed-prefix-lists` prints for
 * com.amazonaws.global.cloudfront.origin-facing; the offline plan never resolves it.
 */
export const DEV_WITH_API_FRONT: EnvironmentConfig = {
  ...dev,
  name: 'devfront',
  cdn: { ...dev.cdn, apiFront: true, originFacingPrefixListId: 'pl-3b927c52' },
};
