//! `GET /api/health`: answers without touching storage, for load balancers
//! and for the test harness waiting for the runtime.

use tessera_shared::endpoints::HealthCheck;
use tessera_shared::health::Health;
use worker::Response;

use super::caller::{Call, Handler, Proof};
use crate::error::AppResult;
use crate::http;

impl Handler for HealthCheck {
    async fn handle(_: Call<'_>, (): Proof<Self>) -> AppResult<Response> {
        let health = Health {
            status: "ok".into(),
        };
        Ok(http::answer::<Self>(200, &health))
    }
}
