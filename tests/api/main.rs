//! Black-box tests: the real application on port 0 with a fresh database,
//! driven over HTTP. One binary, so the crate links once.

mod helpers;

mod activity;
mod admin;
mod api_matrix;
mod api_support;
mod api_v1;
mod auth;
mod config;
mod delegated_admin;
mod delegated_admin_jobs;
mod hardening;
mod hostile;
mod invitation_kinds;
mod landing;
mod lifecycle;
mod links;
mod listener_tls;
mod locales;
mod matrix;
mod notifications;
mod paging;
mod partner;
mod partner_names;
mod partner_of_record;
mod plans;
mod process;
mod release;
mod reliability;
mod schema;
mod search;
mod translations;
mod webhooks;
