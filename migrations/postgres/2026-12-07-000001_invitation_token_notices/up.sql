-- Each instance also keeps partners' current invitation links for a few
-- seconds (src/web/kept.rs, the request page): any change to a token (one
-- issued, rotated, revoked, removed) makes every instance forget
-- everything it keeps, as a change to accounts does. Rare: a partner
-- rotates its links by hand.

CREATE TRIGGER invitation_tokens_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON invitation_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_principals_changed();
