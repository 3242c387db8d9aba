/** The running service's name, e.g. `catalog`. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** The app's validated config instance (its own class, extending PlatformConfig). */
export const APP_CONFIG = Symbol('APP_CONFIG');
