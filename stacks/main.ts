import { ValidationError } from '../lib/errors';
import { buildApp } from './app';

/** The cdktf app (cdktf.json `app`, and `npm run synth`). */
try {
  buildApp().synth();
} catch (error) {
  if (error instanceof ValidationError) {
    // A bad prop or config is the user's to fix: print the message, not a stack trace.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
