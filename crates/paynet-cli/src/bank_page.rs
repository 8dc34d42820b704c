//! The card holder's browser on the simulator's bank 3-D page, for the demo: the page fetched
//! with the simulator's `auto=approve`, and what its auto-submitting form posts back, and where.

use std::time::Duration;

use serde::Serialize;

/// What the bank's 3-D page posts back once the card holder passed it, and where (the demo's
/// `bank_page` field in `--json`).
#[derive(Debug, Serialize)]
pub(crate) struct BankPost {
    /// How the page was answered: `approve` (the simulator's `auto=approve`).
    pub(crate) auto: &'static str,
    /// The return URL the page posts to.
    pub(crate) posts_to: String,
    /// The 3-D session.
    pub(crate) session_id: String,
    /// The payment's token.
    pub(crate) token_id: String,
}

/// Fetches the bank's 3-D page at `post_url` with the simulator's `auto=approve` and reads its
/// auto-submitting form, as the card holder's browser would.
pub(crate) async fn bank_post(post_url: &str) -> Result<BankPost, String> {
    use paynet::raw::reqwest;
    let separator = if post_url.contains('?') { '&' } else { '?' };
    let url = format!("{post_url}{separator}auto=approve");
    paynet::tls::install_provider();
    let http = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| format!("no HTTP client: {e}"))?;
    let page = http
        .get(&url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| format!("the bank's page could not be fetched: {}", e.without_url()))?
        .text()
        .await
        .map_err(|e| format!("the bank's page could not be read: {}", e.without_url()))?;
    let form = page
        .find("id=\"paynetForm\"")
        .and_then(|i| page.get(i..))
        .ok_or("the bank's page has no form to post back")?;
    let posts_to = attribute(form, "action=\"").ok_or("the form has no action")?;
    let field = |name: &str| {
        attribute(form, &format!("name=\"{name}\" value=\""))
            .ok_or_else(|| format!("the form posts no {name}"))
    };
    Ok(BankPost {
        auto: "approve",
        posts_to,
        session_id: field("session_id")?,
        token_id: field("token_id")?,
    })
}

/// The HTML-unescaped text after `marker`, up to the next `"`.
fn attribute(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)? + marker.len();
    let rest = html.get(start..)?;
    let value = rest.get(..rest.find('"')?)?;
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}
