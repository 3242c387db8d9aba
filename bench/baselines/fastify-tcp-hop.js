// Baseline (b), front half: a bare Fastify server that asks the TCP backend for the JSON on every request, over
// one persistent connection with requests multiplexed by id — the least a gateway hop can cost.
'use strict';

const net = require('node:net');
const { StringDecoder } = require('node:string_decoder');
const fastify = require('fastify')({ logger: false });

const pending = new Map();
let nextId = 0;
let buffered = '';
// A multi-byte UTF-8 character may be split across chunks.
const decoder = new StringDecoder('utf8');
const backend = net.connect({ port: Number(process.env.BACKEND_PORT), host: '127.0.0.1' });
backend.setNoDelay(true);
backend.on('data', (chunk) => {
  buffered += decoder.write(chunk);
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    const space = line.indexOf(' ');
    const id = Number(line.slice(0, space));
    pending.get(id)?.(line.slice(space + 1));
    pending.delete(id);
  }
});

fastify.get('/product', (_request, reply) => {
  const id = nextId++;
  pending.set(id, (json) => void reply.header('content-type', 'application/json; charset=utf-8').send(json));
  backend.write(`${id}\n`);
});

backend.once('connect', () => {
  fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(
    () => process.send?.('ready'),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
