-- Where a token works (R23): a JSON array of canonical addresses and
-- CIDR ranges (`203.0.113.0/24`, `2001:db8::/32`); NULL: anywhere. Set like
-- any field, so changing it stops the current string (R6). An organization
-- may give new tokens a default list.
ALTER TABLE tokens ADD COLUMN allowed_addresses TEXT;
ALTER TABLE organizations ADD COLUMN default_allowed_addresses TEXT;
