import { App } from 'cdktf';
import { EdgeExampleStack } from './stack';

const app = new App();
new EdgeExampleStack(app, 'edge-example');
app.synth();
