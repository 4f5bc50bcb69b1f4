export * from './sns-routing';
