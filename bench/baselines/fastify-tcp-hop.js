// Baseline (b), front half: a bare Fastify server that asks the TCP backend for the JSON on every request, over
// one persistent connection with requests multiplexed by id — the least a gateway hop can cost.
'use strict';

const fastify = require('fastify')({ logger: false });
const { connectBackend } = require('./tcp-hop-client');

const fetchJson = connectBackend(Number(process.env.BACKEND_PORT), () => {
  fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(
    () => process.send?.('ready'),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});

fastify.get('/product', (_request, reply) => {
  fetchJson((json) => void reply.header('content-type', 'application/json; charset=utf-8').send(json));
});
