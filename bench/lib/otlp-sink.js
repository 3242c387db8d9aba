'use strict';

const http = require('node:http');

/**
 * An OTLP/HTTP endpoint that accepts every trace export and discards it, as a collector that drops everything
 * would: what the services pay for tracing is measured, not what a collector does with it. Counts exports and
 * bytes so the report can say the spans really left.
 */
async function startOtlpSink() {
  const counts = { exports: 0, bytes: 0 };
  const server = http.createServer((request, response) => {
    request.on('data', (chunk) => (counts.bytes += chunk.length));
    request.on('end', () => {
      counts.exports += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    counts,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

module.exports = { startOtlpSink };
