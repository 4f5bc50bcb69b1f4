import { validateEnvironmentConfig } from '../lib/config/environment';
import { ValidationError } from '../lib/errors';
import { deployedNginx } from './deployed-nginx';
import { environmentNamed } from './environments';

/**
 * `npm run nginx-conf -- <env> [--az <name>]`: prints the nginx.conf the environment's nginx
 * fleet runs, exactly as rendered into its launch template at synth time. With AZ-affine
 * routing nginx.conf includes the upstreams an instance installs for its AZ: `--az` prints
 * that AZ's file instead.
 */
function main(argv: string[]): void {
  const name = argv[0];
  const azFlag = argv.indexOf('--az');
  const az = azFlag >= 0 ? argv[azFlag + 1] : undefined;
  if (!name || (azFlag >= 0 && !az)) {
    console.error('usage: npm run nginx-conf -- <environment> [--az <availability zone>]');
    process.exit(2);
  }
  try {
    const config = environmentNamed(name);
    validateEnvironmentConfig(config);
    const deployed = deployedNginx(config);
    const byAz = deployed.upstreamsByAz;
    if (az !== undefined) {
      if (!byAz) throw new ValidationError('nginx-conf', '--az', az, `is given but ${name} does not use AZ-affine routing: its upstreams are in nginx.conf`, 'leave --az out');
      if (!(az in byAz)) throw new ValidationError('nginx-conf', '--az', az, `is not an AZ of ${name}`, `use one of ${Object.keys(byAz).join(', ')}`);
      process.stdout.write(byAz[az]);
      return;
    }
    process.stdout.write(deployed.text);
    if (byAz) console.error(`# ${name}: AZ-affine routing; nginx.conf includes each instance's AZ upstreams: npm run nginx-conf -- ${name} --az <${Object.keys(byAz).join('|')}>`);
  } catch (error) {
    if (error instanceof ValidationError || (error instanceof Error && error.message.startsWith('Unknown environment'))) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

main(process.argv.slice(2));
