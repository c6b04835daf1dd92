-- What each notice is about (shared::notices::NoticeKind), so the portal
-- lists security alerts first with their own actions and groups expiry
-- notices by day. Notices made before are classed by their words.
ALTER TABLE notices ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';
UPDATE notices SET kind = 'new_address'
    WHERE message LIKE '%from a new address%' OR message LIKE '%more new addresses%';
UPDATE notices SET kind = 'rotated' WHERE message LIKE '%rotated itself%';
UPDATE notices SET kind = 'expiring'
    WHERE message LIKE '%works until the end of%';
UPDATE notices SET kind = 'stale_soon' WHERE message LIKE '%will be revoked on%';
UPDATE notices SET kind = 'revoked' WHERE kind = 'other' AND message LIKE '%was revoked%';
