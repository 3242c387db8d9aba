// Baseline (a): a bare Fastify server answering every request with the same JSON bytes the gateway returns.
'use strict';

const fastify = require('fastify')({ logger: false });

const body = Buffer.from(process.env.BENCH_BODY ?? '{}', 'utf8');
fastify.get('/product', (_request, reply) => {
  void reply.header('content-type', 'application/json; charset=utf-8').send(body);
});
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(
  () => process.send?.('ready'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
