import { types } from 'node:util';

/**
 * A request's answer, or its failure as a rejection. papi (under the `consul` client) tells a failure from an
 * answer with `value instanceof Error`, which is false for Node's own errors seen from another realm (Jest's test
 * environments among them): a refused connection then *resolves* with the error. `isNativeError` holds in every
 * realm.
 */
export function answerOf<T>(request: Promise<T>): Promise<T> {
  return request.then((value) => (types.isNativeError(value) ? Promise.reject(value) : value));
}
