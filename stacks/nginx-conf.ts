import { validateEnvironmentConfig } from '../lib/config/environment';
import { ValidationError } from '../lib/errors';
import { deployedNginx } from './deployed-nginx';
import { environmentNamed } from './environments';

/**
 * `npm run nginx-conf -- <env>`: prints the nginx.conf the environment's nginx fleet runs,
 * exactly as rendered into its launch template at synth time.
 */
function main(argv: string[]): void {
  const name = argv[0];
  if (!name) {
    console.error('usage: npm run nginx-conf -- <environment>');
    process.exit(2);
  }
  try {
    const config = environmentNamed(name);
    validateEnvironmentConfig(config);
    process.stdout.write(deployedNginx(config).text);
  } catch (error) {
    if (error instanceof ValidationError || (error instanceof Error && error.message.startsWith('Unknown environment'))) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

main(process.argv.slice(2));
