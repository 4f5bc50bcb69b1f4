import { ValidationError } from '../lib/errors';
import { dropTokenCreationTraces } from './token-traces';
import { buildApp } from './app';
import { printsSynthSummary, synthSummary } from './synth-summary';

/** The cdktf app (cdktf.json `app`, and `npm run synth`). */
// The app's own choice, for its own process: replaces Error.prepareStackTrace so that cdktf
// does not format a stack trace per token (~0.3 s of synth); CDKTF_TOKEN_TRACES=1 keeps them.
dropTokenCreationTraces();
try {
  const app = buildApp();
  app.synth();
  if (printsSynthSummary(process.env)) console.log(synthSummary(app.outdir));
} catch (error) {
  if (error instanceof ValidationError) {
    // A bad prop or config is the user's to fix: print the message, not a stack trace.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof Error && error.message.startsWith('App-level validation failed')) {
    // Checks across the stacks (e.g. two resources that would get the same AWS name).
    console.error(`\n${error.message.split('\nValidations allow')[0]}\n`);
    process.exit(1);
  }
  if (error instanceof Error && error.message.startsWith('Encountered Annotations with level "ERROR"')) {
    // Policy violations (lib/policy) and other error annotations: cdktf lists them all.
    console.error(`\n${error.message.split('\n\nEither fix')[0]}\n\nFix each resource, or suppress a rule that does not apply with Policy.suppress(construct, ruleId, reason). Details: npm run policy -- <env>\n`);
    process.exit(1);
  }
  throw error;
}
