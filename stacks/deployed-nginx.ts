import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { EnvironmentConfig } from '../lib/config/environment';
import { NginxConfig } from '../lib/nginx';
import { Environment } from '../constructs/environment';

/**
 * The nginx config and text an environment's fleet runs, read from the construct tree of
 * its AWS stack (built, not synthesized), so they are exactly what the launch template
 * carries; with AZ-affine routing, also each AZ's upstream blocks (nginx.conf includes them).
 */
export function deployedNginx(config: EnvironmentConfig): { config: NginxConfig; text: string; upstreamsByAz?: Readonly<Record<string, string>> } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-conf-'));
  try {
    const edge = new Environment(new App({ outdir, skipValidation: true }), config.name, { config, policy: false }).aws.edge.tier;
    return { config: edge.nginxConfig, text: edge.nginxConf, ...(edge.upstreamsByAz ? { upstreamsByAz: edge.upstreamsByAz } : {}) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
