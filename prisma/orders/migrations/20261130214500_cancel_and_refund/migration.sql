-- Cancelling a confirmed order refunds it: two more statuses (order-state-machine.ts).
ALTER TABLE "order" DROP CONSTRAINT "order_status_check";
ALTER TABLE "order" ADD CONSTRAINT "order_status_check"
    CHECK ("status" IN ('PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CONFIRMED', 'REJECTED', 'CANCELLING',
                        'CANCELLED', 'COMPENSATION_FAILED', 'REFUNDING', 'REFUNDED'));

-- The price a product had when it was put in the cart (null for lines put before this column existed), and on an
-- order line ordered from the cart: the order shows a price that changed between cart and checkout.
ALTER TABLE "cart_item" ADD COLUMN "unit_price" INTEGER;
ALTER TABLE "cart_item" ADD CONSTRAINT "cart_item_unit_price_check" CHECK ("unit_price" >= 0);
ALTER TABLE "order_line" ADD COLUMN "cart_unit_price" INTEGER;
ALTER TABLE "order_line" ADD CONSTRAINT "order_line_cart_unit_price_check" CHECK ("cart_unit_price" >= 0);
