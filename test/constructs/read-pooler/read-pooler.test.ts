import { execFileSync } from 'child_process';
import { readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Release } from '@cdktf/provider-helm/lib/release';
import { authFileScript, PGBOUNCER_PATHS, PGBOUNCER_IMAGE, ReadPooler, ReadPoolerProps, SecretsStoreCsi, ServerTls } from '../../../constructs/read-pooler';
import { allOf, countOf, onlyOf, synthConstructs } from '../../support/synth';
import { tempDir } from '../../support/temp';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod-main-master-AbCdEf';
const PROPS: ReadPoolerProps = {
  namespace: 'services',
  serverHost: 'reader.prod.db.internal',
  serverCidrs: ['10.30.192.0/22', '10.30.196.0/22'],
  databaseName: 'app',
  serverUser: 'postgres',
  secretArn: SECRET_ARN,
  region: 'us-east-1',
  serverTls: ServerTls.require(),
  clientNamespaces: ['services'],
  minReplicas: 8,
  maxReplicas: 16,
  maxClientConnections: 10_005,
  defaultPoolSize: 468,
  serverConnectionBudget: 7500,
};
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function synthPooler(props: Partial<ReadPoolerProps> = {}) {
  return synthConstructs((scope) => new ReadPooler(scope, 'pooler', { ...PROPS, ...props }));
}

// Synthesized Kubernetes bodies are deeply nested; tests read them loosely.
type Obj = Record<string, any>;
const iniOf = (stack: ReturnType<typeof synthPooler>) => (allOf(stack, 'kubernetes_config_map_v1') as Obj[]).map((c) => c.data['pgbouncer.ini']).find(Boolean) as string;

describe('ReadPooler', () => {
  describe('GIVEN prod sizes', () => {
    const stack = synthPooler();
    const ini = iniOf(stack);
    const pod = (onlyOf(stack, 'kubernetes_deployment_v1') as Obj).spec.template.spec;
    const container = pod.container[0];

    test('THEN PgBouncer pools transactions to the reader name with the given sizes', () => {
      expect(ini).toContain('app = host=reader.prod.db.internal port=5432 dbname=app user=postgres');
      for (const line of ['pool_mode = transaction', 'max_client_conn = 10005', 'default_pool_size = 468', 'max_db_connections = 468', 'reserve_pool_size = 0', 'listen_port = 6432', 'server_round_robin = 1']) {
        expect(ini.split('\n')).toContain(line);
      }
    });

    test('THEN TLS is required to the servers, and no CA file is claimed without a bundle', () => {
      expect(ini.split('\n')).toContain('server_tls_sslmode = require');
      expect(ini).not.toContain('server_tls_ca_file');
      expect(ini).not.toContain('client_tls_sslmode');
    });

    test('THEN no secret value is anywhere: the secret is only named by ARN, no Kubernetes Secret exists, the config has no password', () => {
      const json = JSON.stringify(stack);
      expect(countOf(stack, 'kubernetes_secret_v1')).toBe(0);
      expect(ini).not.toMatch(/password/i);
      expect(json).not.toMatch(/PGPASSWORD|"password"\s*:/i);
      const containers = [...pod.container, ...pod.init_container] as Obj[];
      expect(containers.flatMap((c) => c.env ?? [])).toEqual([]);
    });

    test('THEN the SecretProviderClass mounts the secret\'s username and password with Pod Identity', () => {
      const spc = (onlyOf(stack, 'kubernetes_manifest') as Obj).manifest;
      expect(spc.apiVersion).toBe('secrets-store.csi.x-k8s.io/v1');
      expect(spc.kind).toBe('SecretProviderClass');
      expect(spc.spec.provider).toBe('aws');
      expect(spc.spec.parameters.usePodIdentity).toBe('true');
      expect(spc.spec.parameters.region).toBe('us-east-1');
      expect(spc.spec.parameters.objects).toBe(
        [`- objectName: "${SECRET_ARN}"`, '  objectType: "secretsmanager"', '  jmesPath:', '    - path: "username"', '      objectAlias: "username"', '    - path: "password"', '      objectAlias: "password"', ''].join('\n'),
      );
    });

    test('THEN only the init container mounts the secret; PgBouncer reads the auth file from an in-memory volume', () => {
      const volumes = Object.fromEntries((pod.volume as Obj[]).map((v) => [v.name, v]));
      expect(volumes['database-secret'].csi).toEqual({ driver: 'secrets-store.csi.k8s.io', read_only: true, volume_attributes: { secretProviderClass: 'pgbouncer-read-database' } });
      expect(volumes.auth.empty_dir.medium).toBe('Memory');
      expect(pod.init_container[0].volume_mount.map((m: Obj) => m.name)).toEqual(['database-secret', 'auth']);
      expect(container.volume_mount.map((m: Obj) => m.name)).not.toContain('database-secret');
      expect(ini.split('\n')).toContain(`auth_file = ${PGBOUNCER_PATHS.authFile}`);
    });

    test('THEN the pods run non-root with a read-only root, no service account token and the pinned image', () => {
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, run_as_user: '998', seccomp_profile: { type: 'RuntimeDefault' } });
      for (const c of [container, pod.init_container[0]]) {
        expect(c.security_context).toEqual({ run_as_non_root: true, read_only_root_filesystem: true, allow_privilege_escalation: false, capabilities: { drop: ['ALL'] } });
        expect(c.image).toBe(PGBOUNCER_IMAGE);
      }
      expect(pod.automount_service_account_token).toBe(false);
      expect(pod.service_account_name).toContain('kubernetes_service_account_v1');
    });

    test('THEN probes are TCP on the PgBouncer port, resources are one core, and pods spread over AZs', () => {
      for (const probe of ['startup_probe', 'liveness_probe', 'readiness_probe']) expect(container[probe].tcp_socket).toEqual([{ port: 'pgbouncer' }]);
      expect(container.port).toEqual([{ name: 'pgbouncer', container_port: 6432, protocol: 'TCP' }]);
      expect(container.resources).toEqual({ requests: { cpu: '1000m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '256Mi' } });
      expect(pod.topology_spread_constraint[0].topology_key).toBe('topology.kubernetes.io/zone');
    });

    test('THEN a ClusterIP Service on 6432, an HPA on CPU with the bounds, and a PDB of one pod', () => {
      const service = onlyOf(stack, 'kubernetes_service_v1') as Obj;
      expect(service.metadata.name).toBe('pgbouncer-read');
      expect(service.spec).toMatchObject({ type: 'ClusterIP', port: [{ port: 6432, target_port: 'pgbouncer' }] });
      const hpa = (onlyOf(stack, 'kubernetes_horizontal_pod_autoscaler_v2') as Obj).spec;
      expect([hpa.min_replicas, hpa.max_replicas, hpa.metric.map((m: Obj) => m.resource.name)]).toEqual([8, 16, ['cpu']]);
      expect((onlyOf(stack, 'kubernetes_pod_disruption_budget_v1') as Obj).spec.max_unavailable).toBe('1');
    });

    test('THEN the NetworkPolicy admits only the client namespaces on 6432 and lets the pods reach only DNS and the servers', () => {
      const policy = (onlyOf(stack, 'kubernetes_network_policy_v1') as Obj).spec;
      expect(policy.pod_selector).toEqual({ match_labels: { 'app.kubernetes.io/name': 'pgbouncer-read' } });
      expect(policy.policy_types).toEqual(['Ingress', 'Egress']);
      expect(policy.ingress).toEqual([{ from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'services' } } }], ports: [{ port: '6432', protocol: 'TCP' }] }]);
      expect(policy.egress[0].ports.map((p: Obj) => `${p.protocol}/${p.port}`)).toEqual(['UDP/53', 'TCP/53']);
      expect(policy.egress[1]).toEqual({ to: PROPS.serverCidrs.map((cidr) => ({ ip_block: { cidr } })), ports: [{ port: '5432', protocol: 'TCP' }] });
    });
  });

  test('GIVEN ServerTls.verifyFull(bundle) THEN verify-full against the bundle mounted from a ConfigMap', () => {
    const stack = synthPooler({ serverTls: ServerTls.verifyFull(CA_PEM) });
    const ini = iniOf(stack);
    expect(ini.split('\n')).toEqual(expect.arrayContaining(['server_tls_sslmode = verify-full', `server_tls_ca_file = ${PGBOUNCER_PATHS.serverCaFile}`]));
    const maps = allOf(stack, 'kubernetes_config_map_v1') as Obj[];
    expect(maps.map((m) => m.data['server-ca.pem']).filter(Boolean)).toEqual([CA_PEM]);
    const container = (onlyOf(stack, 'kubernetes_deployment_v1') as Obj).spec.template.spec.container[0];
    expect(container.volume_mount.map((m: Obj) => m.mount_path)).toContain(PGBOUNCER_PATHS.serverCaDir);
  });

  test('GIVEN clientPodLabels THEN only those pods of the client namespaces are admitted, on 6432', () => {
    const stack = synthPooler({ clientPodLabels: [{ 'app.kubernetes.io/name': 'user-service' }, { 'app.kubernetes.io/name': 'orders' }] });
    const policy = (onlyOf(stack, 'kubernetes_network_policy_v1') as Obj).spec;
    const services = { match_labels: { 'kubernetes.io/metadata.name': 'services' } };
    expect(policy.ingress).toEqual([
      {
        from: [
          { namespace_selector: services, pod_selector: { match_labels: { 'app.kubernetes.io/name': 'user-service' } } },
          { namespace_selector: services, pod_selector: { match_labels: { 'app.kubernetes.io/name': 'orders' } } },
        ],
        ports: [{ port: '6432', protocol: 'TCP' }],
      },
    ]);
  });

  test('GIVEN a client TLS secret THEN clients must use TLS with its certificate', () => {
    const ini = iniOf(synthPooler({ clientTlsSecretName: 'pgbouncer-read-tls' }));
    expect(ini.split('\n')).toEqual(expect.arrayContaining(['client_tls_sslmode = require', `client_tls_cert_file = ${PGBOUNCER_PATHS.clientTlsDir}/tls.crt`]));
  });

  test.each<[Partial<ReadPoolerProps>, string]>([
    [{ defaultPoolSize: 500 }, 'defaultPoolSize = 500 times maxReplicas (16) is 8000 server connections, above serverConnectionBudget (7500)'],
    [{ defaultPoolSize: 3 }, 'fewer than 5 server connections per pod'],
    [{ minReplicas: 1 }, 'one pod would make every node drain an outage'],
    [{ image: 'ghcr.io/cloudnative-pg/pgbouncer:latest' }, 'is not pinned'],
    [{ image: 'ghcr.io/cloudnative-pg/pgbouncer' }, 'is not pinned'],
    [{ cpuMillicores: 2000 }, 'PgBouncer is single-threaded'],
    [{ serverCidrs: ['10.30.192.0'] }, 'serverCidrs[0]'],
    [{ clientNamespaces: [] }, 'clientNamespaces'],
    [{ clientPodLabels: [] }, 'clientPodLabels = [] has 0 entries'],
    [{ clientPodLabels: [{}] }, 'clientPodLabels[0] = {} is not a non-empty object of pod labels'],
    [{ clientPodLabels: ['user-service' as never] }, 'clientPodLabels[0] = "user-service" is not a non-empty object of pod labels'],
    [{ serverTls: ServerTls.verifyFull('not a certificate') }, 'holds no PEM certificate'],
  ])('GIVEN bad props %j THEN synth fails naming the problem', (change, message) => {
    expect(() => synthPooler(change)).toThrow(message);
  });
});

describe('authFileScript', () => {
  test('GIVEN mounted username and password files THEN it writes a PgBouncer auth line, quotes doubled, readable only by its owner', () => {
    const dir = tempDir('pgbouncer-auth-');
    writeFileSync(join(dir, 'username'), 'postgres');
    writeFileSync(join(dir, 'password'), 'pa"ss word');
    const script = authFileScript().split(PGBOUNCER_PATHS.secretsDir).join(dir).split(PGBOUNCER_PATHS.authFile).join(join(dir, 'userlist.txt'));
    execFileSync('/bin/sh', ['-c', script]);
    expect(readFileSync(join(dir, 'userlist.txt'), 'utf8')).toBe('"postgres" "pa""ss word"\n');
    expect(statSync(join(dir, 'userlist.txt')).mode & 0o777).toBe(0o600);
  });
});

describe('ReadPooler ordering: the construct waits for what it mounts through and reads metrics from', () => {
  const stack = synthConstructs((scope) => {
    const csi = new SecretsStoreCsi(scope, 'csi', { region: 'us-east-1' });
    const metricsServer = new Release(scope, 'metrics-server', { name: 'metrics-server', chart: 'metrics-server', repository: 'https://kubernetes-sigs.github.io/metrics-server/', version: '3.13.0' });
    new ReadPooler(scope, 'pooler', { ...PROPS, secretsStoreCsi: csi, metricsApis: [metricsServer] });
  });
  const address = (type: string, prefix: string) => `${type}.${Object.keys(stack.resource![type]).find((k) => k.startsWith(prefix))}`;

  test('THEN the Deployment depends on its SecretProviderClass AND the CSI provider (appended, not replaced)', () => {
    expect((onlyOf(stack, 'kubernetes_deployment_v1') as Obj).depends_on).toEqual([address('kubernetes_manifest', 'pooler_secret-provider-class'), address('helm_release', 'csi_aws-provider')]);
  });

  test('THEN the SecretProviderClass (a kind the driver chart installs) waits for the CSI provider', () => {
    expect((onlyOf(stack, 'kubernetes_manifest') as Obj).depends_on).toEqual([address('helm_release', 'csi_aws-provider')]);
  });

  test('THEN the HPA waits for the metrics API it reads', () => {
    expect((onlyOf(stack, 'kubernetes_horizontal_pod_autoscaler_v2') as Obj).depends_on).toEqual([address('helm_release', 'metrics-server')]);
  });

  test('GIVEN no CSI driver to wait for THEN the Deployment still waits for its SecretProviderClass', () => {
    const bare = synthPooler();
    expect((onlyOf(bare, 'kubernetes_deployment_v1') as Obj).depends_on).toEqual([expect.stringMatching(/^kubernetes_manifest\.pooler_secret-provider-class_/)]);
    expect((onlyOf(bare, 'kubernetes_horizontal_pod_autoscaler_v2') as Obj).depends_on).toBeUndefined();
  });
});

