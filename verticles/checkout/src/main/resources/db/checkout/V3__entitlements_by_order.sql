-- A refund (LibraryService.refund) and the orphan-charge check find an order's entitlements by order id; without
-- an index starting with order_id that was a scan of every entitlement.
CREATE INDEX entitlements_by_order ON entitlements (order_id);
