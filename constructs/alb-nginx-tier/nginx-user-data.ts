import { gzipSync } from 'zlib';
import { workerRlimitNofile } from '../../lib/nginx';

export interface NginxUserDataProps {
  /** The rendered nginx.conf. */
  readonly nginxConf: string;
  /** nginx `worker_connections`; the open-file limits are sized from it. */
  readonly workerConnections: number;
  /** Seconds nginx needs to stop gracefully (worker_shutdown_timeout). */
  readonly gracefulShutdownSeconds: number;
  /** Name of the Auto Scaling group's termination lifecycle hook. */
  readonly drainHookName: string;
  /** Name of the Auto Scaling group. */
  readonly groupName: string;
  /**
   * The API front's secret origin header: the instance writes the accepted values from this
   * Secrets Manager secret (JSON `{ "values": [...] }`) into nginx's map include before nginx
   * starts, and again every {@link ORIGIN_VERIFY_REFRESH_MINUTES} minutes, reloading nginx when
   * they change.
   * @default - none
   */
  readonly originVerify?: { readonly secretArn: string; readonly acceptedValuesPath: string };

  /**
   * AZ-affine upstreams: the file nginx.conf includes and, per AZ name, its content. At boot
   * the instance reads its AZ from IMDSv2 and installs that AZ's file before `nginx -t`; an AZ
   * without a file leaves nginx stopped (the target fails its health checks and is replaced).
   * @default - the upstreams are in nginx.conf
   */
  readonly upstreams?: { readonly path: string; readonly byAz: Readonly<Record<string, string>> };
}

/**
 * How often an instance re-reads the origin secret. A rotation (OriginVerifySecret) sends
 * CloudFront a value the instances already accepted one rotation earlier, so rotations need
 * only be further apart than this.
 */
export const ORIGIN_VERIFY_REFRESH_MINUTES = 5;

/**
 * Python (AL2023 ships python3) turning the secret's JSON into map lines; it refuses anything
 * but base64 values of sane length, so nothing from the secret can inject nginx syntax.
 */
const ORIGIN_VERIFY_FILTER = [
  'import json, re, sys',
  'values = json.load(sys.stdin)["values"]',
  'assert values and all(re.fullmatch(r"[A-Za-z0-9+/=]{16,4096}", v) for v in values), "origin-verify values are not base64"',
  'sys.stdout.write("".join("\\"%s\\" 1;\\n" % v for v in values))',
].join('\n');

/** Where the per-AZ upstream files wait for the boot script. */
export const NGINX_UPSTREAMS_BY_AZ_DIR = '/etc/nginx/upstreams.by-az';

/** Accept queue and SYN backlog for bursts of new ALB connections (Linux default somaxconn 4096). */
const LISTEN_BACKLOG = 65_535;
/** Seconds between checks of the instance's target lifecycle state in IMDS. */
const DRAIN_POLL_SECONDS = 5;
/** systemd gives nginx this much more than its own shutdown timeout before SIGKILL. */
const STOP_MARGIN_SECONDS = 10;

/**
 * cloud-init for an nginx instance on Amazon Linux 2023: installs nginx from the
 * distribution, writes the generated nginx.conf, raises descriptor and backlog limits,
 * and installs a drain watcher. When the group terminates the instance it deregisters it
 * from the target groups and holds it in `Terminating:Wait`; the watcher, polling the
 * instance's target lifecycle state in IMDS (IMDSv2), sees `Terminated`, stops nginx
 * gracefully (QUIT: in-flight requests finish within worker_shutdown_timeout) and
 * completes the lifecycle action.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/retrieving-target-lifecycle-state-through-imds.html
 */
export function renderNginxUserData(props: NginxUserDataProps): string {
  const nofile = workerRlimitNofile(props.workerConnections);
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const drainScript = [
    '#!/bin/bash',
    '# Drains nginx when the Auto Scaling group terminates this instance.',
    'set -euo pipefail',
    'imds() {',
    '  local token',
    '  token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
    '  curl -sf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/$1"',
    '}',
    'while true; do',
    '  if [ "$(imds meta-data/autoscaling/target-lifecycle-state || true)" = "Terminated" ]; then',
    '    systemctl stop nginx',
    '    instance=$(imds meta-data/instance-id)',
    '    region=$(imds meta-data/placement/region)',
    `    aws autoscaling complete-lifecycle-action --region "$region" --auto-scaling-group-name ${props.groupName} \\`,
    `      --lifecycle-hook-name ${props.drainHookName} --instance-id "$instance" --lifecycle-action-result CONTINUE`,
    '    exit 0',
    '  fi',
    `  sleep ${DRAIN_POLL_SECONDS}`,
    'done',
    '',
  ].join('\n');
  const drainUnit = ['[Unit]', 'Description=Drain nginx on Auto Scaling termination', 'After=nginx.service', '', '[Service]', 'ExecStart=/usr/local/sbin/nginx-drain', 'Restart=on-failure', '', '[Install]', 'WantedBy=multi-user.target', ''].join('\n');
  const nginxOverride = [
    '[Service]',
    `LimitNOFILE=${nofile}`,
    '# QUIT: stop accepting, finish in-flight requests (worker_shutdown_timeout), exit.',
    'KillSignal=SIGQUIT',
    `TimeoutStopSec=${props.gracefulShutdownSeconds + STOP_MARGIN_SECONDS}`,
    '',
  ].join('\n');
  const sysctl = [
    `net.core.somaxconn = ${LISTEN_BACKLOG}`,
    `net.ipv4.tcp_max_syn_backlog = ${LISTEN_BACKLOG}`,
    '# Upstream connections come from this range; keep-alive keeps the count low, this keeps bursts safe.',
    'net.ipv4.ip_local_port_range = 1024 65535',
    'net.ipv4.tcp_tw_reuse = 1',
    `fs.file-max = ${Math.max(nofile * 4, 1_048_576)}`,
    '',
  ].join('\n');
  const selectScript = props.upstreams && [
    '#!/bin/bash',
    "# Installs the upstreams of this instance's AZ: the internal NLB's address in it primary, the other AZs backup.",
    'set -euo pipefail',
    'token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
    'az=$(curl -sf -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/placement/availability-zone)',
    `install -m 0644 "${NGINX_UPSTREAMS_BY_AZ_DIR}/$az.conf" ${props.upstreams.path}`,
    '',
  ].join('\n');
  // gzip keeps one small file per AZ inside EC2's 16 KB user data limit.
  const gzFile = (path: string, content: string) => [`  - path: ${path}`, "    permissions: '0644'", '    encoding: gz+b64', '    defer: true', `    content: ${gzipSync(Buffer.from(content, 'utf8'), { level: 9 }).toString('base64')}`];
  // `defer: true` writes after package installation (cloud-init's final stage), so the
  // nginx package's own nginx.conf never lands on top of the generated one.
  const file = (path: string, content: string, permissions: string, defer = false) => [
    `  - path: ${path}`,
    `    permissions: '${permissions}'`,
    '    encoding: b64',
    ...(defer ? ['    defer: true'] : []),
    `    content: ${b64(content)}`,
  ];
  const verify = props.originVerify;
  const verifyScript = verify
    ? [
        '#!/bin/bash',
        "# Writes the values CloudFront's secret origin header may carry (Secrets Manager) as nginx's map include;",
        '# reloads nginx when they change. Fails closed: without values every proxied request is refused (403).',
        'set -euo pipefail',
        '. /etc/nginx-origin-verify.env',
        'token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
        'region=$(curl -sf -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/placement/region)',
        `ORIGIN_VERIFY_FILTER='${ORIGIN_VERIFY_FILTER}'`,
        'tmp=$(mktemp)',
        'trap \'rm -f "$tmp"\' EXIT',
        'aws secretsmanager get-secret-value --region "$region" --secret-id "$SECRET_ARN" --query SecretString --output text \\',
        "  | python3 -c \"$ORIGIN_VERIFY_FILTER\" > \"$tmp\"",
        `if ! cmp -s "$tmp" ${verify.acceptedValuesPath}; then`,
        `  install -m 0640 -o root -g nginx "$tmp" ${verify.acceptedValuesPath}`,
        '  if [ "${1:-}" != --no-reload ] && systemctl is-active --quiet nginx; then systemctl reload nginx; fi',
        'fi',
        '',
      ].join('\n')
    : '';
  const verifyUnits = verify
    ? {
        service: ['[Unit]', "Description=Refresh nginx's accepted CloudFront origin header values", '', '[Service]', 'Type=oneshot', 'ExecStart=/usr/local/sbin/nginx-origin-verify', ''].join('\n'),
        timer: ['[Unit]', "Description=Refresh nginx's accepted CloudFront origin header values", '', '[Timer]', `OnBootSec=${ORIGIN_VERIFY_REFRESH_MINUTES}min`, `OnUnitActiveSec=${ORIGIN_VERIFY_REFRESH_MINUTES}min`, '', '[Install]', 'WantedBy=timers.target', ''].join('\n'),
      }
    : undefined;
  return [
    '#cloud-config',
    'packages:',
    '  - nginx',
    'write_files:',
    ...file('/etc/nginx/nginx.conf', props.nginxConf, '0644', true),
    ...file('/etc/sysctl.d/90-nginx-edge.conf', sysctl, '0644'),
    ...file('/etc/systemd/system/nginx.service.d/10-edge.conf', nginxOverride, '0644'),
    ...file('/usr/local/sbin/nginx-drain', drainScript, '0755'),
    ...file('/etc/systemd/system/nginx-drain.service', drainUnit, '0644'),
    ...(verify && verifyUnits
      ? [
          ...file('/usr/local/sbin/nginx-origin-verify', verifyScript, '0755'),
          ...file('/etc/systemd/system/nginx-origin-verify.service', verifyUnits.service, '0644'),
          ...file('/etc/systemd/system/nginx-origin-verify.timer', verifyUnits.timer, '0644'),
          // The secret's ARN is known only at apply: a literal block, not base64 (and no double quotes, which Fn.base64encode refuses).
          '  - path: /etc/nginx-origin-verify.env',
          "    permissions: '0644'",
          '    content: |',
          `      SECRET_ARN=${verify.secretArn}`,
        ]
      : []),
    ...(props.upstreams ? Object.entries(props.upstreams.byAz).flatMap(([az, text]) => gzFile(`${NGINX_UPSTREAMS_BY_AZ_DIR}/${az}.conf`, text)) : []),
    ...(selectScript ? file('/usr/local/sbin/nginx-select-upstreams', selectScript, '0755') : []),
    'runcmd:',
    '  - sysctl --system',
    '  - systemctl daemon-reload',
    ...(selectScript ? ['  - /usr/local/sbin/nginx-select-upstreams'] : []),
    ...(verify ? ['  - /usr/local/sbin/nginx-origin-verify --no-reload'] : []),
    '  - nginx -t',
    `  - systemctl enable --now nginx nginx-drain${verify ? ' nginx-origin-verify.timer' : ''}`,
    '',
  ].join('\n');
}
