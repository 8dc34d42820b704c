//! The prologue the JSON routes share, as an axum extractor: [`Paynet<T, K>`] reads the whole
//! body, checks the request's credential `K` (the secret key unless a route says otherwise), then
//! reads the body as a `T`, leniently; each refusal is the credential's own answer, in that
//! order (a wrong key is refused before a body that cannot be read). A handler states only which
//! credential and which body. The credentials of one family (the agent headers, PayPOS's
//! `Session-Key`) are defined in that family's module; the transport triggers stay in the
//! handlers, which each run them on their own field.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::de::DeserializeOwned;

use crate::{
    http::{Shared, invalid_request, parse, unauthorized},
    wire,
};

/// What a route is called under: the check of the request's headers, and the answer to a body
/// that cannot be read.
pub(crate) trait Credential: Sized {
    /// What the headers grant the handler (e.g. a PayPOS session), or the refusal to answer.
    fn check(shared: &Shared, headers: &HeaderMap) -> Result<Self, Box<Response>>;

    /// The answer to a body that is not a valid request (`message` says why).
    fn bad_body(message: &str) -> Response {
        invalid_request(message)
    }
}

/// A request under the credential `K` with its body read as a `T`, as Paynet reads it (see the
/// module docs for the order of the refusals).
#[derive(Debug)]
pub(crate) struct Paynet<T, K = SecretKey>(pub(crate) T, pub(crate) K);

impl<T, K> FromRequest<Arc<Shared>> for Paynet<T, K>
where
    T: DeserializeOwned,
    K: Credential,
{
    type Rejection = Response;

    async fn from_request(request: Request, shared: &Arc<Shared>) -> Result<Self, Response> {
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, shared)
            .await
            .map_err(IntoResponse::into_response)?;
        let key = K::check(shared, &headers).map_err(|refusal| *refusal)?;
        let body = parse(&body).map_err(|message| K::bad_body(&message))?;
        Ok(Paynet(body, key))
    }
}

/// `Authorization: Basic <secret key>`: the 401 [`unauthorized`] without it, the 400
/// `invalid_request_error` for a bad body.
#[derive(Debug)]
pub(crate) struct SecretKey;

impl Credential for SecretKey {
    fn check(shared: &Shared, headers: &HeaderMap) -> Result<Self, Box<Response>> {
        if shared.secret_ok(headers) {
            Ok(SecretKey)
        } else {
            Err(Box::new(unauthorized()))
        }
    }
}

/// `Authorization: Basic <publishable key>` (the browser routes): the 401
/// [`wrong_publishable_key`] without it, the 400 `invalid_request_error` for a bad body.
#[derive(Debug)]
pub(crate) struct PublishableKey;

impl Credential for PublishableKey {
    fn check(shared: &Shared, headers: &HeaderMap) -> Result<Self, Box<Response>> {
        if shared.publishable_ok(headers) {
            Ok(PublishableKey)
        } else {
            Err(Box::new(wrong_publishable_key()))
        }
    }
}

/// No credential (the simulator's own form routes): the 400 `invalid_request_error` for a bad
/// body.
#[derive(Debug)]
pub(crate) struct NoKey;

impl Credential for NoKey {
    fn check(_: &Shared, _: &HeaderMap) -> Result<Self, Box<Response>> {
        Ok(NoKey)
    }
}

/// The 401 of the routes under the publishable key (never echoes the key it got).
pub(crate) fn wrong_publishable_key() -> Response {
    wire::paynet_error(
        StatusCode::UNAUTHORIZED,
        "authorization_error",
        "Yetkisiz erişim: Authorization başlığı 'Basic <publishable_key>' olmalı ve geçerli bir \
         anahtar içermelidir",
        7,
    )
}
