-- Up Migration
-- Staff fulfil orders (accept, ship, deliver, cancel with a reason) and receive a notification per paid order;
-- they rank between customer and admin (pkg/src/auth).
ALTER TABLE customers DROP CONSTRAINT customers_role_check;
ALTER TABLE customers ADD CONSTRAINT customers_role_check CHECK (role IN ('customer', 'staff', 'admin'));
-- The staff fan-out of every paid order reads the staff accounts.
CREATE INDEX customers_staff ON customers (id) WHERE role = 'staff';

-- Down Migration
DROP INDEX customers_staff;
UPDATE customers SET role = 'customer' WHERE role = 'staff';
ALTER TABLE customers DROP CONSTRAINT customers_role_check;
ALTER TABLE customers ADD CONSTRAINT customers_role_check CHECK (role IN ('customer', 'admin'));
