//! `paynet open-session` (also `paynet session open`): opens a PayPOS session and prints its
//! session key, on stdout only: the one key the tool prints, deliberately.

use paynet::{Client, OpenSessionRequest, Operation};

use super::prelude::*;
use crate::context::SECRET_KEY_VAR;

const AFTER_HELP: &str = "\
The session key is a secret. Printing it is this command's whole point, so it is printed once,
on stdout only, as the command's result: by default as the line
  export PAYNET_SESSION_KEY='...'
after a summary written as shell comments (so `out=$(paynet session open ...) && eval \"$out\"`
works), and with --json as \"session_key\". It never goes to stderr, nor into --verbose logs.
Keep this command's stdout out of logs, CI output and shared terminals.
End the session with `paynet session close`.";

/// The agent's user the session is for.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The agent (bayi) the session is for: its Paynet account code.
    #[arg(long, value_name = "A")]
    agent_id: String,
    /// The agent's user the session is for.
    #[arg(long, value_name = "U")]
    user_id: String,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = OpenSessionRequest::new(args.agent_id, args.user_id).map_err(Failure::Sdk)?;
    // Logged (`-v`) with its key redacted: the key is printed on stdout only, below.
    let session = call(global, "session open", &request, Client::open_session).await?;
    // Printing the new session key is this command's point; printing the secret key never is,
    // whatever Paynet sends back as the "session key".
    if std::env::var(SECRET_KEY_VAR).is_ok_and(|k| k.trim() == session.session_key.expose_secret())
    {
        return Err(Failure::Sdk(paynet::Error::InvalidResponse {
            operation: Operation::OPEN_SESSION,
            status: Some(200),
            reason: "the session key Paynet issued is the secret key: not printed".to_owned(),
            excerpt: String::new(),
        }));
    }
    print(global, &session.with_key_revealed(), || {
        render::session_opened(request.agent_id(), request.user_id(), &session)
    })
}
