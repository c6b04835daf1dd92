//! The worker's HTTP API on the real Workers runtime (wrangler dev, workerd).

mod abuse;
mod authorization;
mod bad_input;
mod basic_auth;
mod bench;
mod durability;
mod fuzz;
mod health;
mod hostile_input;
mod inventory;
mod leaks;
mod logins;
mod migrations;
mod notifications;
mod openapi;
mod organization;
mod races;
mod retention;
mod rotation;
mod secrets;
mod sessions;
mod sign_in;
mod token_api;
mod token_logs;
mod token_pages;
mod tokens;
