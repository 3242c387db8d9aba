// Baseline (c), front half: the same hop as (b) behind the least a Nest gateway can be — one controller on Nest's
// Fastify adapter, with no guards, pipes, interceptors, hooks or request context. Against (b) it prices Nest's
// router itself; against the gateway, everything the platform adds on top of it.
'use strict';

require('reflect-metadata');
const { Controller, Get, Header, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { connectBackend } = require('./tcp-hop-client');

// Plain CommonJS has no decorator syntax: the decorators are applied as the functions they are.
class ProductController {
  product() {
    return new Promise((resolve) => fetchJson(resolve));
  }
}
Controller()(ProductController);
const product = Object.getOwnPropertyDescriptor(ProductController.prototype, 'product');
Get('product')(ProductController.prototype, 'product', product);
Header('content-type', 'application/json; charset=utf-8')(ProductController.prototype, 'product', product);

class BaselineModule {}
Module({ controllers: [ProductController] })(BaselineModule);

const fetchJson = connectBackend(Number(process.env.BACKEND_PORT), () => {
  NestFactory.create(BaselineModule, new FastifyAdapter(), { logger: false })
    .then((app) => app.listen(Number(process.env.PORT), '127.0.0.1'))
    .then(
      () => process.send?.('ready'),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
});
