//! The one HTTP error type: each variant documents the status it maps to.
//! Internal errors are logged with their detail and answered with a generic
//! message, so no file path, SQL or stack trace ever reaches a client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use truce_ledger::LedgerError;
use truce_views::ViewError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be read (malformed JSON, a bad query string).
    #[error("{0}")]
    BadRequest(String),
    /// 401: no token, or a token the server does not know.
    #[error("a valid bearer token is required (Authorization: Bearer …)")]
    Unauthorized,
    /// 403: a known token whose role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such document, claim or page.
    #[error("{0}")]
    NotFound(String),
    /// 409: the request conflicts with the ledger (a claim already corrected).
    #[error("{0}")]
    Conflict(String),
    /// 413: the body is larger than the server accepts.
    #[error("the request body is too large (at most {0} bytes)")]
    TooLarge(usize),
    /// 415: the body is not in a format this endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: well-formed, but not something the ledger will store.
    #[error("{0}")]
    Invalid(String),
    /// 500: a fault on the server. The detail is logged, never sent.
    #[error("internal error")]
    Internal(String),
}

/// The JSON shape of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The HTTP status code, repeated for clients that only see the body.
    pub status: u16,
    /// What went wrong, for a person.
    pub error: String,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message a client may see; internal detail is logged here instead.
    pub fn public_message(&self) -> String {
        if let ApiError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
        self.to_string()
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody { status: status.as_u16(), error: self.public_message() };
        let mut res = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
        }
        res
    }
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::NoSuchClaim(id) => ApiError::NotFound(format!("no claim {id}")),
            e @ LedgerError::AlreadyCorrected { .. } => ApiError::Conflict(e.to_string()),
            LedgerError::Invalid(m) => ApiError::Invalid(m),
            // Everything else names files or SQL: log it, say nothing.
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<ViewError> for ApiError {
    fn from(e: ViewError) -> Self {
        match e {
            ViewError::Ledger(l) => l.into(),
            ViewError::Invalid(m) => ApiError::Invalid(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<crate::tokens::TokenError> for ApiError {
    fn from(e: crate::tokens::TokenError) -> Self {
        match e {
            crate::tokens::TokenError::Invalid(m) => ApiError::Invalid(m),
            // Without the ledger's location, which is the server's business.
            crate::tokens::TokenError::Unknown { id, .. } => ApiError::NotFound(format!("no token {id}")),
            crate::tokens::TokenError::AlreadyRevoked { token, .. } => ApiError::Conflict(format!("token {} was already revoked", token.id)),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// Maps axum's extractor rejections (bad JSON, unknown fields, bad query
/// strings, too-large bodies) to our errors, keeping their 4xx status and
/// their message, which names the field at fault.
pub fn from_rejection(status: StatusCode, text: String, limit: usize) -> ApiError {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(limit),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType(text),
        StatusCode::UNPROCESSABLE_ENTITY => ApiError::Invalid(text),
        s if s.is_client_error() => ApiError::BadRequest(text),
        _ => ApiError::Internal(text),
    }
}
