// Baseline (d), front half: a bare Fastify server that asks the pg-backed TCP backend for the product named in
// the path, over one persistent connection with requests multiplexed by id; 404 when the backend found none.
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

fastify.get('/product/:id', (request, reply) => {
  fetchJson((json) => {
    if (json === 'null') void reply.code(404).send();
    else void reply.header('content-type', 'application/json; charset=utf-8').send(json);
  }, request.params.id);
});
