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
