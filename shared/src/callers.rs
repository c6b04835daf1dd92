//! Who may call an endpoint: part of its contract. Each `endpoints!` entry
//! names one of the types below as its `caller`; the worker's router
//! resolves that caller before the handler runs and hands the handler what
//! it proved (a session, a system administrator, a token with a scope), so
//! a handler cannot run unchecked; the OpenAPI document's `security` and its
//! 401, 403, 429 and 503 answers are written from the same declaration.
//!
//! Checks that depend on the resource (whose tokens these are, R1 and R9)
//! stay with the rule that knows the resource; the endpoint documents the
//! 403 they add.

use crate::ScopeName;

/// Who may call an endpoint, as its `endpoints!` entry declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Anyone: no credentials.
    Anyone,
    /// A signed-in session if there is one; nobody is an answer too.
    SessionIfAny,
    /// A signed-in session (R14); a state-changing one also echoes its CSRF token.
    SignedIn { change: bool },
    /// A signed-in system administrator (R8).
    SystemAdmin { change: bool },
    /// A signed-in token admin: a system administrator with the API Token Admin Role (R9).
    TokenAdmin { change: bool },
    /// A token string whose Scope includes `scope`, or Basic credentials
    /// where the organization allows them (R5, R11).
    Token { scope: ScopeName },
    /// A token string, for the token itself: no scope needed, Basic refused.
    TokenItself,
    /// A secret-scanning provider, by its signature over the body.
    ScanProvider,
}

/// A caller declaration as a type: what `endpoints!` entries name, so that
/// the worker can tie each declaration to the proof its router hands over.
pub trait Declared {
    const CALLER: Caller;
}

macro_rules! callers {
    ($($(#[doc = $doc:literal])* $name:ident => $caller:expr;)*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl Declared for $name {
                const CALLER: Caller = $caller;
            }
        )*
    };
}

callers! {
    /// No credentials needed.
    Anyone => Caller::Anyone;
    /// The session if there is one.
    SessionIfAny => Caller::SessionIfAny;
    /// A signed-in session, reading.
    SignedIn => Caller::SignedIn { change: false };
    /// A signed-in session with its CSRF token, changing something.
    SignedInChange => Caller::SignedIn { change: true };
    /// A system administrator, reading.
    SystemAdmin => Caller::SystemAdmin { change: false };
    /// A system administrator with the session's CSRF token.
    SystemAdminChange => Caller::SystemAdmin { change: true };
    /// A token admin, reading.
    TokenAdmin => Caller::TokenAdmin { change: false };
    /// A token admin with the session's CSRF token.
    TokenAdminChange => Caller::TokenAdmin { change: true };
    /// A token (or Basic credentials) whose Scope includes Meta Record.
    MetaRecordToken => Caller::Token { scope: ScopeName::MetaRecord };
    /// A token (or Basic credentials) whose Scope includes Report Record.
    ReportRecordToken => Caller::Token { scope: ScopeName::ReportRecord };
    /// The token itself.
    TokenItself => Caller::TokenItself;
    /// A secret-scanning provider's signed report.
    ScanProvider => Caller::ScanProvider;
}

impl Caller {
    /// The alternatives of the OpenAPI `security` requirement, each a list
    /// of the schemes it needs together; empty for none.
    pub fn security(self) -> &'static [&'static [&'static str]] {
        match self {
            Self::Anyone | Self::ScanProvider => &[],
            Self::SessionIfAny => &[&[], &["session"]],
            Self::SignedIn { change }
            | Self::SystemAdmin { change }
            | Self::TokenAdmin { change } => match change {
                true => &[&["session", "csrf"]],
                false => &[&["session"]],
            },
            Self::Token { .. } => &[&["token"], &["basic"]],
            Self::TokenItself => &[&["token"]],
        }
    }

    /// Why this caller is answered 401, if it can be.
    pub fn unauthorized(self) -> Option<&'static str> {
        match self {
            Self::Anyone | Self::SessionIfAny => None,
            Self::SignedIn { .. } | Self::SystemAdmin { .. } | Self::TokenAdmin { .. } => {
                Some("Not signed in")
            }
            Self::Token { .. } => Some(
                "Missing, malformed, unknown, revoked or expired token string, one blocked by the organization's token policy, or Basic credentials refused",
            ),
            Self::TokenItself => Some(
                "Missing, malformed, unknown, revoked or expired token string, or one blocked by the organization's token policy (Basic credentials name a login, not a token)",
            ),
            Self::ScanProvider => {
                Some("No configured key has this identifier, or the signature does not verify")
            }
        }
    }

    /// Why this caller is answered 403, each reason as it reads after "or".
    pub fn forbidden(self) -> Vec<String> {
        let csrf = |change: bool| change.then(|| "missing or wrong CSRF token".to_owned());
        match self {
            Self::Anyone | Self::SessionIfAny | Self::ScanProvider => Vec::new(),
            Self::SignedIn { change } => csrf(change).into_iter().collect(),
            Self::SystemAdmin { change } => std::iter::once("not a system administrator".into())
                .chain(csrf(change))
                .collect(),
            Self::TokenAdmin { change } => {
                std::iter::once("not a token admin (without the API Token Admin Role)".into())
                    .chain(csrf(change))
                    .collect()
            }
            Self::Token { scope } => vec![
                format!("the token's Scope lacks {}", scope.label()),
                "it is limited to named reports and this request reads another".into(),
                "its allowlist does not name the client's address".into(),
            ],
            Self::TokenItself => vec![
                "the token's allowlist does not name the client's address".into(),
                "Basic credentials were sent".into(),
            ],
        }
    }

    /// Why a token caller waits (429) or is not served (503).
    pub fn token_refusals(self) -> Option<(&'static str, &'static str)> {
        matches!(self, Self::Token { .. } | Self::TokenItself).then_some((
            "too many failed attempts from this client address, or too many failed Basic attempts for this login: see Retry-After",
            "The request's Token Logs entry could not be written, so it was not served: see Retry-After",
        ))
    }

    /// Whether the caller presents a token string (or Basic credentials).
    pub fn is_token(self) -> bool {
        matches!(self, Self::Token { .. } | Self::TokenItself)
    }
}
