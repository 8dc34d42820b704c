//! The browser scripts the simulator serves, written for it from Paynet's documented page
//! contract (static assets under `assets/`, built in): the ready-made button
//! (`/public/js/paynet.js`, also as `/public/js/paynet.min.js`), the custom form
//! (`/public/js/paynet-custom.js`), and the script of the simulator's card form page
//! (`/sim/paynetj/form.js`). Each is `assets/paynet-core.js` followed by its own part, inside one
//! function scope.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// The ready-made button: `paynet.js` and `paynet.min.js`.
pub(crate) const BUTTON_SCRIPT: &str = concat!(
    "(function () {\n'use strict';\n",
    include_str!("../assets/paynet-core.js"),
    include_str!("../assets/paynet-button.js"),
    "}());\n"
);

/// The custom form: `paynet-custom.js`.
pub(crate) const CUSTOM_SCRIPT: &str = concat!(
    "(function () {\n'use strict';\n",
    include_str!("../assets/paynet-core.js"),
    include_str!("../assets/paynet-custom.js"),
    "}());\n"
);

/// The card form page's script.
pub(crate) const CARD_FORM_SCRIPT: &str = concat!(
    "(function () {\n'use strict';\n",
    include_str!("../assets/paynet-core.js"),
    include_str!("../assets/card-form.js"),
    "}());\n"
);

/// A script as JavaScript, never cached (a restarted simulator may serve a newer one), loadable
/// from any page.
fn javascript(body: &'static str) -> Response {
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /public/js/paynet.js` and `/public/js/paynet.min.js`.
pub(crate) async fn button_script() -> Response {
    javascript(BUTTON_SCRIPT)
}

/// `GET /public/js/paynet-custom.js`.
pub(crate) async fn custom_script() -> Response {
    javascript(CUSTOM_SCRIPT)
}

/// `GET /sim/paynetj/form.js`.
pub(crate) async fn card_form_script() -> Response {
    javascript(CARD_FORM_SCRIPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_script_is_one_scope_with_its_own_part() {
        for script in [BUTTON_SCRIPT, CUSTOM_SCRIPT, CARD_FORM_SCRIPT] {
            assert!(script.starts_with("(function () {"));
            assert!(script.trim_end().ends_with("}());"));
            assert!(script.contains("function callPaynet("));
        }
        assert!(BUTTON_SCRIPT.contains("data-button_label"));
        assert!(CUSTOM_SCRIPT.contains("data-paynet=\"submit\""));
        assert!(CARD_FORM_SCRIPT.contains("/v1/paynetj/create_token"));
    }
}
