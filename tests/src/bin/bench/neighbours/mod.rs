//! Isolation between organizations, addresses and clients, in one runtime
//! of the demo data: Other Org's token check while Demo Org's clients
//! flood (its ratio to the same check, quiet: `noisy`); the rows each kind
//! of hostile traffic adds to the database, by table (`storage`); and what
//! the largest AUTHENTICATE line a client can cause takes in D1, next to
//! the worker's `LARGEST_LINE_BYTES` that budgets are sized with
//! (`line_size`).
//!
//! Every load is wrk with a Lua script; the scripts that must send an exact
//! number of requests stop wrk themselves once they have, and tell how many
//! they sent and how each was answered.

mod line_size;
mod noisy;
mod setup;
mod storage;

use line_size::largest_line;
use noisy::noisy_neighbour;
use setup::Neighbours;
use storage::storage_growth;

use crate::Settings;
use crate::report::Report;

pub async fn measure(settings: &Settings, report: &mut Report) {
    println!("starting a runtime for the neighbours' figures");
    let neighbours = Neighbours::start().await;
    noisy_neighbour(&neighbours, settings, report);
    storage_growth(&neighbours, settings, report);
    largest_line(&neighbours, settings, report).await;
}
