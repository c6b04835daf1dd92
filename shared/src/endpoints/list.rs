//! Every endpoint of the API, with who may call it: one entry each.

use super::*;

with_governance_endpoints! {
    /// Liveness probe: answers without touching storage.
    HealthCheck = get "/api/health" {
        caller: Anyone,
        operation: "health", tag: "portal", id: (), query: NoQuery, body: none, answer: Health,
        params: (),
        responses: ((status = 200, description = "The worker answers; no storage is touched", body = Health)),
    }
    /// The signed-in session, or `204` when nobody is signed in.
    GetSession = get "/api/session" {
        caller: SessionIfAny,
        operation: "get_session", tag: "portal", id: (), query: NoQuery, body: none,
        answer: Option<SessionInfo>,
        params: (),
        responses: (
            (status = 200, description = "The signed-in session", body = SessionInfo),
            (status = 204, description = "Nobody is signed in, or the session expired")),
    }
    /// Signs in; the answer sets the session cookie.
    SignIn = post "/api/session" {
        caller: Anyone,
        operation: "sign_in", tag: "portal", id: (), query: NoQuery, body: SignInRequest,
        answer: SessionInfo, params: (),
        responses: (
            (status = 200, description = "Signed in; the response sets the session cookie", body = SessionInfo),
            (status = 401, description = "Email or password incorrect, or the login disabled: one answer, which never confirms a password", body = crate::ApiError),
            (status = 403, description = "A request from another site", body = crate::ApiError),
            (status = 422, description = "A field is invalid", body = crate::ApiError),
            (status = 429, description = "Too many failed attempts: see Retry-After", body = crate::ApiError)),
    }
    /// Signs out: the session ends on the server.
    SignOut = delete "/api/session" {
        caller: SignedInChange,
        operation: "sign_out", tag: "portal", id: (), query: NoQuery, body: none, answer: NoContent,
        params: (),
        responses: ((status = 204, description = "Signed out; the session is ended on the server")),
    }
    /// "Sign out of all sessions", this one included.
    SignOutEverywhere = delete "/api/sessions" {
        caller: SignedInChange,
        operation: "sign_out_everywhere", tag: "portal", id: (), query: NoQuery, body: none,
        answer: NoContent, params: (),
        responses: (
            (status = 204, description = "Every session of the signed-in login ended, this one included, at every location at once")),
    }
    /// Contacts & Logins: the organization's logins (system administrators).
    ListLogins = get "/api/logins" {
        caller: SystemAdmin,
        operation: "list_logins", tag: "portal", id: (), query: LoginSearch, body: none,
        answer: LoginList, params: (),
        responses: (
            (status = 200, description = "The organization's logins, by name", body = LoginList),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError)),
    }
    /// Adds a login to the organization.
    CreateLogin = post "/api/logins" {
        caller: SystemAdminChange,
        operation: "create_login", tag: "portal", id: (), query: NoQuery, body: CreateLoginRequest,
        answer: LoginRow, params: (),
        responses: (
            (status = 201, description = "Added, not activated until its first sign-in", body = LoginRow),
            (status = 409, description = "The email address is taken", body = crate::ApiError),
            (status = 422, description = "A field is invalid", body = crate::ApiError)),
    }
    /// Applies a role or flag change to a login.
    ChangeLogin = post "/api/logins/{login_id}/changes" {
        caller: SystemAdminChange,
        operation: "change_login", tag: "portal", id: i64, query: NoQuery, body: ChangeLoginRequest,
        answer: NoContent,
        params: (("login_id" = i64, Path, description = "The login to change", minimum = 1)),
        responses: (
            (status = 204, description = "Changed"),
            (status = 403, description = "Your own login", body = crate::ApiError),
            (status = 404, description = "No such login in your organization", body = crate::ApiError),
            (status = 409, description = "The last system administrator, or changed meanwhile", body = crate::ApiError),
            (status = 422, description = "The admin role for a login that is not a system administrator, or a role or sign-out asked of a service account", body = crate::ApiError)),
    }
    /// The signed-in login's organization and its settings.
    GetOrganization = get "/api/organization" {
        caller: SignedIn,
        operation: "organization", tag: "portal", id: (), query: NoQuery, body: none,
        answer: OrganizationSettings, params: (),
        responses: ((status = 200, description = "Your organization's settings", body = OrganizationSettings)),
    }
    /// Sets the organization's token policy (R26), which the token check
    /// applies to every token from the next request on: tokens that break
    /// it are blocked, and their owners get a notice.
    SetTokenPolicy = put "/api/organization/policy" {
        caller: SystemAdminChange,
        operation: "set_token_policy", tag: "portal", id: (), query: NoQuery,
        body: TokenPolicy, answer: OrganizationSettings,
        params: (),
        responses: (
            (status = 200, description = "Saved", body = OrganizationSettings),
            (status = 422, description = "Out of range, or no scope allowed", body = crate::ApiError)),
    }
    /// What a token policy would block, before it is saved (R26).
    PreviewTokenPolicy = post "/api/organization/policy/preview" {
        caller: SystemAdminChange,
        operation: "preview_token_policy", tag: "portal", id: (), query: NoQuery,
        body: TokenPolicy, answer: PolicyPreview,
        params: (),
        responses: (
            (status = 200, description = "How many live tokens it would block, and the first of them", body = PolicyPreview),
            (status = 422, description = "Out of range, or no scope allowed", body = crate::ApiError)),
    }
    /// The organization's Basic authentication switch (R11).
    SetBasicAuth = put "/api/organization/basic-auth" {
        caller: SystemAdminChange,
        operation: "set_basic_auth", tag: "portal", id: (), query: NoQuery,
        body: BasicAuthRequest, answer: OrganizationSettings,
        params: (),
        responses: ((status = 200, description = "Saved; takes effect at once", body = OrganizationSettings)),
    }
    /// How many days the organization keeps Token Logs (R17).
    SetLogRetention = put "/api/organization/log-retention" {
        caller: SystemAdminChange,
        operation: "set_log_retention", tag: "portal", id: (), query: NoQuery,
        body: LogRetentionRequest, answer: OrganizationSettings,
        params: (),
        responses: (
            (status = 200, description = "Saved; the next daily retention run deletes older Token Logs entries", body = OrganizationSettings),
            (status = 422, description = "Out of range: the request's schema gives the bounds", body = crate::ApiError)),
    }
    /// Revoke tokens unused for a number of days: the organization's stale-token policy.
    SetStaleTokens = put "/api/organization/stale-tokens" {
        caller: SystemAdminChange,
        operation: "set_stale_tokens", tag: "portal", id: (), query: NoQuery,
        body: StaleTokensRequest, answer: OrganizationSettings,
        params: (),
        responses: (
            (status = 200, description = "Saved; the daily run warns owners 7 days ahead, then revokes", body = OrganizationSettings),
            (status = 422, description = "Out of range: the request's schema gives the bounds", body = crate::ApiError)),
    }
    /// The addresses and ranges new tokens work from by default.
    SetDefaultAllowlist = put "/api/organization/allowed-addresses" {
        caller: SystemAdminChange,
        operation: "set_default_allowlist", tag: "portal", id: (), query: NoQuery,
        body: DefaultAllowlistRequest, answer: OrganizationSettings,
        params: (),
        responses: (
            (status = 200, description = "Saved; tokens created from now on start with this list", body = OrganizationSettings),
            (status = 422, description = "An entry is not an address or a range, or there are more than 50", body = crate::ApiError)),
    }
    /// Where the organization's events are delivered, signed.
    SetWebhook = put "/api/organization/webhook" {
        caller: SystemAdminChange,
        operation: "set_webhook", tag: "portal", id: (), query: NoQuery,
        body: WebhookRequest, answer: WebhookSaved,
        params: (),
        responses: (
            (status = 200, description = "Saved; a new signing secret is shown this once", body = WebhookSaved),
            (status = 422, description = "Not an https:// address", body = crate::ApiError),
            (status = 503, description = "The worker has no WEBHOOK_SIGNING_KEY to sign deliveries with", body = crate::ApiError)),
    }
    /// The organization's latest webhook deliveries.
    WebhookDeliveries = get "/api/organization/webhook/deliveries" {
        caller: SystemAdmin,
        operation: "webhook_deliveries", tag: "portal", id: (), query: NoQuery, body: none,
        answer: DeliveryList, params: (),
        responses: ((status = 200, description = "The latest deliveries, newest first", body = DeliveryList)),
    }
    /// Sends a `ping` delivery to the webhook now.
    TestWebhook = post "/api/organization/webhook/test" {
        caller: SystemAdminChange,
        operation: "test_webhook", tag: "portal", id: (), query: NoQuery, body: none,
        answer: WebhookDelivery, params: (),
        responses: (
            (status = 202, description = "Queued: the deliveries list shows how it goes", body = WebhookDelivery),
            (status = 409, description = "No webhook is set", body = crate::ApiError),
            (status = 429, description = "The organization's test deliveries for this minute are used up: see Retry-After", body = crate::ApiError),
            (status = 503, description = "The worker has no WEBHOOK_SIGNING_KEY to sign deliveries with", body = crate::ApiError)),
    }
    /// The signed-in login's notices about its tokens, newest first.
    ListNotices = get "/api/notices" {
        caller: SignedIn,
        operation: "notices", tag: "portal", id: (), query: NoQuery, body: none,
        answer: NoticeList, params: (),
        responses: ((status = 200, description = "Notices not dismissed yet, newest first (at most 50)", body = NoticeList)),
    }
    /// Dismisses one of the signed-in login's notices.
    DismissNotice = delete "/api/notices/{notice_id}" {
        caller: SignedInChange,
        operation: "dismiss_notice", tag: "portal", id: i64, query: NoQuery, body: none,
        answer: NoContent,
        params: (("notice_id" = i64, Path, description = "The notice to dismiss", minimum = 1)),
        responses: (
            (status = 204, description = "Dismissed"),
            (status = 404, description = "No such notice of yours", body = crate::ApiError)),
    }
    /// Dismisses several of the signed-in login's notices at once.
    DismissNotices = post "/api/notices/dismiss" {
        caller: SignedInChange,
        operation: "dismiss_notices", tag: "portal", id: (), query: NoQuery, body: DismissNoticesRequest,
        answer: NoticesDismissed, params: (),
        responses: (
            (status = 200, description = "Those of the ids that were your notices still shown are dismissed", body = NoticesDismissed),
            (status = 422, description = "No ids, or more than 50", body = crate::ApiError)),
    }
    /// The token inventory (R13): the organization's live tokens, a page at a time.
    Inventory = get "/api/inventory" {
        caller: TokenAdmin,
        operation: "inventory", tag: "portal", id: (), query: InventoryQuery, body: none,
        answer: InventoryPage, params: (),
        responses: (
            (status = 200, description = "Live tokens of the organization, in id order", body = InventoryPage),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError)),
    }
    /// The organization's week: its busiest and its most-failing tokens.
    OrganizationUsage = get "/api/inventory/usage" {
        caller: TokenAdmin,
        operation: "organization_usage", tag: "portal", id: (), query: NoQuery, body: none,
        answer: OrganizationWeek, params: (),
        responses: (
            (status = 200, description = "The tokens with the most requests and the most failed requests over the last 7 days (today in UTC last)", body = OrganizationWeek)),
    }
    /// The same inventory as CSV: every matching token.
    InventoryCsv = get "/api/inventory.csv" {
        caller: TokenAdmin,
        operation: "inventory_csv", tag: "portal", id: (), query: InventoryExportQuery, body: none,
        answer: Text, params: (),
        responses: (
            (status = 200, description = "Every matching token as CSV, streamed", content_type = "text/csv", body = String),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError)),
    }
    /// Revokes the selected tokens, all or none.
    BulkRevoke = post "/api/inventory/revocations" {
        caller: TokenAdminChange,
        operation: "bulk_revoke", tag: "portal", id: (), query: NoQuery, body: BulkRevokeRequest,
        answer: BulkRevokeResult, params: (),
        responses: (
            (status = 200, description = "Every selected token revoked", body = BulkRevokeResult),
            (status = 409, description = "A selected token is not live in your organization: none was revoked", body = crate::ApiError),
            (status = 422, description = "No tokens, or too many", body = crate::ApiError)),
    }
    /// Access Tokens: one page of a login's live tokens.
    ListTokens = get "/api/logins/{login_id}/tokens" {
        caller: SignedIn,
        operation: "list_tokens", tag: "portal", id: i64, query: TokenListQuery, body: none,
        answer: TokenPage,
        params: (("login_id" = i64, Path, description = "The login whose tokens to list", minimum = 1)),
        responses: (
            (status = 200, description = "One page of the login's live tokens, by name (case-insensitive) then id, and how many there are", body = TokenPage),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError),
            (status = 403, description = "No token role, or another login's tokens without the admin role", body = crate::ApiError),
            (status = 404, description = "No such login in your organization", body = crate::ApiError)),
    }
    /// Create New: a token for a login, Not generated.
    CreateToken = post "/api/logins/{login_id}/tokens" {
        caller: SignedInChange,
        operation: "create_token", tag: "portal", id: i64, query: NoQuery, body: CreateTokenRequest,
        answer: TokenView,
        params: (("login_id" = i64, Path, description = "The login the token is for", minimum = 1)),
        responses: (
            (status = 201, description = "Created, Not generated", body = TokenView),
            (status = 403, description = "No token role, or another login's token without the admin role", body = crate::ApiError),
            (status = 404, description = "No such login in your organization", body = crate::ApiError),
            (status = 409, description = "The login already has a live token of that name", body = crate::ApiError),
            (status = 422, description = "A field is invalid, or the login is not activated", body = crate::ApiError)),
    }
    /// Edit Token: any change leaves it Not generated.
    EditToken = put "/api/tokens/{token_id}" {
        caller: SignedInChange,
        operation: "edit_token", tag: "portal", id: i64, query: NoQuery, body: EditTokenRequest,
        answer: TokenView,
        params: (("token_id" = i64, Path, description = "The token to edit", minimum = 1)),
        responses: (
            (status = 200, description = "Saved; any change leaves the token Not generated", body = TokenView),
            (status = 403, description = "No token role, or another login's token without the admin role", body = crate::ApiError),
            (status = 404, description = "No such live token in your organization", body = crate::ApiError),
            (status = 409, description = "Changed by someone else since it was read, or name taken", body = crate::ApiError),
            (status = 422, description = "A field is invalid", body = crate::ApiError)),
    }
    /// Revoke Token: irreversibly, at once.
    RevokeToken = delete "/api/tokens/{token_id}" {
        caller: SignedInChange,
        operation: "revoke_token", tag: "portal", id: i64, query: NoQuery, body: none,
        answer: NoContent,
        params: (("token_id" = i64, Path, description = "The token to revoke", minimum = 1)),
        responses: (
            (status = 204, description = "Revoked, irreversibly and at once"),
            (status = 403, description = "No token role, or another login's token without the admin role", body = crate::ApiError),
            (status = 404, description = "No such live token in your organization", body = crate::ApiError)),
    }
    /// Generate Token: a new token string, shown this once.
    GenerateToken = post "/api/tokens/{token_id}/generate" {
        caller: SignedInChange,
        operation: "generate_token", tag: "portal", id: i64, query: NoQuery, body: none,
        answer: GeneratedToken,
        params: (("token_id" = i64, Path, description = "The token to generate a string for", minimum = 1)),
        responses: (
            (status = 200, description = "The new token string, shown this once", body = GeneratedToken),
            (status = 403, description = "No token role, or another login's token without the admin role", body = crate::ApiError),
            (status = 404, description = "No such live token in your organization", body = crate::ApiError),
            (status = 409, description = "The token waits for approval, or was denied (R27)", body = crate::ApiError),
            (status = 422, description = "The token has expired", body = crate::ApiError)),
    }
    /// Rotate Token: a new string; the previous one keeps working for the
    /// grace period or until the new one is first used, whichever is first.
    RotateToken = post "/api/tokens/{token_id}/rotate" {
        caller: SignedInChange,
        operation: "rotate_token", tag: "portal", id: i64, query: NoQuery, body: RotateTokenRequest,
        answer: RotatedToken,
        params: (("token_id" = i64, Path, description = "The token to rotate", minimum = 1)),
        responses: (
            (status = 200, description = "The new token string, shown this once, and when the previous one stops at the latest", body = RotatedToken),
            (status = 403, description = "No token role, or another login's token without the admin role", body = crate::ApiError),
            (status = 404, description = "No such live token in your organization", body = crate::ApiError),
            (status = 422, description = "The token has expired, or has no token string to rotate", body = crate::ApiError)),
    }
    /// A token's usage at a glance: requests per day over 30 days, OK and
    /// Fail apart, its last client addresses and its last use.
    TokenUsage = get "/api/tokens/{token_id}/usage" {
        caller: SignedIn,
        operation: "token_usage", tag: "portal", id: i64, query: NoQuery, body: none,
        answer: TokenUsageView,
        params: (("token_id" = i64, Path, description = "The token whose usage to show", minimum = 1)),
        responses: (
            (status = 200, description = "Requests per day, oldest first, from the daily counters (today in UTC last)", body = TokenUsageView),
            (status = 403, description = "No token role, or another login's token without the admin role", body = crate::ApiError),
            (status = 404, description = "No such live token in your organization", body = crate::ApiError)),
    }
    /// Token Logs (R12), filtered, a page at a time.
    TokenLogs = get "/api/token-logs" {
        caller: SignedIn,
        operation: "token_logs", tag: "portal", id: (), query: TokenLogQuery, body: none,
        answer: TokenLogPage, params: (),
        responses: (
            (status = 200, description = "Entries, newest first", body = TokenLogPage),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError),
            (status = 403, description = "Other logins' entries without the admin role", body = crate::ApiError)),
    }
    /// The same entries as CSV: every one the filters match.
    TokenLogsCsv = get "/api/token-logs.csv" {
        caller: SignedIn,
        operation: "token_logs_csv", tag: "portal", id: (), query: TokenLogQuery, body: none,
        answer: Text, params: (),
        responses: (
            (status = 200, description = "Every matching entry, newest first, as CSV, streamed", content_type = "text/csv", body = String),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError),
            (status = 403, description = "Other logins' entries without the admin role", body = crate::ApiError)),
    }
    /// Token-protected (R5): the organization and its locations; needs Meta Record.
    Meta = get "/api/meta" {
        caller: MetaRecordToken,
        operation: "meta", tag: "api", id: (), query: NoQuery, body: none, answer: MetaRecords,
        params: (("X-Request-Id" = Option<String>, Header, description = "Your name for the request: 1 to 64 letters, digits, - _ . or :, echoed in the answer and kept with its Token Logs entry. Any other value is ignored.")),
        responses: ((status = 200, description = "The organization and its locations (Meta Record scope)", body = MetaRecords)),
    }
    /// Token-protected (R5): the organization's report definitions; needs Meta Record.
    MetaReports = get "/api/meta/reports" {
        caller: MetaRecordToken,
        operation: "meta_reports", tag: "api", id: (), query: NoQuery, body: none,
        answer: ReportList,
        params: (("X-Request-Id" = Option<String>, Header, description = "Your name for the request: 1 to 64 letters, digits, - _ . or :, echoed in the answer and kept with its Token Logs entry. Any other value is ignored.")),
        responses: ((status = 200, description = "The organization's report definitions (Meta Record scope)", body = ReportList)),
    }
    /// Token-protected (R5): a page of the organization's readings; needs Report Record.
    Data = get "/api/data" {
        caller: ReportRecordToken,
        operation: "data", tag: "api", id: (), query: PageQuery, body: none, answer: ReadingPage,
        params: (("X-Request-Id" = Option<String>, Header, description = "Your name for the request: 1 to 64 letters, digits, - _ . or :, echoed in the answer and kept with its Token Logs entry. Any other value is ignored.")),
        responses: (
            (status = 200, description = "A page of the organization's readings (Report Record scope)", body = ReadingPage),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError)),
    }
    /// Token-protected (R5): one report definition, by name; needs Meta Record.
    MetaReport = get "/api/meta/reports/{report_name}" {
        caller: MetaRecordToken,
        operation: "meta_report", tag: "api", id: String, query: NoQuery, body: none,
        answer: ReportDefinition,
        params: (("report_name" = String, Path, description = "The report's name as /api/meta/reports lists it, percent-encoded"), ("X-Request-Id" = Option<String>, Header, description = "Your name for the request: 1 to 64 letters, digits, - _ . or :, echoed in the answer and kept with its Token Logs entry. Any other value is ignored.")),
        responses: (
            (status = 200, description = "The report's definition (Meta Record scope)", body = ReportDefinition),
            (status = 404, description = "The organization has no report of that name", body = crate::ApiError)),
    }
    /// Token-protected (R5): one report and a page of its readings; needs Report Record.
    ReportReadings = get "/api/data/{report_name}" {
        caller: ReportRecordToken,
        operation: "report_data", tag: "api", id: String, query: PageQuery, body: none,
        answer: ReportData,
        params: (("report_name" = String, Path, description = "The report's name as /api/meta/reports lists it, percent-encoded"), ("X-Request-Id" = Option<String>, Header, description = "Your name for the request: 1 to 64 letters, digits, - _ . or :, echoed in the answer and kept with its Token Logs entry. Any other value is ignored.")),
        responses: (
            (status = 200, description = "The report's definition and a page of its readings, in id order (Report Record scope)", body = ReportData),
            (status = 400, description = "A query parameter is not understood", body = crate::ApiError),
            (status = 404, description = "The organization has no report of that name", body = crate::ApiError)),
    }
    /// Token-protected: the calling token itself; needs no scope, logged like any call.
    TokenSelf = get "/api/tokens/self" {
        caller: TokenItself,
        operation: "token_self", tag: "api", id: (), query: NoQuery, body: none,
        answer: TokenIntrospection,
        params: (("X-Request-Id" = Option<String>, Header, description = "Your name for the request: 1 to 64 letters, digits, - _ . or :, echoed in the answer and kept with its Token Logs entry. Any other value is ignored.")),
        responses: (
            (status = 200, description = "The token the request presented: its name, owner, Scope, Expiry On, times, and any rotation under way", body = TokenIntrospection)),
    }
    /// Token-protected: a token allowed to rotate itself gets a new string; its
    /// current one keeps working for the grace period or until the new one is used.
    RotateSelf = post "/api/tokens/self/rotate" {
        caller: TokenItself,
        operation: "rotate_self", tag: "api", id: (), query: NoQuery, body: RotateTokenRequest,
        answer: RotatedToken,
        params: (("X-Request-Id" = Option<String>, Header, description = "Your name for the request: 1 to 64 letters, digits, - _ . or :, echoed in the answer and kept with its Token Logs entry. Any other value is ignored.")),
        responses: (
            (status = 200, description = "The new token string, shown this once, and when the presented one stops at the latest", body = RotatedToken),
            (status = 403, description = "The token is not allowed to rotate itself, or the string presented is the previous one of a rotation", body = crate::ApiError),
            (status = 429, description = "The token already got 24 new strings in the last 24 hours (the message says when it may rotate itself again)", body = crate::ApiError)),
    }
    /// Public: token strings found where they should not be; every live token
    /// one of them is or was a string of is revoked at once. The answer never says which.
    RevokeLeaked = post "/api/credentials/revoke" {
        caller: Anyone,
        operation: "revoke_leaked", tag: "public", id: (), query: NoQuery, body: LeakReport,
        answer: LeakReportAccepted, params: (),
        responses: (
            (status = 202, description = "Accepted: every live token a reported string belongs to (its current string or any it had before) is revoked. The same answer whatever the strings were", body = LeakReportAccepted),
            (status = 422, description = "No strings, or more than 1,000", body = crate::ApiError),
            (status = 429, description = "Too many reports from this client address: see Retry-After", body = crate::ApiError)),
    }
    /// Public, signed: a secret-scanning provider's matches (GitHub's partner
    /// format); true positives are revoked at once.
    SecretScanning = post "/api/credentials/secret-scanning" {
        caller: ScanProvider,
        operation: "secret_scanning", tag: "public", id: (), query: NoQuery, body: ScanReport,
        answer: ScanVerdicts,
        params: (
            ("Github-Public-Key-Identifier" = String, Header, description = "Which of the provider's public keys signed the body"),
            ("Github-Public-Key-Signature" = String, Header, description = "Base64 of the DER ECDSA P-256 / SHA-256 signature of the raw body")),
        responses: (
            (status = 200, description = "One verdict per match, in order; the true positives are revoked", body = ScanVerdicts),
            (status = 422, description = "No matches, or more than 1,000", body = crate::ApiError),
            (status = 429, description = "Too many refused reports from this client address: see Retry-After", body = crate::ApiError)),
    }
    /// The OpenAPI 3.1 description of every endpoint.
    OpenApiJson = get "/api/openapi.json" {
        caller: Anyone,
        operation: "openapi_json", tag: "portal", id: (), query: NoQuery, body: none,
        answer: Text, params: (),
        responses: ((status = 200, description = "This document")),
    }
}
