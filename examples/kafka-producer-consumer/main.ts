import { App } from 'cdktf';
import { KafkaProducerConsumerStack } from './stack';

const app = new App();
new KafkaProducerConsumerStack(app, 'kafka-producer-consumer');
app.synth();
