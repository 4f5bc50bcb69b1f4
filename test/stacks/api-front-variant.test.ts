import * as fs from 'fs';
import * as path from 'path';
import { Environment } from '../../constructs/environment';
import { MANAGED_CACHING_DISABLED_POLICY_ID } from '../../constructs/api-front';
import { EnvironmentConfig, planEnvironment } from '../../lib/config/environment';
import { ValidationError } from '../../lib/errors';
import { dev, ENVIRONMENTS } from '../../stacks/environments';
import { DEV_WITH_API_FRONT } from '../support/api-front-variant';
import { apiFrontVariantStackDir } from '../support/app-synth';
import { allOf, onlyOf, resourcesOf, SynthesizedStack } from '../support/synth';
import { testApp } from '../support/temp';

/**
 * dev with CloudFront in front of the API, synthesized as the reference app would (the policy
 * applies at synth; once per run, by the global setup): the wiring the API front needs across
 * the tiers. The same synthesized stack plans offline in test/real-tools/terraform.test.ts.
 */
describe('an environment with the API front (dev, cdn.apiFront)', () => {
  const name = DEV_WITH_API_FRONT.name;
  const stack = JSON.parse(fs.readFileSync(path.join(apiFrontVariantStackDir(), 'cdk.tf.json'), 'utf8')) as SynthesizedStack & { output: Record<string, unknown> };
  const plan = planEnvironment(DEV_WITH_API_FRONT);
  const zone = DEV_WITH_API_FRONT.domain.zoneName;

  test('THEN the reference environments keep it off, as the cost comparison says (README, CDN)', () => {
    expect(ENVIRONMENTS.map((e) => [e.name, e.cdn?.apiFront ?? false])).toEqual(ENVIRONMENTS.map((e) => [e.name, false]));
  });

  test('THEN the apex points at the API distribution and the ALBs answer at origin.<zone>, weighted, one record per planned ALB', () => {
    const records = allOf(stack, 'aws_route53_record').filter((r) => r.alias !== undefined);
    const apex = records.filter((r) => r.name === zone);
    expect(apex).toHaveLength(1);
    expect(JSON.stringify(apex[0].alias)).toMatch(/aws_cloudfront_distribution\.api-front_distribution_/);
    const origin = records.filter((r) => r.name === `origin.${zone}`);
    expect(origin).toHaveLength(plan.alb.count);
    for (const r of origin) expect(JSON.stringify(r.alias)).toMatch(/aws_lb\.edge_alb-nginx_alb-/);
    const distributions = allOf(stack, 'aws_cloudfront_distribution');
    expect(distributions).toHaveLength(2);
    const api = distributions.find((d) => d.comment === `API of ${name}`)!;
    expect((api.origin as { domain_name: string }[])[0].domain_name).toBe(`origin.${zone}`);
    expect((api.ordered_cache_behavior as { path_pattern: string; cache_policy_id: string }[]).map((b) => [b.path_pattern, b.cache_policy_id])).toEqual([['/api/*', MANAGED_CACHING_DISABLED_POLICY_ID]]);
  });

  test('THEN the ALBs\' certificate is for the origin name, and nginx trusts CloudFront-Viewer-Address and requires the origin header', () => {
    const certificates = allOf(stack, 'aws_acm_certificate').map((c) => c.domain_name).sort();
    expect(certificates).toEqual([zone, `origin.${zone}`, `static.${zone}`].sort());
    const template = allOf(stack, 'aws_launch_template').find((t) => String(t.name_prefix ?? t.name).includes('nginx'))!;
    const userData = String(template.user_data);
    const conf = /path: \/etc\/nginx\/nginx\.conf\\n.*?content: ([A-Za-z0-9+/=]+)/.exec(userData)![1];
    const nginxConf = Buffer.from(conf, 'base64').toString('utf8');
    expect(nginxConf).toContain('real_ip_header CloudFront-Viewer-Address;');
    expect(nginxConf).toContain('map $http_x_origin_verify $origin_verified {');
    expect(userData).toMatch(/SECRET_ARN=\$\{aws_secretsmanager_secret\.origin-verify_secret_/);
  });

  test('THEN the ALB tier\'s LCU plan takes CloudFront\'s origin connections from plan.cdn, not the clients\'', () => {
    const direct = planEnvironment({ ...DEV_WITH_API_FRONT, cdn: { ...DEV_WITH_API_FRONT.cdn, apiFront: false } });
    expect(plan.cdn.apiFront).toBe(true);
    // LCU new-connection dimension: new connections/s over 25 per LCU (AWS pricing page); CloudFront's are plan.cdn's.
    expect(plan.alb.lcuByDimension.newConnections * 25).toBeCloseTo(plan.cdn.apiOriginNewConnectionsPerSecond, 6);
    expect(plan.alb.lcuByDimension.newConnections).toBeLessThan(direct.alb.lcuByDimension.newConnections);
    expect(plan.alb.lcuByDimension.processedBytes).toBeCloseTo(direct.alb.lcuByDimension.processedBytes, 6);
  });

  test('THEN the API distribution\'s 5xx and origin-latency alarms are in the environment\'s composite (the stack is in us-east-1) and on the dashboard', () => {
    const alarms = allOf(stack, 'aws_cloudwatch_metric_alarm').map((a) => String(a.alarm_name));
    expect(alarms.filter((a) => a.includes('cdn-api-'))).toEqual(expect.arrayContaining([expect.stringContaining('cdn-api-5xx-rate'), expect.stringContaining('cdn-api-origin-latency-p95')]));
    const [apiErrors] = Object.entries(resourcesOf(stack, 'aws_cloudwatch_metric_alarm')).find(([, a]) => String(a.alarm_name).endsWith('cdn-api-5xx-rate'))!;
    const composites = allOf(stack, 'aws_cloudwatch_composite_alarm').map((c) => String(c.alarm_rule));
    expect(composites.some((rule) => rule.includes(`aws_cloudwatch_metric_alarm.${apiErrors}.alarm_name`))).toBe(true);
    const dashboard = String(onlyOf(stack, 'aws_cloudwatch_dashboard').dashboard_body);
    expect(dashboard).toContain('api-front_distribution_');
  });

  test('THEN only the CloudFront-scope web ACLs exist: the ALBs carry none, so no client is counted twice', () => {
    expect(allOf(stack, 'aws_wafv2_web_acl').map((a) => a.scope)).toEqual(['CLOUDFRONT', 'CLOUDFRONT']);
    expect(allOf(stack, 'aws_wafv2_web_acl_association')).toHaveLength(0);
    expect(Object.keys(stack.output)).toEqual(expect.arrayContaining(['api_front_distribution_id', 'api_origin_domain']));
  });

  test.each([
    ['no prefix list id', { apiFront: true }, /config\.cdn\.originFacingPrefixListId = undefined is required with cdn\.apiFront/],
  ])('GIVEN apiFront with %s THEN the stack refuses it at synth', (_what, cdn, message) => {
    const build = () => new Environment(testApp(), 'dev', { config: { ...dev, cdn } as EnvironmentConfig });
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });
});
