import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ProblemDetails, REQUEST_ID_HEADER } from '@bazaar/contracts';
import { RequestContext } from '../context/request-context';
import { PROBLEM_CONTENT_TYPE, problem, problemFromError } from '../errors/problem';

const logger = new Logger('Errors');

// Why these two options and the socket's internal `_httpMessage`: docs/adr/0013-refusals-at-the-edge.md
/**
 * The refusals Fastify and Node make before any route runs, answered as problem+json like every other error.
 * Fastify's own 413, 415 and invalid JSON already reach the platform's exception filter through Nest's error
 * handler, and unknown routes through Nest's not-found handler; these two do not:
 *
 * - `frameworkErrors`: the router's refusals. A malformed `%` escape in the path (400) and a path parameter
 *   longer than `maxParamLength` (414) are answered from the router, where Fastify would write plain JSON.
 * - `clientErrorHandler`: what Node's HTTP parser refuses before there is a request at all: a request line and
 *   headers over `--max-http-header-size` (431), a client too slow to send them (408), bytes that are not HTTP
 *   (400). There is no reply object, only the socket.
 */
export function frameworkErrorOptions(): Pick<
  FastifyServerOptions,
  'frameworkErrors' | 'clientErrorHandler'
> {
  return { frameworkErrors: answerFrameworkError, clientErrorHandler: answerClientError };
}

function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = String(request.id);
  const body = routerProblem(error, request.url, requestId);
  logger.debug({ requestId, status: body.status, url: request.url, msg: error.message });
  void reply
    .code(body.status)
    .header(REQUEST_ID_HEADER, requestId)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('cache-control', 'no-store')
    .send(body);
}

function routerProblem(error: FastifyError, instance: string, requestId: string): ProblemDetails {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return problem({
        code: 'VALIDATION_FAILED',
        detail: 'Invalid value for: path',
        instance,
        requestId,
        fields: [{ field: 'path', messages: ['path must be valid percent-encoded UTF-8'] }],
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem({
        code: 'URI_TOO_LONG',
        detail: 'A path parameter is longer than this server accepts.',
        instance,
        requestId,
      });
    default:
      return problemFromError(error, instance, requestId);
  }
}

/** Node leaves a socket to this handler when its parser fails; `error.code` says why (llhttp's `HPE_*`). */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = RequestContext.acceptOrCreate(undefined);
  const body = clientProblem(error.code, requestId);
  logger.debug({ requestId, status: body.status, code: error.code, msg: error.message });
  // As Node itself does: answer only if no response of this connection has started, or the bytes would be
  // spliced into it.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\n` +
        `content-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `content-length: ${Buffer.byteLength(json)}\r\n` +
        'cache-control: no-store\r\n' +
        `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
        'connection: close\r\n\r\n' +
        json,
    );
  }
  // Closes once the answer is written; the parser has failed, so nothing more will be read from it.
  socket.destroySoon();
}

function clientProblem(code: string | undefined, requestId: string): ProblemDetails {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem({
        code: 'HEADERS_TOO_LARGE',
        detail: 'The request line and headers are larger than this server accepts.',
        requestId,
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem({ code: 'REQUEST_TIMEOUT', detail: 'The request was not sent in time.', requestId });
    default:
      return problem({
        code: 'VALIDATION_FAILED',
        detail: `The request is not well-formed HTTP (${code ?? 'unknown error'}).`,
        requestId,
      });
  }
}
