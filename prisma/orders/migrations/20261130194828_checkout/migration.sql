-- CreateTable
CREATE TABLE "order" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "total" INTEGER NOT NULL,
    "shipping_address" JSONB NOT NULL,
    "card_token" VARCHAR(100) NOT NULL,
    "idempotency_key" VARCHAR(200) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "payment_deadline" TIMESTAMPTZ(3),
    "reservation_expires_at" TIMESTAMPTZ(3),
    "next_run_at" TIMESTAMPTZ(3),
    "lease_owner" VARCHAR(200),
    "lease_until" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "claims" INTEGER NOT NULL DEFAULT 0,
    "step_attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_line" (
    "order_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_id" UUID NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "unit_price" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "order_line_pkey" PRIMARY KEY ("order_id","line_no")
);

-- CreateTable
CREATE TABLE "saga_step" (
    "id" BIGSERIAL NOT NULL,
    "order_id" UUID NOT NULL,
    "step" VARCHAR(40) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "attempt" INTEGER NOT NULL,
    "detail" VARCHAR(500),
    "status" VARCHAR(24) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saga_step_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "order_user_id_id_idx" ON "order"("user_id", "id");

-- CreateIndex
CREATE INDEX "order_status_id_idx" ON "order"("status", "id");

-- CreateIndex
CREATE INDEX "order_next_run_at_idx" ON "order"("next_run_at");

-- CreateIndex
CREATE UNIQUE INDEX "order_user_id_idempotency_key_key" ON "order"("user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "saga_step_order_id_id_idx" ON "saga_step"("order_id", "id");

-- AddForeignKey
ALTER TABLE "order_line" ADD CONSTRAINT "order_line_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saga_step" ADD CONSTRAINT "saga_step_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma has no CHECK constraints): a buggy query cannot store an order or a step the saga does
-- not know (the states are order-state-machine.ts's).
ALTER TABLE "order" ADD CONSTRAINT "order_status_check"
    CHECK ("status" IN ('PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CONFIRMED', 'REJECTED', 'CANCELLING',
                        'CANCELLED', 'COMPENSATION_FAILED'));
ALTER TABLE "order" ADD CONSTRAINT "order_amounts_check"
    CHECK ("total" > 0 AND "version" >= 0 AND "claims" >= 0 AND "step_attempts" >= 0);
ALTER TABLE "order" ADD CONSTRAINT "order_lease_check"
    CHECK (("lease_owner" IS NULL) = ("lease_until" IS NULL));
ALTER TABLE "order_line" ADD CONSTRAINT "order_line_amounts_check"
    CHECK ("unit_price" >= 0 AND "quantity" > 0 AND "line_no" > 0);
ALTER TABLE "saga_step" ADD CONSTRAINT "saga_step_kind_check"
    CHECK ("kind" IN ('forward', 'compensation'));
ALTER TABLE "saga_step" ADD CONSTRAINT "saga_step_outcome_check"
    CHECK ("outcome" IN ('planned', 'succeeded', 'failed'));
ALTER TABLE "saga_step" ADD CONSTRAINT "saga_step_attempt_check"
    CHECK ("attempt" >= 0);
