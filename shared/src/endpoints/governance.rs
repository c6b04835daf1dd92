//! The governance endpoints (R27, R28, R30): approval, service accounts and
//! the audit stream. `with_governance_endpoints!` adds them to the entries
//! it is given and hands the whole list to `endpoints!`, which must see
//! every endpoint at once (it makes the one `Route` enum).

macro_rules! with_governance_endpoints {
    ($($entries:tt)*) => {
        endpoints! {
            $($entries)*
    /// Adds a service account (R28): a login no person owns, which never signs in.
    CreateServiceAccount = post "/api/service-accounts" {
        caller: TokenAdminChange,
        operation: "create_service_account", tag: "portal", id: (), query: NoQuery, body: CreateServiceAccountRequest,
        answer: LoginRow, params: (),
        responses: (
            (status = 201, description = "Added; tokens can be created for it at once", body = LoginRow),
            (status = 422, description = "A field is invalid, or a contact is not an enabled person of the organization", body = crate::ApiError)),
    }
    /// Changes a service account's name, description and contacts (R28).
    EditServiceAccount = put "/api/service-accounts/{login_id}" {
        caller: TokenAdminChange,
        operation: "edit_service_account", tag: "portal", id: i64, query: NoQuery, body: CreateServiceAccountRequest,
        answer: LoginRow,
        params: (("login_id" = i64, Path, description = "The service account", minimum = 1)),
        responses: (
            (status = 200, description = "Saved", body = LoginRow),
            (status = 404, description = "No such service account in your organization", body = crate::ApiError),
            (status = 422, description = "A field is invalid, or a contact is not an enabled person of the organization", body = crate::ApiError)),
    }
    /// R27: which tokens need a token admin's approval.
    SetApprovalRule = put "/api/organization/approval" {
        caller: SystemAdminChange,
        operation: "set_approval_rule", tag: "portal", id: (), query: NoQuery,
        body: ApprovalRule, answer: OrganizationSettings,
        params: (),
        responses: (
            (status = 200, description = "Saved; tokens created or edited from now on follow it", body = OrganizationSettings),
            (status = 422, description = "Out of range: the request's schema gives the bounds", body = crate::ApiError)),
    }
    /// R27: the organization's tokens waiting for a token admin's approval, oldest first.
    ListApprovals = get "/api/approvals" {
        caller: TokenAdmin,
        operation: "list_approvals", tag: "portal", id: (), query: NoQuery, body: none,
        answer: ApprovalQueue, params: (),
        responses: ((status = 200, description = "The approval queue", body = ApprovalQueue)),
    }
    /// R27: a token admin approves or denies a pending token: not their own
    /// request, nor a token of their own.
    DecideApproval = post "/api/tokens/{token_id}/approval" {
        caller: TokenAdminChange,
        operation: "decide_approval", tag: "portal", id: i64, query: NoQuery, body: ApprovalDecision,
        answer: TokenView,
        params: (("token_id" = i64, Path, description = "The pending token", minimum = 1)),
        responses: (
            (status = 200, description = "Decided; the requester is told", body = TokenView),
            (status = 403, description = "Your own request or your own token: another token admin decides", body = crate::ApiError),
            (status = 404, description = "No such live token in your organization", body = crate::ApiError),
            (status = 409, description = "Already decided, not waiting, or edited since the version sent", body = crate::ApiError),
            (status = 422, description = "A denial without a reason, or a reason too long", body = crate::ApiError)),
    }
    /// R30: the audit stream's destination and how far behind it is.
    GetAuditStream = get "/api/organization/audit-stream" {
        caller: SystemAdmin,
        operation: "audit_stream", tag: "portal", id: (), query: NoQuery, body: none,
        answer: AuditStreamStatus, params: (),
        responses: ((status = 200, description = "Where the stream goes, and its lag", body = AuditStreamStatus)),
    }
    /// R30: sets (or removes, with `url` null) where every Token Logs entry
    /// and policy or role change is streamed, signed, as NDJSON batches.
    SetAuditStream = put "/api/organization/audit-stream" {
        caller: SystemAdminChange,
        operation: "set_audit_stream", tag: "portal", id: (), query: NoQuery,
        body: AuditStreamRequest, answer: AuditStreamSaved, params: (),
        responses: (
            (status = 200, description = "Saved; a new address or `new_secret` gets a new signing secret, shown this once", body = AuditStreamSaved),
            (status = 422, description = "Not an https address (or http to this machine)", body = crate::ApiError)),
    }
        }
    };
}
