import { Module } from '@nestjs/common';
import { CatalogEventsController } from './catalog-events.controller';

@Module({ controllers: [CatalogEventsController] })
export class CatalogEventsModule {}
