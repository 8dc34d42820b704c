//! `paynet close-session` (also `paynet session close`): ends the session whose key is in
//! `PAYNET_SESSION_KEY`.

use paynet::{CloseSessionRequest, SecretKey, SessionKey};
use serde::Serialize;

use super::prelude::*;
use crate::context::{SECRET_KEY_VAR, SESSION_KEY_VAR, build_client, credential};

/// No flags: the session is the one in `PAYNET_SESSION_KEY`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

/// `session close --json`: close_session's answer carries nothing else.
#[derive(Debug, Serialize)]
struct Closed {
    /// Always true: a session that was not closed is a failure.
    closed: bool,
}

pub(crate) async fn run(global: &Global, _args: Args) -> Result<(), Failure> {
    let key = credential(SECRET_KEY_VAR, "session close", SecretKey::new)?;
    let session = credential(SESSION_KEY_VAR, "session close", SessionKey::new)?;
    let request = CloseSessionRequest::new(session);
    let client = build_client(global.environment(), global.timeout, Some(key), None, None)?;
    send(client.base_url(), &request, client.close_session(&request)).await?;
    print(global, &Closed { closed: true }, render::session_closed)
}
