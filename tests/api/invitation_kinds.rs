//! The two invitation links (issue #18): with delegated administration, and
//! for the reseller relationship only, each with its own opaque token. What
//! accepting grants is the token's kind, kept on the server: nothing in the
//! URL or the form widens it.

use crate::helpers::*;
use crate::on_both_backends;

const REQUEST: &str = "/partner/customers/request-relationship";

/// The reseller-only link shown on a partner's request screen.
async fn reseller_only_link(partner: &Browser) -> String {
    link_on(&partner.get(&format!("{REQUEST}?dap=false&dap=false")).await)
}

/// The value of `#invitation-link` on a request screen.
fn link_on(page: &Page) -> String {
    assert_eq!(page.status, 200, "{}", page.body);
    let marker = "id=\"invitation-link\" class=\"mono\" value=\"";
    unescape(page.body.split(marker).nth(1).expect("invitation-link field").split('"').next().unwrap())
}

/// Active delegated-admin grants of Northwind on Tailspin Toys, any service.
fn northwind_grants_on_tailspin(app: &TestApp) -> i64 {
    app.scalar(
        "SELECT COUNT(*) AS n FROM delegated_admin_grants g JOIN partners p ON p.id = g.partner_id \
         WHERE p.name = 'Northwind Cloud Partners' AND g.removed_at IS NULL \
         AND g.tenant_id = (SELECT id FROM tenants WHERE name = 'Tailspin Toys')",
    )
}

fn northwind_relationships_with_tailspin(app: &TestApp) -> i64 {
    app.scalar(
        "SELECT COUNT(*) AS n FROM reseller_relationships r JOIN partners p ON p.id = r.partner_id \
         WHERE p.name = 'Northwind Cloud Partners' \
         AND r.tenant_id = (SELECT id FROM tenants WHERE name = 'Tailspin Toys')",
    )
}

fn active_tokens(app: &TestApp) -> i64 {
    app.scalar(
        "SELECT COUNT(*) AS n FROM invitation_tokens t JOIN partners p ON p.id = t.partner_id \
         WHERE p.name = 'Northwind Cloud Partners' AND t.revoked_at IS NULL",
    )
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The exact text of the element with `id` (a `<p>` or a `<textarea>`).
fn element_text(page: &Page, id: &str) -> String {
    let rest = page.body.split(&format!("id=\"{id}\"")).nth(1).unwrap_or_else(|| panic!("#{id}"));
    let content = &rest[rest.find('>').unwrap() + 1..];
    unescape(&content[..content.find("</").unwrap()])
}

/// The text of a message between its placeables (rendered without arguments).
fn fixed_words(message: &str) -> Vec<String> {
    let marks: &[char] = &['\u{2068}', '\u{2069}', ' '];
    message
        .split('{')
        .map(|part| part.rsplit('}').next().unwrap().trim_matches(marks).to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

on_both_backends! {
    async fn each_kind_has_its_own_token_and_no_dap_parameter(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let sales = app.signed_in("sales@northwind.example").await;
        let full = invitation_link(&admin).await;
        let only = reseller_only_link(&admin).await;
        let prefix = format!("{}/admin/partner-invitation?token=", app.address);
        for link in [&full, &only] {
            assert!(link.starts_with(&prefix), "{link}");
            assert!(!link.contains('&') && !link.contains("dap"), "the token alone: {link}");
        }
        let (full_token, only_token) = (token_of(&full), token_of(&only));
        assert_ne!(full_token, only_token);
        assert!(only_token.len() * 6 >= 128, "at least 128 bits: {only_token}");
        assert!(!full_token.contains(&only_token[..8]) && !only_token.contains(&full_token[..8]), "unrelated tokens");
        // Stable, the same for every user of the partner, one of each kind.
        assert_eq!(reseller_only_link(&admin).await, only);
        assert_eq!(reseller_only_link(&sales).await, only);
        assert_eq!(invitation_link(&sales).await, full);
        assert_ne!(reseller_only_link(&app.signed_in("admin@fabrikam.example").await).await, only);
        assert_eq!(active_tokens(&app), 2);
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link_rotated'"), 0);
    }

    async fn the_reseller_only_page_offers_no_services_whatever_the_url_says(app) {
        let only = reseller_only_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        for link in [only.clone(), format!("{only}&dap=true"), format!("{only}&dap=false&dap=true"), format!("{only}&dap=")] {
            let page = customer.get(&link).await;
            assert_eq!(page.status, 200, "{link}");
            page.assert_contains("does not ask for delegated administration");
            assert!(!page.body.contains("name=\"services\""), "{link} offers services");
        }
        // The full link offers them.
        let full = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        customer.get(&full).await.assert_contains("name=\"services\"");
    }

    async fn a_forged_acceptance_of_a_reseller_only_link_grants_the_relationship_only(app) {
        let only = reseller_only_link(&app.signed_in("admin@northwind.example").await).await;
        let token = token_of(&only);
        let token = token.as_str();
        let customer = app.signed_in("admin@tailspin.example").await;
        assert_eq!(northwind_relationships_with_tailspin(&app), 0);
        // No `dap` field at all, `dap=true`, an empty one; services ticked by hand.
        let forged: [&[(&str, &str)]; 3] = [
            &[("token", token), ("services", "azure"), ("accept_agreement", "yes")],
            &[("token", token), ("dap", "true"), ("services", "azure"), ("services", "office365"), ("accept_agreement", "yes")],
            &[("token", token), ("dap", ""), ("services", "powerbi"), ("accept_agreement", "yes")],
        ];
        for fields in forged {
            let page = customer.submit(&only, "/admin/partner-invitation", fields).await;
            assert_eq!(page.status, 303, "{fields:?}: {}", page.body);
            assert_eq!(northwind_grants_on_tailspin(&app), 0, "{fields:?} granted delegated admin");
        }
        assert_eq!(northwind_relationships_with_tailspin(&app), 1);
        let granted_events = app.scalar(
            "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'dap_granted' \
             AND partner_id = (SELECT id FROM partners WHERE name = 'Northwind Cloud Partners') \
             AND tenant_id = (SELECT id FROM tenants WHERE name = 'Tailspin Toys')",
        );
        assert_eq!(granted_events, 0);
        customer.get("/admin/partner-relationships").await.assert_contains("without delegated administration");
    }

    async fn the_full_link_can_still_be_narrowed_but_nothing_widens_it(app) {
        let full = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let token = token_of(&full);
        let customer = app.signed_in("admin@tailspin.example").await;
        // A link sent before there were two kinds: `dap=false` narrows it.
        let narrowed = format!("{full}&dap=false");
        let page = customer.get(&narrowed).await;
        page.assert_contains("does not ask for delegated administration");
        assert!(!page.body.contains("name=\"services\""));
        let fields = [("token", token.as_str()), ("dap", "false"), ("services", "azure"), ("accept_agreement", "yes")];
        assert_eq!(customer.submit(&narrowed, "/admin/partner-invitation", &fields).await.status, 303);
        assert_eq!(northwind_grants_on_tailspin(&app), 0);
        assert_eq!(northwind_relationships_with_tailspin(&app), 1);
        // The full link itself grants what the customer ticks.
        let fields = [("token", token.as_str()), ("services", "azure"), ("accept_agreement", "yes")];
        assert_eq!(customer.submit(&full, "/admin/partner-invitation", &fields).await.status, 303);
        assert_eq!(northwind_grants_on_tailspin(&app), 1);
    }

    async fn rotation_replaces_both_links_and_both_old_ones_stop_working(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let (old_full, old_only) = (invitation_link(&admin).await, reseller_only_link(&admin).await);
        let page = admin.submit(&format!("{REQUEST}/rotate"), &format!("{REQUEST}/rotate"), &[("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        let (new_full, new_only) = (invitation_link(&admin).await, reseller_only_link(&admin).await);
        for old in [&old_full, &old_only] {
            assert_ne!(&new_full, old);
            assert_ne!(&new_only, old);
        }
        assert_ne!(new_full, new_only);
        assert_eq!(active_tokens(&app), 2);
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link_rotated'"), 1);

        let customer = app.signed_in("admin@tailspin.example").await;
        for old in [&old_full, &old_only] {
            let page = customer.get(&format!("{old}&lang=zh-CN")).await;
            assert_eq!(page.status, 404, "{old}");
            page.assert_contains(&app.text("zh-CN", "error-invitation-title"));
            let fields = [("token", token_of(old)), ("accept_agreement", "yes".into())];
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let page = customer.submit("/admin/partner-relationships", "/admin/partner-invitation", &fields).await;
            assert_eq!(page.status, 404, "accepting {old}");
        }
        assert_eq!(northwind_relationships_with_tailspin(&app), 0);
        assert_eq!(customer.get(&new_full).await.status, 200);
        let page = customer.get(&new_only).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("name=\"services\""), "the new reseller-only link is still reseller-only");
    }

    async fn each_email_matches_its_link(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let full = invitation_link(&admin).await;
        let only = reseller_only_link(&admin).await;
        for lang in ["en", "ru", "zh-CN"] {
            for (query, link, other, paragraph_id) in [
                ("", &full, &only, "request-email-link-paragraph"),
                ("&dap=false", &only, &full, "request-email-link-paragraph-no-dap"),
            ] {
                let page = admin.get(&format!("{REQUEST}?email_lang={lang}{query}")).await;
                assert_eq!(&link_on(&page), link, "[{lang}{query}] the raw link");
                let paragraph = element_text(&page, "email-link-paragraph");
                assert!(paragraph.ends_with(link.as_str()), "[{lang}{query}] link paragraph: {paragraph}");
                for words in fixed_words(&app.text(lang, paragraph_id)) {
                    assert!(paragraph.contains(&words), "[{lang}{query}] not the {paragraph_id} text: {paragraph}");
                }
                let href = unescape(page.body.split("id=\"mailto-link\"").nth(1).unwrap().split("href=\"").nth(1).unwrap());
                let body = decode(href.split('"').next().unwrap().split("&body=").nth(1).unwrap());
                assert!(body.contains(&paragraph.replace('\n', "\r\n")), "[{lang}{query}] mailto body: {body}");
                assert!(!unescape(&page.body).contains(other.as_str()), "[{lang}{query}] the other link is on the page");
            }
        }
    }

    async fn a_partner_from_before_two_kinds_keeps_its_link_and_gets_a_reseller_only_one(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let full = invitation_link(&admin).await;
        app.execute("DELETE FROM invitation_tokens WHERE reseller_only");
        let only = reseller_only_link(&admin).await;
        assert_ne!(only, full);
        assert_eq!(invitation_link(&admin).await, full, "the link already sent keeps working");
        assert_eq!(reseller_only_link(&admin).await, only, "issued once");
        assert_eq!(active_tokens(&app), 2);
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link_rotated'"), 0);
        let customer = app.signed_in("admin@tailspin.example").await;
        assert!(!customer.get(&only).await.body.contains("name=\"services\""));
    }
}
