-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "correlation_id" VARCHAR(128) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "recipient" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "notification_event_id_channel_key" ON "notification"("event_id", "channel");

CREATE INDEX "notification_user_id_id_idx" ON "notification"("user_id", "id");

-- The delivery worker's queue: only what still waits, by due time.
CREATE INDEX "notification_due_idx" ON "notification"("next_attempt_at") WHERE "status" = 'pending';

ALTER TABLE "notification" ADD CONSTRAINT "notification_status_known" CHECK ("status" IN ('pending', 'sent', 'failed'));
