-- The transactional outbox (libs/messaging).
CREATE TABLE "outbox" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "envelope" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("seq")
);

CREATE UNIQUE INDEX "outbox_id_key" ON "outbox"("id");

-- The relay reads only what is waiting: a partial index stays small however many sent rows are kept.
CREATE INDEX "outbox_pending_idx" ON "outbox"("seq") WHERE "sent_at" IS NULL;
