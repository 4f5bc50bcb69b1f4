import { App } from 'cdktf';
import { dropTokenCreationTraces } from 'cdktf-million-rps';
import { Environment50kStack } from './stack';
import { ENVIRONMENT } from './settings';

dropTokenCreationTraces(); // cdktf formats a stack trace per token, only for its error messages: skip it
const app = new App();
new Environment50kStack(app, ENVIRONMENT);
app.synth();
