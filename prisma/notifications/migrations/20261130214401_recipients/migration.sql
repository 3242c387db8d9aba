-- CreateTable
CREATE TABLE "recipient" (
    "user_id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "known_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recipient_pkey" PRIMARY KEY ("user_id")
);

-- Users registered before this table existed: every account event consumed so far left an email notification
-- with the address it carried, and the newest one per user is the address to keep.
INSERT INTO "recipient" ("user_id", "email", "known_at")
SELECT DISTINCT ON ("user_id") "user_id", "recipient", "created_at"
  FROM "notification"
 WHERE "channel" = 'email' AND "event_type" LIKE 'identity.%'
 ORDER BY "user_id", "id" DESC;
