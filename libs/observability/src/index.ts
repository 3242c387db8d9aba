export * from './trace-carrier';
export * from './tracing';
export * from './start-tracing';
