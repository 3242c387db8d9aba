/** The service's bus client (a Nest ClientProxy): `emit(type, envelope)`. The outbox relay is its user. */
export const EVENT_CLIENT = Symbol('EVENT_CLIENT');
/** The service's bus transport server, connected with `app.connectMicroservice({ strategy })`. */
export const EVENT_SERVER = Symbol('EVENT_SERVER');
/** The process's bus connection (an EventBus). */
export const EVENT_BUS = Symbol('EVENT_BUS');
/** The dead-letter queues (a DeadLetterStore). */
export const DEAD_LETTERS = Symbol('DEAD_LETTERS');
