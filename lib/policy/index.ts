export * from './rule';
export * from './stack-view';
export * from './suppression';
export * from './evaluate';
export * from './policy';
export * from './report';
export * from './rules';
export * from './secret-patterns';
