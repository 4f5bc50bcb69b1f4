import { App } from 'cdktf';
import { Environment } from 'cdktf-million-rps';
import { shop } from './shop';

const app = new App();
new Environment(app, 'shop', { config: shop });
app.synth();
