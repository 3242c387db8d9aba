-- CreateTable
CREATE TABLE "payment" (
    "id" UUID NOT NULL,
    "order_id" VARCHAR(100) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "captured_amount" INTEGER NOT NULL DEFAULT 0,
    "refunded_amount" INTEGER NOT NULL DEFAULT 0,
    "decline_code" VARCHAR(64),
    "card_token" VARCHAR(100) NOT NULL,
    "provider_reference" VARCHAR(100),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_operation" (
    "key" VARCHAR(200) NOT NULL,
    "payment_id" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "amount" INTEGER,
    "state" VARCHAR(8) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_operation_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "payment_attempt" (
    "id" BIGSERIAL NOT NULL,
    "payment_id" UUID NOT NULL,
    "operation_key" VARCHAR(200) NOT NULL,
    "operation" VARCHAR(16) NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "http_status" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "error" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_order_id_id_idx" ON "payment"("order_id", "id");

-- CreateIndex
CREATE INDEX "payment_status_id_idx" ON "payment"("status", "id");

-- CreateIndex
CREATE INDEX "payment_operation_payment_id_idx" ON "payment_operation"("payment_id");

-- CreateIndex
CREATE INDEX "payment_attempt_payment_id_id_idx" ON "payment_attempt"("payment_id", "id");

-- AddForeignKey
ALTER TABLE "payment_operation" ADD CONSTRAINT "payment_operation_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_attempt" ADD CONSTRAINT "payment_attempt_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma has no CHECK constraints): amounts stay consistent even for a buggy query.
ALTER TABLE "payment" ADD CONSTRAINT "payment_amounts_check"
    CHECK ("amount" > 0 AND "captured_amount" >= 0 AND "captured_amount" <= "amount"
           AND "refunded_amount" >= 0 AND "refunded_amount" <= "captured_amount");
ALTER TABLE "payment" ADD CONSTRAINT "payment_status_check"
    CHECK ("status" IN ('PENDING', 'AUTHORIZED', 'DECLINED', 'CAPTURED', 'REFUNDED', 'VOIDED'));
ALTER TABLE "payment_operation" ADD CONSTRAINT "payment_operation_state_check"
    CHECK ("state" IN ('pending', 'done'));
