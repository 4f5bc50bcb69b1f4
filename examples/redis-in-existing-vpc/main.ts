import { App } from 'cdktf';
import { RedisInExistingVpcStack } from './stack';

const app = new App();
new RedisInExistingVpcStack(app, 'redis-in-existing-vpc');
app.synth();
