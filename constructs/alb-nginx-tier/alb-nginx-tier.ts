import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { invalid } from '../../lib/errors';
import { PolicyDocument, PolicyStatement } from '../../lib/iam';
import { appliesTo, NginxConfig, RealIpHeader, renderNginxConf, renderNginxUpstreams, validateNginxConfig } from '../../lib/nginx';
import { DESIGN_NOTES_RATE_LIMITS } from '../../lib/rate-limits';
import { checkPlanSlice, planned, plannedRequired } from '../../lib/plan-slice';
import { checkAlbSslPolicy, checkAmiId, checkBoolean, checkDnsName, checkImageArchitecture, checkInteger, checkLiteralInteger, checkName, checkOneOf, checkProps, checkRequiredObject, isUnresolved } from '../../lib/validation';
import { checkLogRetention, cloudWatchLogsKeyGrant } from '../../lib/log-retention';
import { Protection, resolveProtection } from '../../lib/protection';
import { EncryptionKey } from '../encryption-key';
import { dnsValidatedCertificate } from '../private/dns-validated-certificate';
import { AutoScalingGroup, DRAIN_LIFECYCLE_HOOK_NAME } from '../auto-scaling-group';
import { Connections, isConnectable, Port } from '../connections';
import { checkConnectables } from '../connections/connections';
import { ServiceEndpoint } from '../../lib/service-endpoints';
import { AccessLogBucket } from './access-log-bucket';
import { AlbNginxTierProps, DesyncMitigationMode, NginxFleetSize } from './alb-nginx-tier-props';
import type { ApiOrigin } from '../api-front/api-front-props';
import { EdgeWebAcl } from './edge-web-acl';
import { renderNginxUserData } from './nginx-user-data';

/** ALB and target group names: 32 characters. https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html */
export const ELB_NAME_MAX = 32;
/** Reserved LCUs per ALB. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html */
export const ALB_RESERVED_LCU_MAX = 15_000;
/** Targets per target group (instances), and per ALB. Same page. */
export const TARGETS_PER_TARGET_GROUP_MAX = 1_000;
/** Application Load Balancers per Region (default quota). Same page. */
export const ALBS_PER_REGION_MAX = 50;
/** ALB idle timeout: 1 to 4,000 seconds. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout */
const IDLE_TIMEOUT_MAX = 4_000;
/** Slow start: 30 to 900 seconds (0 disables). https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#slow-start-mode */
const SLOW_START_MIN = 30;
const SLOW_START_MAX = 900;
/** Deregistration delay: 0 to 3,600 seconds. Same page. */
const DEREGISTRATION_DELAY_MAX = 3_600;
const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;
const DEFAULT_SLOW_START_SECONDS = 60;
/** nginx keeps client connections this much longer than the ALB (AWS: the target's keep-alive must exceed the ALB idle timeout). */
export const KEEPALIVE_MARGIN_SECONDS = 15;
/** Health check: every 10 s, two answers to change state; about 20 s to take a failed instance out. */
const HEALTH_CHECK_INTERVAL_SECONDS = 10;
const HEALTH_CHECK_TIMEOUT_SECONDS = 5;
const HEALTH_CHECK_THRESHOLD = 2;
const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const HTTPS_PORT = 443;
const HTTP_PORT = 80;
/** nginx's ports on the instances. */
export const NGINX_TRAFFIC_PORT = 8080;
export const NGINX_STATUS_PORT = 8081;
export const NGINX_HEALTH_PATH = '/nginx-health';
/** With `azAffineUpstreams`: where an instance installs its AZ's upstream blocks at boot (nginx.conf includes it). */
export const NGINX_UPSTREAMS_PATH = '/etc/nginx/upstreams.conf';
/** Longest `name` that keeps `<name>-edge-<i>` and `<name>-nginx-<i>` within 32 characters for up to 50 ALBs. */
const NAME_MAX = ELB_NAME_MAX - '-nginx-49'.length;
const ACCESS_LOG_PREFIX = 'alb';
/** Where the instances write the values of the API front's origin header nginx accepts (a `map` include). */
export const ORIGIN_VERIFY_VALUES_PATH = '/etc/nginx/origin-verify.map';
/** AWS-managed prefix list ids. https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html */
const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;
/** Time for the drain watcher to notice (it polls every 5 s) and complete the lifecycle action. */
const DRAIN_MARGIN_SECONDS = 30;

/**
 * nginx settings that are not sizes: timeouts and retry budgets. Sources: nginx's own
 * defaults where they fit (`proxy_connect_timeout` 60 s is far too long behind an NLB in
 * the same VPC), the design notes' upstream settings (design-notes/001: max_fails=3,
 * fail_timeout=30s, proxy_next_upstream_tries 3, proxy_next_upstream_timeout 10s,
 * keepalive 64, limit_conn 1000) and the services' keep-alive (Node.js: 5 s).
 */
export const NGINX_DEFAULTS = {
  upstreamKeepaliveConnections: 64,
  upstreamKeepaliveTimeoutSeconds: 4,
  proxyConnectTimeoutSeconds: 2,
  proxySendTimeoutSeconds: 10,
  proxyReadTimeoutSeconds: 30,
  nextUpstreamTries: 3,
  nextUpstreamTimeoutSeconds: 10,
  upstreamMaxFails: 3,
  upstreamFailTimeoutSeconds: 30,
  maxConcurrentRequestsPerClientIp: 1_000,
} as const;

/**
 * The edge of an environment: N internet-facing ALBs (LCU reservation, TLS 1.3, HTTP that
 * only redirects, WAF, access logs) in the public subnets, each forwarding to its own
 * target group (a target group belongs to one load balancer) of one nginx Auto Scaling
 * group in the app subnets, and a weighted Route 53 alias record per ALB.
 *
 * nginx.conf is rendered at synth time from typed config (lib/nginx) and shipped in the
 * instances' cloud-init; a change creates a new launch template version, and the group's
 * instance refresh rolls it out.
 */
export class AlbNginxTier extends Construct {
  public readonly albs: Lb[];
  public readonly targetGroups: LbTargetGroup[];
  /** LCUs reserved on each ALB (`lcuReservationPerAlb`); undefined without a reservation. */
  public readonly reservedLcuPerAlb?: number;
  public readonly fleet: AutoScalingGroup;
  /** The regional web ACL on the ALBs; undefined with `cdnOrigin` (the distribution's web ACL inspects every request). */
  public readonly webAcl?: EdgeWebAcl;
  /** The tier as CloudFront's origin (ApiFront `origin`); undefined without `cdnOrigin`. */
  public readonly apiOrigin?: ApiOrigin;
  public readonly accessLogs: AccessLogBucket;
  public readonly albSecurityGroupId: string;
  public readonly nginxSecurityGroupId: string;
  /** The ALBs' group (clients on 80 and 443 from anywhere; out only to nginx). */
  public readonly albConnections: Connections;
  /** The nginx fleet's group: `ingress.connections.allowFrom(tier.nginxConnections, ...)` is what the tier does with its ingress. */
  public readonly nginxConnections: Connections;
  /** The services nginx routes to (the ingress's endpoints, or `upstreams`). */
  public readonly upstreams: ServiceEndpoint[];
  /** The nginx config the instances run. */
  public readonly nginxConfig: NginxConfig;
  /** The rendered nginx.conf, exactly as deployed (with `azAffineUpstreams`, it includes `/etc/nginx/upstreams.conf`). */
  public readonly nginxConf: string;
  /**
   * With `azAffineUpstreams`: per AZ name, the upstream blocks an instance in that AZ installs
   * at `/etc/nginx/upstreams.conf` (that AZ's address primary, the others backup).
   */
  public readonly upstreamsByAz?: Readonly<Record<string, string>>;
  /** The name clients use, when TLS is configured. */
  public readonly domainName?: string;
  public readonly certificateArn?: string;

  constructor(scope: Construct, id: string, given: AlbNginxTierProps) {
    super(scope, id);
    checkProps(this, given, `{ name: 'prod', network, capacity: { alb: plan.alb, nginx: plan.nginx }, ingress }`);
    checkRequiredObject(this, 'network', given.network, 'pass the Network construct, or Network.fromAttributes({ ... }) for a VPC made elsewhere');
    const props = this.sized(given);
    const protection = this.validate(props);
    const name = props.name;
    const upstreams = props.ingress ? props.ingress.endpoints : props.upstreams!;
    this.upstreams = upstreams;
    const network = props.network;
    const idleTimeout = props.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
    const deregistrationDelay = props.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS;

    this.nginxConfig = {
      listenPort: NGINX_TRAFFIC_PORT,
      statusPort: NGINX_STATUS_PORT,
      healthPath: NGINX_HEALTH_PATH,
      upstreams,
      trustedProxyCidrs: [network.vpcCidr],
      workerConnections: props.fleet.workerConnections,
      keepaliveTimeoutSeconds: idleTimeout + KEEPALIVE_MARGIN_SECONDS,
      rateLimits: props.rateLimits ?? DESIGN_NOTES_RATE_LIMITS.filter((tier) => upstreams.some((u) => appliesTo(tier, u))),
      globalRequestsPerSecond: props.fleet.globalRequestsPerSecond,
      gracefulShutdownSeconds: deregistrationDelay,
      ...(props.cdnOrigin ? { realIpHeader: RealIpHeader.CLOUDFRONT_VIEWER_ADDRESS, originVerify: { headerName: props.cdnOrigin.originVerify.headerName, acceptedValuesPath: ORIGIN_VERIFY_VALUES_PATH } } : {}),
      ...NGINX_DEFAULTS,
      ...(props.azAffineUpstreams ? { upstreamsInclude: NGINX_UPSTREAMS_PATH } : {}),
    };
    validateNginxConfig(this, 'nginx', this.nginxConfig);
    this.nginxConf = renderNginxConf(this.nginxConfig);
    if (props.azAffineUpstreams) {
      const byAz: Record<string, string> = {};
      network.appSubnets.forEach((subnet, i) => {
        const config = { ...this.nginxConfig, preferredAddressIndex: i };
        validateNginxConfig(this, `nginx (${subnet.availabilityZone})`, config);
        byAz[subnet.availabilityZone] = renderNginxUpstreams(config);
      });
      this.upstreamsByAz = byAz;
    }

    // Security groups: internet -> ALB (80, 443) -> nginx (traffic port) -> the ingress NLB (its listener ports; the VPC for upstreams made elsewhere).
    const albSg = new SecurityGroup(this, 'alb-sg', { name: `${name}-edge-alb`, description: 'Internet-facing ALBs of the edge tier', vpcId: network.vpcId, tags: { Name: `${name}-edge-alb` } });
    const nginxSg = new SecurityGroup(this, 'nginx-sg', { name: `${name}-nginx`, description: 'nginx instances behind the edge ALBs', vpcId: network.vpcId, tags: { Name: `${name}-nginx` } });
    this.albSecurityGroupId = albSg.id;
    this.nginxSecurityGroupId = nginxSg.id;
    this.albConnections = new Connections({ securityGroups: [{ securityGroupId: albSg.id, owner: this, name: 'alb' }] });
    this.nginxConnections = new Connections({ securityGroups: [{ securityGroupId: nginxSg.id, owner: this, name: 'nginx' }] });
    if (props.cdnOrigin) {
      // Only CloudFront's origin-facing servers, and only HTTPS (the distribution's origin policy is https-only).
      new VpcSecurityGroupIngressRule(this, 'alb-in-cloudfront', { securityGroupId: albSg.id, description: 'CloudFront origin-facing servers, HTTPS', prefixListId: props.cdnOrigin.originFacingPrefixListId, ipProtocol: 'tcp', fromPort: HTTPS_PORT, toPort: HTTPS_PORT });
    } else {
      for (const port of [HTTP_PORT, HTTPS_PORT]) {
        new VpcSecurityGroupIngressRule(this, `alb-in-${port}`, { securityGroupId: albSg.id, description: `Clients, port ${port}`, cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: port, toPort: port });
      }
    }
    new VpcSecurityGroupEgressRule(this, 'alb-out-nginx', { securityGroupId: albSg.id, description: 'To nginx', referencedSecurityGroupId: nginxSg.id, ipProtocol: 'tcp', fromPort: NGINX_TRAFFIC_PORT, toPort: NGINX_TRAFFIC_PORT });
    new VpcSecurityGroupIngressRule(this, 'nginx-in-alb', { securityGroupId: nginxSg.id, description: 'From the ALBs', referencedSecurityGroupId: albSg.id, ipProtocol: 'tcp', fromPort: NGINX_TRAFFIC_PORT, toPort: NGINX_TRAFFIC_PORT });
    // stub_status: an agent on the instance reads it over loopback (no rule needed); only the
    // scrapers named in `statusScrapers` are admitted on its port, never the whole VPC.
    for (const scraper of props.statusScrapers ?? []) {
      this.nginxConnections.allowFrom(scraper, Port.tcp(NGINX_STATUS_PORT), `nginx stub_status scrape (${name})`);
    }
    if (props.ingress) {
      // The NLB admits nginx, and nginx may reach the NLB, on exactly its listener ports.
      for (const endpoint of props.ingress.endpoints) {
        props.ingress.connections.allowFrom(this.nginxConnections, Port.tcp(endpoint.port), `${endpoint.name} from the nginx tier ${name}`);
      }
    } else {
      // Services behind a load balancer made elsewhere: its addresses are in the VPC, its group unknown here.
      const upstreamPorts = [...new Set(upstreams.map((u) => u.port))].sort((a, b) => a - b);
      for (const port of upstreamPorts) {
        new VpcSecurityGroupEgressRule(this, `nginx-out-${port}`, { securityGroupId: nginxSg.id, description: `Upstream service port ${port}`, cidrIpv4: network.vpcCidr, ipProtocol: 'tcp', fromPort: port, toPort: port });
      }
    }
    // Package installs (Amazon Linux repositories), SSM, CloudWatch: HTTPS through the NAT or endpoints.
    new VpcSecurityGroupEgressRule(this, 'nginx-out-https', { securityGroupId: nginxSg.id, description: 'HTTPS to AWS APIs and package repositories', cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: HTTPS_PORT, toPort: HTTPS_PORT });

    this.accessLogs = new AccessLogBucket(this, 'access-logs', {
      namePrefix: `${name}-alb-logs-`,
      region: network.region,
      logPrefix: ACCESS_LOG_PREFIX,
      retentionDays: props.accessLogRetentionDays,
      protection,
    });

    let certificateArn: string | undefined;
    if (props.tls) {
      const zone = props.tls.hostedZone;
      this.domainName = props.tls.domainName ?? zone.zoneName;
      certificateArn = props.tls.certificateArn ?? dnsValidatedCertificate(this, { domainName: this.domainName, zoneId: zone.zoneId });
      this.certificateArn = certificateArn;
    }

    this.albs = [];
    this.targetGroups = [];
    this.reservedLcuPerAlb = props.lcuReservationPerAlb;
    for (let i = 0; i < props.albCount; i++) {
      const alb = new Lb(this, `alb-${i}`, {
        name: `${name}-edge-${i}`,
        internal: false,
        loadBalancerType: 'application',
        securityGroups: [albSg.id],
        subnets: network.publicSubnets.map((s) => s.id),
        idleTimeout,
        dropInvalidHeaderFields: true,
        desyncMitigationMode: props.desyncMitigationMode ?? (protection.productionGuardrails ? DesyncMitigationMode.STRICTEST : DesyncMitigationMode.DEFENSIVE),
        enableDeletionProtection: protection.deletionProtection,
        enableHttp2: true,
        // Off by default on every ALB: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-zonal-shift.html
        enableZonalShift: props.zonalShift ?? true,
        accessLogs: { bucket: this.accessLogs.bucketName, prefix: ACCESS_LOG_PREFIX, enabled: true },
        minimumLoadBalancerCapacity: props.lcuReservationPerAlb ? { capacityUnits: props.lcuReservationPerAlb } : undefined,
        dependsOn: [this.accessLogs.policy],
        tags: { Name: `${name}-edge-${i}` },
      });
      const targetGroup = new LbTargetGroup(this, `nginx-tg-${i}`, {
        name: `${name}-nginx-${i}`,
        port: NGINX_TRAFFIC_PORT,
        protocol: 'HTTP',
        protocolVersion: 'HTTP1',
        targetType: 'instance',
        vpcId: network.vpcId,
        deregistrationDelay: String(deregistrationDelay),
        slowStart: props.slowStartSeconds ?? DEFAULT_SLOW_START_SECONDS,
        healthCheck: {
          enabled: true,
          path: NGINX_HEALTH_PATH,
          port: 'traffic-port',
          protocol: 'HTTP',
          matcher: '200',
          interval: HEALTH_CHECK_INTERVAL_SECONDS,
          timeout: HEALTH_CHECK_TIMEOUT_SECONDS,
          healthyThreshold: HEALTH_CHECK_THRESHOLD,
          unhealthyThreshold: HEALTH_CHECK_THRESHOLD,
        },
        tags: { Name: `${name}-nginx-${i}` },
      });
      if (certificateArn) {
        new LbListener(this, `https-${i}`, {
          loadBalancerArn: alb.arn,
          port: HTTPS_PORT,
          protocol: 'HTTPS',
          sslPolicy: props.tls?.sslPolicy ?? DEFAULT_SSL_POLICY,
          certificateArn,
          defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
        });
        new LbListener(this, `http-${i}`, {
          loadBalancerArn: alb.arn,
          port: HTTP_PORT,
          protocol: 'HTTP',
          defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: String(HTTPS_PORT), statusCode: 'HTTP_301' } }],
        });
      } else {
        // Only outside production (validated): no domain, so plain HTTP forwards.
        new LbListener(this, `http-${i}`, { loadBalancerArn: alb.arn, port: HTTP_PORT, protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }] });
      }
      if (props.tls) {
        new Route53Record(this, `alias-${i}`, {
          zoneId: props.tls.hostedZone.zoneId,
          name: this.domainName!,
          type: 'A',
          setIdentifier: `${name}-edge-${i}`,
          weightedRoutingPolicy: { weight: 1 },
          alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true },
        });
      }
      this.albs.push(alb);
      this.targetGroups.push(targetGroup);
    }

    let blockedRequestLogGroupArn: string | undefined;
    if (!props.cdnOrigin && (props.wafBlockedRequestLogs ?? (props.wafBlockedRequestLogRetentionDays !== undefined))) {
      const key = new EncryptionKey(this, 'waf-log-key', { alias: `${name}-waf-logs`, description: `Encrypts the WAF logs of ${name}`, protection });
      key.grantToService(cloudWatchLogsKeyGrant(network.region, key.partition, key.accountId));
      const group = new CloudwatchLogGroup(this, 'waf-log-group', {
        // WAF delivers only to log groups named aws-waf-logs-*. https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
        name: `aws-waf-logs-${name}-edge`,
        retentionInDays: protection.logRetention(this, 'wafBlockedRequestLogRetentionDays', props.wafBlockedRequestLogRetentionDays),
        kmsKeyId: key.keyArn,
        lifecycle: protection.lifecycle(),
      });
      blockedRequestLogGroupArn = group.arn;
    }
    // Behind CloudFront every request was counted and inspected by the distribution's web ACL:
    // a second ACL here would count each client twice and bill every request twice.
    if (!props.cdnOrigin) {
      this.webAcl = new EdgeWebAcl(this, 'waf', { name: `${name}-edge`, rateLimits: this.nginxConfig.rateLimits, albArns: this.albs.map((a) => a.arn), blockedRequestLogGroupArn });
    } else {
      this.apiOrigin = {
        domainName: this.domainName!,
        loadBalancerArns: this.albs.map((a) => a.arn),
        idleTimeoutSeconds: idleTimeout,
        responseTimeoutSeconds: this.nginxConfig.proxyConnectTimeoutSeconds + this.nginxConfig.proxyReadTimeoutSeconds,
      };
    }

    const groupName = `${name}-nginx`;
    // Every instance is a target of every ALB's group, each ALB carrying 1/N of the requests.
    const perTargetGroup = Math.max(1, Math.floor(props.fleet.requestsPerInstancePerMinute / props.albCount));
    this.fleet = new AutoScalingGroup(this, 'fleet', {
      name: groupName,
      subnets: network.appSubnets,
      instanceType: props.fleet.instanceType,
      imageId: props.imageId,
      userData: renderNginxUserData({
        nginxConf: this.nginxConf,
        workerConnections: props.fleet.workerConnections,
        gracefulShutdownSeconds: deregistrationDelay,
        drainHookName: DRAIN_LIFECYCLE_HOOK_NAME,
        groupName,
        originVerify: props.cdnOrigin ? { secretArn: props.cdnOrigin.originVerify.secretArn, acceptedValuesPath: ORIGIN_VERIFY_VALUES_PATH } : undefined,
        ...(this.upstreamsByAz ? { upstreams: { path: NGINX_UPSTREAMS_PATH, byAz: this.upstreamsByAz } } : {}),
      }),
      connections: this.nginxConnections,
      minSize: props.fleet.minSize,
      desiredCapacity: props.fleet.desiredCapacity,
      maxSize: props.fleet.maxSize,
      targetGroupArns: this.targetGroups.map((tg) => tg.arn),
      requestCountTargets: this.albs.map((alb, i) => ({ resourceLabel: `${alb.arnSuffix}/${this.targetGroups[i].arnSuffix}`, requestsPerTargetPerMinute: perTargetGroup })),
      // The wait covers the ALB's deregistration delay, then nginx's graceful stop (as long
      // again), then the watcher's poll and its API call.
      drainTimeoutSeconds: deregistrationDelay * 2 + DRAIN_MARGIN_SECONDS,
      spot: props.spot,
      scheduledScaling: props.scheduledScaling,
      tags: { Tier: 'edge' },
    });
    new IamRolePolicy(this, 'drain-policy', {
      name: 'complete-drain-lifecycle-action',
      role: this.fleet.role.id,
      policy: new PolicyDocument([
        new PolicyStatement({ actions: ['autoscaling:CompleteLifecycleAction'], resources: ['*'], conditions: { StringEquals: { 'autoscaling:ResourceTag/Name': groupName } } }),
      ]).toJson(),
    });
    if (props.cdnOrigin) {
      new IamRolePolicy(this, 'origin-verify-policy', { name: 'read-origin-verify-values', role: this.fleet.role.id, policy: new PolicyDocument(props.cdnOrigin.originVerify.readStatements()).toJson() });
    }
  }

  /** AZ-affine upstreams need one address per AZ in AZ order, two AZs at least, AZ names known at synth, and an NLB that keeps flows in their AZ. */
  private validateAzAffinity(props: SizedAlbNginxTierProps): void {
    const subnets = props.network.appSubnets;
    if (subnets.length < 2) {
      invalid(this, 'azAffineUpstreams', true, `is on with ${subnets.length} AZ: there is no other AZ to serve as backup`, 'span at least two AZs, or leave azAffineUpstreams off');
    }
    subnets.forEach((subnet, i) => {
      if (isUnresolved(subnet.availabilityZone) || !/^[a-z0-9-]+$/.test(subnet.availabilityZone)) {
        invalid(this, `network.appSubnets[${i}].availabilityZone`, subnet.availabilityZone, 'is not an AZ name known at synth time; an instance finds its upstreams by the AZ name IMDS reports', 'pass a network whose AZ names are literals, e.g. "us-east-1a"');
      }
    });
    const upstreams = props.ingress ? props.ingress.endpoints : (props.upstreams ?? []);
    upstreams.forEach((upstream, i) => {
      if (!Array.isArray(upstream.addresses) || upstream.addresses.length !== subnets.length) {
        invalid(
          this,
          props.ingress ? `ingress.endpoints[${i}].addresses` : `upstreams[${i}].addresses`,
          upstream.addresses,
          `has ${Array.isArray(upstream.addresses) ? upstream.addresses.length : 0} address(es) for ${subnets.length} AZs: AZ-affine upstreams need the load balancer's address in each AZ, in the network's AZ order`,
          'pass one address per AZ (ServiceIngress endpoints have them), or leave azAffineUpstreams off',
        );
      }
    });
    if (props.ingress !== undefined && props.ingress.crossZoneLoadBalancing !== false) {
      invalid(
        this,
        'azAffineUpstreams',
        true,
        `is on while the ingress's NLB has cross-zone load balancing ${props.ingress.crossZoneLoadBalancing === undefined ? 'not known to be off' : 'on'}: its nodes would still spread each AZ's requests over every AZ`,
        'create the ServiceIngress with crossZoneLoadBalancing: false, or leave azAffineUpstreams off',
      );
    }
  }

  /** The sizes: each explicit prop, else the capacity slices'; both and different is an error. */
  private sized(props: AlbNginxTierProps): SizedAlbNginxTierProps {
    const capacity = props.capacity;
    if (capacity !== undefined) checkRequiredObject(this, 'capacity', capacity, 'pass { alb: plan.alb, nginx: plan.nginx }');
    checkPlanSlice(this, 'capacity.alb', capacity?.alb, props.network);
    checkPlanSlice(this, 'capacity.nginx', capacity?.nginx, props.network);
    if (capacity === undefined) checkRequiredObject(this, 'fleet', props.fleet, 'pass capacity: { alb: plan.alb, nginx: plan.nginx }, or the nginx fleet sizes, e.g. fleet: { instanceType, minSize, desiredCapacity, maxSize, requestsPerInstancePerMinute, workerConnections }');
    else if (props.fleet !== undefined) checkRequiredObject(this, 'fleet', props.fleet, 'leave fleet out to take capacity.nginx, or pass an object of fleet sizes');
    const alb = capacity?.alb;
    const nginx = capacity?.nginx;
    const fleet: Partial<NginxFleetSize> = props.fleet ?? {};
    // Reserved LCUs are billed by the hour and the Regional quota of reserved LCUs is 0 until
    // raised (ALB quotas page), so the plan's reservation applies only when asked for, once the
    // quota is granted; until then the ALBs rely on their own scaling.
    checkBoolean(this, 'reserveCapacity', props.reserveCapacity);
    const reserve = props.reserveCapacity === true;
    const sizedFleet = (key: keyof NginxFleetSize & string, fromPlan: number | string | undefined, example: string) => plannedRequired(this, `fleet.${key}`, fleet[key], fromPlan, example);
    return {
      ...props,
      albCount: plannedRequired(this, 'albCount', props.albCount, alb?.count, 'albCount: 2'),
      lcuReservationPerAlb: planned(this, 'lcuReservationPerAlb', props.lcuReservationPerAlb, reserve ? alb?.lcuReservationPerAlb : undefined),
      fleet: {
        instanceType: sizedFleet('instanceType', nginx?.instanceType, "fleet: { instanceType: 'c7g.xlarge', ... }") as string,
        minSize: sizedFleet('minSize', nginx?.minSize, 'fleet: { minSize: 3, ... }') as number,
        desiredCapacity: sizedFleet('desiredCapacity', nginx?.desiredCapacity, 'fleet: { desiredCapacity: 3, ... }') as number,
        maxSize: sizedFleet('maxSize', nginx?.maxSize, 'fleet: { maxSize: 12, ... }') as number,
        requestsPerInstancePerMinute: sizedFleet('requestsPerInstancePerMinute', nginx?.requestCountPerTargetPerMinute, 'fleet: { requestsPerInstancePerMinute: 60000, ... }') as number,
        workerConnections: sizedFleet('workerConnections', nginx?.workerConnections, 'fleet: { workerConnections: 16384, ... }') as number,
        globalRequestsPerSecond: planned(this, 'fleet.globalRequestsPerSecond', fleet.globalRequestsPerSecond, nginx?.globalRequestsPerSecondPerInstance),
      },
    };
  }

  private validate(props: SizedAlbNginxTierProps): Protection {
    const protection = resolveProtection(this, props);
    checkRequiredObject(this, 'network', props.network, 'pass the Network construct, or Network.fromAttributes({ ... }) for a VPC made elsewhere');
    checkRequiredObject(this, 'fleet', props.fleet, 'pass the nginx fleet sizes from the capacity plan, e.g. { instanceType, minSize, desiredCapacity, maxSize, ... }');
    // Issue 21: counts the construct needs at synth time, closed sets, the image's architecture.
    checkLiteralInteger(this, 'albCount', props.albCount, { min: 1, max: ALBS_PER_REGION_MAX, limit: `Application Load Balancers per Region: ${ALBS_PER_REGION_MAX} by default`, decides: 'how many ALBs, target groups, listeners, WAF associations and DNS records there are' });
    checkLiteralInteger(this, 'fleet.requestsPerInstancePerMinute', props.fleet.requestsPerInstancePerMinute, { min: 1, decides: "each ALB target group's request-count target (this figure over albCount)" });
    checkLiteralInteger(this, 'fleet.workerConnections', props.fleet.workerConnections, { min: 1, decides: "nginx's worker_connections, written into nginx.conf" });
    checkLiteralInteger(this, 'fleet.globalRequestsPerSecond', props.fleet.globalRequestsPerSecond, { min: 1, decides: "nginx's per-instance global rate limit, written into nginx.conf" });
    checkAlbSslPolicy(this, 'tls.sslPolicy', props.tls?.sslPolicy);
    checkAmiId(this, 'imageId', props.imageId);
    checkImageArchitecture(this, 'imageId', props.imageId, 'fleet.instanceType', [props.fleet.instanceType]);
    if (props.ingress !== undefined && props.upstreams !== undefined) {
      invalid(this, 'upstreams', props.upstreams.map((u) => u.name), 'is given together with ingress, whose endpoints are the upstreams', 'drop upstreams, or drop ingress for services behind a load balancer made elsewhere');
    }
    if (props.ingress === undefined && props.upstreams === undefined) {
      invalid(this, 'ingress', undefined, 'is required (or upstreams)', 'pass ingress: <the ServiceIngress>, or upstreams: [...] for services behind a load balancer made elsewhere');
    }
    if (props.ingress !== undefined && (!isConnectable(props.ingress) || !Array.isArray(props.ingress.endpoints))) {
      invalid(this, 'ingress', props.ingress, 'is not a service ingress (endpoints and connections)', 'pass the ServiceIngress construct');
    }
    checkBoolean(this, 'azAffineUpstreams', props.azAffineUpstreams);
    if (props.azAffineUpstreams) this.validateAzAffinity(props);
    if (props.tls !== undefined) {
      checkRequiredObject(this, 'tls.hostedZone', props.tls.hostedZone, 'pass the Route 53 zone, e.g. { zoneId: "Z0123456789ABC", zoneName: "prod.example.com" }');
      checkDnsName(this, 'tls.hostedZone.zoneName', props.tls.hostedZone.zoneName);
      checkDnsName(this, 'tls.domainName', props.tls.domainName);
    }
    checkName(this, 'name', props.name, { maxLength: NAME_MAX, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: `name prefix (ALB and target group names "<name>-nginx-<i>" are limited to ${ELB_NAME_MAX} characters)` });
    checkInteger(this, 'albCount', props.albCount, { min: 1, max: ALBS_PER_REGION_MAX, limit: `Application Load Balancers per Region: ${ALBS_PER_REGION_MAX} by default` });
    checkInteger(this, 'lcuReservationPerAlb', props.lcuReservationPerAlb, { min: 0, max: ALB_RESERVED_LCU_MAX, limit: `an ALB reserves at most ${ALB_RESERVED_LCU_MAX.toLocaleString('en-US')} LCUs` });
    if (props.cdnOrigin !== undefined) {
      checkRequiredObject(this, 'cdnOrigin', props.cdnOrigin, 'pass { originFacingPrefixListId: "pl-...", originVerify: <OriginVerifySecret> }');
      const id = props.cdnOrigin.originFacingPrefixListId;
      if (!isUnresolved(id) && (typeof id !== 'string' || !PREFIX_LIST_ID.test(id))) {
        invalid(this, 'cdnOrigin.originFacingPrefixListId', id, 'is not a managed prefix list id (pl- and 8 to 17 hex digits)', 'look it up: aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing');
      }
      const verify = props.cdnOrigin.originVerify as unknown as { headerName?: unknown; secretArn?: unknown; readStatements?: unknown } | undefined;
      if (verify === undefined || verify === null || typeof verify.readStatements !== 'function' || typeof verify.headerName !== 'string') {
        invalid(this, 'cdnOrigin.originVerify', verify, 'is not an OriginVerifySecret', 'create one OriginVerifySecret and pass it here and to ApiFront');
      }
      if (!props.tls) invalid(this, 'tls', props.tls, 'is missing with cdnOrigin: CloudFront reaches the ALBs over HTTPS only', 'pass tls: { hostedZone, domainName: "origin.<zone>" }');
    }
    if (protection.productionGuardrails && !props.tls) {
      invalid(this, 'tls', props.tls, `is missing in production (${protection.name}): the HTTPS listener has no certificate`, `pass tls: { hostedZone } (a certificate is issued and DNS-validated) or tls: { hostedZone, certificateArn }, ${Protection.OPT_OUT}`);
    }
    if (props.tls?.certificateArn !== undefined && !isUnresolved(props.tls.certificateArn) && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/.test(props.tls.certificateArn)) {
      invalid(this, 'tls.certificateArn', props.tls.certificateArn, 'is not an ACM certificate ARN', 'pass arn:aws:acm:<region>:<account>:certificate/<id>, or leave it out to issue one');
    }
    if (props.tls?.domainName !== undefined && !isUnresolved(props.tls.domainName)) {
      const zone = props.tls.hostedZone.zoneName.replace(/\.$/, '');
      const domain = props.tls.domainName.replace(/\.$/, '');
      if (domain !== zone && !domain.endsWith(`.${zone}`)) invalid(this, 'tls.domainName', props.tls.domainName, `is not inside the hosted zone ${zone}`, `use ${zone} or a name under it`);
    }
    checkInteger(this, 'idleTimeoutSeconds', props.idleTimeoutSeconds, { min: 1, max: IDLE_TIMEOUT_MAX });
    checkInteger(this, 'deregistrationDelaySeconds', props.deregistrationDelaySeconds, { min: 1, max: DEREGISTRATION_DELAY_MAX });
    if (props.slowStartSeconds !== undefined && props.slowStartSeconds !== 0) {
      checkInteger(this, 'slowStartSeconds', props.slowStartSeconds, { min: SLOW_START_MIN, max: SLOW_START_MAX, limit: 'slow start lasts 30 to 900 seconds, or 0 to disable' });
    }
    checkOneOf(this, 'desyncMitigationMode', props.desyncMitigationMode, Object.values(DesyncMitigationMode));
    if (props.accessLogRetentionDays !== undefined) checkInteger(this, 'accessLogRetentionDays', props.accessLogRetentionDays, { min: 1 });
    checkLogRetention(this, 'wafBlockedRequestLogRetentionDays', props.wafBlockedRequestLogRetentionDays);
    checkBoolean(this, 'wafBlockedRequestLogs', props.wafBlockedRequestLogs);
    if (props.wafBlockedRequestLogs === false && props.wafBlockedRequestLogRetentionDays !== undefined) {
      invalid(this, 'wafBlockedRequestLogRetentionDays', props.wafBlockedRequestLogRetentionDays, 'is set while wafBlockedRequestLogs is false', 'drop one of the two');
    }
    checkInteger(this, 'fleet.maxSize', props.fleet.maxSize, {
      min: 1,
      max: TARGETS_PER_TARGET_GROUP_MAX,
      limit: `every nginx instance is a target of each ALB's target group, and a target group holds at most ${TARGETS_PER_TARGET_GROUP_MAX} instances`,
    });
    checkInteger(this, 'fleet.requestsPerInstancePerMinute', props.fleet.requestsPerInstancePerMinute, { min: 1 });
    checkConnectables(this, 'statusScrapers', props.statusScrapers);
    return protection;
  }
}

/** Props with every size resolved (explicit or from `capacity`). */
type SizedAlbNginxTierProps = AlbNginxTierProps & { readonly albCount: number; readonly fleet: NginxFleetSize };
