export * from './envelope';
export * from './event-type';
export * from './identity-events';
export * from './catalog-events';
export * from './topology';
export * from './dead-letters';
export * from './payments-events';
export * from './orders-events';
