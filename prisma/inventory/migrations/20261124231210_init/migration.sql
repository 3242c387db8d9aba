-- CreateTable
CREATE TABLE "stock" (
    "sku" VARCHAR(64) NOT NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stock_pkey" PRIMARY KEY ("sku")
);

-- CreateTable
CREATE TABLE "reservation" (
    "id" UUID NOT NULL,
    "order_id" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservation_line" (
    "reservation_id" UUID NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "reservation_line_pkey" PRIMARY KEY ("reservation_id","sku")
);

-- CreateTable
CREATE TABLE "stock_adjustment" (
    "id" UUID NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "delta" INTEGER NOT NULL,
    "on_hand_after" INTEGER NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_adjustment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reservation_status_expires_at_idx" ON "reservation"("status", "expires_at");

-- CreateIndex
CREATE INDEX "stock_adjustment_sku_id_idx" ON "stock_adjustment"("sku", "id");

-- AddForeignKey
ALTER TABLE "reservation_line" ADD CONSTRAINT "reservation_line_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: the database itself refuses any state that oversells or goes negative.
ALTER TABLE "stock" ADD CONSTRAINT "stock_on_hand_non_negative" CHECK ("on_hand" >= 0);
ALTER TABLE "stock" ADD CONSTRAINT "stock_reserved_within_on_hand" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand");
ALTER TABLE "reservation_line" ADD CONSTRAINT "reservation_line_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_status_known" CHECK ("status" IN ('RESERVED', 'RELEASED', 'COMMITTED', 'EXPIRED'));
