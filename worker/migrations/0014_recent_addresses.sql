-- A token's last 5 distinct client addresses, each with when it was last
-- seen (R22): a JSON array of [address, unix seconds], newest first.
-- Read with the token check; written only when an address is new, or its
-- time is a minute old, compare-and-set against what was read.
ALTER TABLE tokens ADD COLUMN recent_addresses TEXT;
