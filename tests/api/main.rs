//! Black-box tests: the real application on port 0 with a fresh database,
//! driven over HTTP. One binary, so the crate links once.

mod helpers;

mod config;
mod landing;
mod schema;
