//! The partner dashboard (`/partner/…`).

pub mod activity;
pub mod api_keys;
pub mod customers;
pub mod delegated_admin;
pub mod delegated_admin_new;
pub mod end_relationship;
pub mod invitation_email;
pub mod release_delegated_admin;
pub mod request_relationship;
pub mod webhooks;

/// `?page=` as a page number; anything unusable means page 1.
pub fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().parse::<i64>().ok()).filter(|p| (1..=1_000_000).contains(p)).unwrap_or(1)
}
