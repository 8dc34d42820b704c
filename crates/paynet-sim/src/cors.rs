//! Browsers' cross-origin rules (CORS) for the routes Paynet's scripts call from the merchant's
//! page (`/v1/paynetj/*`, `/v1/ratio/Get_public`): the preflight of any origin is answered, and
//! every answer of these routes, refusals included, may be read by any origin. They run under the
//! publishable key, which is public by design; no cookie is involved.

use axum::{
    extract::Request,
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The request headers a page may send: those of Paynet's scripts.
const ALLOWED_HEADERS: &str = "Authorization, Content-Type, Accept";

/// How long a browser may keep a preflight's answer, in seconds.
const MAX_AGE_SECONDS: &str = "600";

/// The paths a merchant's page calls, from its own origin.
pub(crate) const BROWSER_PATHS: [&str; 6] = [
    "/v1/paynetj/auth",
    "/v1/paynetj/check_bin",
    "/v1/paynetj/create_token",
    "/v1/paynetj/check_card_bin",
    "/v1/paynetj/create_card_token",
    "/v1/ratio/Get_public",
];

/// On [`BROWSER_PATHS`]: answers a preflight (`OPTIONS`) for any origin, and adds
/// `Access-Control-Allow-Origin: *` to every other answer. Other paths pass untouched.
pub(crate) async fn any_origin(request: Request, next: Next) -> Response {
    if !BROWSER_PATHS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    if request.method() == Method::OPTIONS {
        return (
            StatusCode::NO_CONTENT,
            [
                (
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static("POST, OPTIONS"),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static(ALLOWED_HEADERS),
                ),
                (
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static(MAX_AGE_SECONDS),
                ),
            ],
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}
