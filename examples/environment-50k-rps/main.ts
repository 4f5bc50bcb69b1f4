import { App } from 'cdktf';
import { Environment50kStack } from './stack';
import { ENVIRONMENT } from './settings';

const app = new App();
new Environment50kStack(app, ENVIRONMENT);
app.synth();
