//! The customer's admin center (`/admin/…`).

pub mod activity;
pub mod delegated_admin;
pub mod end_relationship;
pub mod partner_invitation;
pub mod partner_of_record;
pub mod partner_relationships;
