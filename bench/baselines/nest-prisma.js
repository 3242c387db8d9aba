// bench/footprint's baseline: the smallest Nest service with a database that people would write — Nest on its
// Fastify adapter, one controller, one Prisma client (the catalog's generated client over @prisma/adapter-pg on a
// pg pool) answering GET /product/:id with one `findUnique` on the platform's own catalog database. No platform
// code: its RSS and start time are what Nest + Fastify + Prisma cost before anything Bazaar adds.
'use strict';

require('reflect-metadata');
const path = require('node:path');
const { Controller, Get, Module, NotFoundException, Param } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { PrismaPg } = require('@prisma/adapter-pg');
const { Pool } = require('pg');

const CLIENT = path.resolve(
  __dirname,
  '..',
  '..',
  'dist/apps/catalog/apps/catalog/src/generated/prisma/client.js',
);
const { PrismaClient } = require(CLIENT);
const prisma = new PrismaClient({
  adapter: new PrismaPg(new Pool({ connectionString: process.env.DATABASE_URL, max: 5 })),
});

// Plain CommonJS has no decorator syntax: the decorators are applied as the functions they are.
class ProductController {
  async product(id) {
    const product = await prisma.product.findUnique({ where: { id } });
    if (!product) throw new NotFoundException();
    return product;
  }
}
Controller()(ProductController);
const product = Object.getOwnPropertyDescriptor(ProductController.prototype, 'product');
Get('product/:id')(ProductController.prototype, 'product', product);
Param('id')(ProductController.prototype, 'product', 0);

class BaselineModule {}
Module({ controllers: [ProductController] })(BaselineModule);

NestFactory.create(BaselineModule, new FastifyAdapter(), { logger: false })
  .then((app) => {
    app.enableShutdownHooks();
    return app.listen(Number(process.env.PORT), '127.0.0.1');
  })
  .then(
    () => process.send?.('ready'),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
process.once('SIGTERM', () => {
  void prisma.$disconnect().finally(() => process.exit(0));
});
