-- Up Migration
-- The service draws each account's referral code itself (domain/referral-code.ts, retrying on a collision). This
-- default, with the same alphabet and length, serves writers that name no code: a replica of the previous version
-- during a rolling update, and tools that insert accounts in bulk (bench/customers.ts).
CREATE FUNCTION new_referral_code() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + floor(random() * 31)::int, 1), '')
  FROM generate_series(1, 8)
$$;
ALTER TABLE customers ALTER COLUMN referral_code SET DEFAULT new_referral_code();

-- Down Migration
ALTER TABLE customers ALTER COLUMN referral_code DROP DEFAULT;
DROP FUNCTION new_referral_code();
