export * from './services';
export * from './errors';
export * from './rpc';
export * from './catalog';
export * from './identity';
export * from './inventory';
export * from './demo-catalog';
