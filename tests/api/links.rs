//! Nothing offers a user a page they may not open (issue 14 item 20, the
//! helpdesk agent's navigation link to a 403, extended to every role, page
//! and link part two added): every link on every page of the route table
//! that a demo user reaches answers that user 200.

use std::collections::BTreeSet;

use crate::helpers::*;
use crate::on_both_backends;

/// The site-relative links of a page (`href="/…"`), static files aside.
fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("/static/"))
        .map(unescape)
        .collect()
}

on_both_backends! {
    async fn every_link_a_user_is_shown_opens_for_that_user(app) {
        let pages: Vec<&str> = partnerlink::routes::list()
            .into_iter()
            .filter(|(method, path)| *method == actix_web::http::Method::GET && !path.contains('{') && !path.ends_with(".csv"))
            .map(|(_, path)| path)
            .collect();
        for (email, side) in [
            ("admin@northwind.example", "/partner/"),
            ("sales@northwind.example", "/partner/"),
            ("helpdesk@northwind.example", "/partner/"),
            ("admin@tailspin.example", "/admin/"),
            ("user@tailspin.example", "/admin/"),
        ] {
            let browser = app.signed_in(email).await;
            let mut shown = BTreeSet::new();
            for page in pages.iter().filter(|p| p.starts_with(side)) {
                let answer = browser.get(page).await;
                if answer.status == 200 {
                    shown.extend(links(&answer.body).into_iter().map(|link| (link, *page)));
                }
            }
            assert!(shown.len() > 3, "{email}: {shown:?}");
            for (link, on) in shown {
                let status = browser.get(&link).await.status;
                assert_eq!(status, 200, "{email}: {link} (linked from {on}) answers {status}");
            }
        }
    }
}
