-- The idempotent inbox (libs/messaging). IF NOT EXISTS: services that took this file after an earlier
-- migration of theirs had already created the table apply it without effect.
CREATE TABLE IF NOT EXISTS "inbox" (
    "event_id" UUID NOT NULL,
    "handler" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("event_id","handler")
);

CREATE INDEX IF NOT EXISTS "inbox_received_at_idx" ON "inbox"("received_at");
