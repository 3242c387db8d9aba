export * from './config-changes';
export * from './config-diff';
export * from './kv-config-key';
export * from './kv-config-reader';
export * from './kv-config-watch';
export * from './kv-document';
export * from './live-config';
export * from './live-reload';
