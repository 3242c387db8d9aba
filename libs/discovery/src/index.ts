export * from './service-instance';
export * from './service-registry';
export * from './config';
