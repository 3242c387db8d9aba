/** The app's `ServiceRegistry`: `@Inject(SERVICE_REGISTRY) registry: ServiceRegistry`. */
export const SERVICE_REGISTRY = Symbol('SERVICE_REGISTRY');
