-- CreateTable
CREATE TABLE "cart_item" (
    "user_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cart_item_pkey" PRIMARY KEY ("user_id","product_id")
);

-- Written by hand (Prisma cannot express it): the quantity rule of CART_LIMITS, held by the database too, so no
-- code path can store an empty or oversized line (0 is a removal, never a row).
ALTER TABLE "cart_item" ADD CONSTRAINT "cart_item_quantity_check" CHECK ("quantity" BETWEEN 1 AND 99);
