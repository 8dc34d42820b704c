//! Short human summaries, and the human form of a failure (for stderr).

use std::fmt::Write as _;

use paynet::{
    AgentSession, Auth, CardList, CardStorage, Error, InitSaleRequest, NaiveDate, Operation,
    PaymentRow, PreAuthCancelled, RatioTable, RefundRequest, RefundRequested, RefundRow,
    RefundStatus, ReportedAmount, ResultCode, SaleSession, SavedCard, Start3dRequest,
    ThreeDSession, Transaction, TransactionCheck, TransactionType,
};

use crate::failure::Failure;
use crate::text::{code_text, kind_of, or_unreported};

/// The details of a transaction, one per line, indented.
pub(crate) fn transaction_details(t: &Transaction) -> String {
    details(t, code_text(t.result_code, t.message.as_deref()))
}

/// The details of a transaction, with `result` as its result line.
fn details(t: &Transaction, result: String) -> String {
    let mut s = String::new();
    let mut line = |label: &str, value: String| {
        let _ = writeln!(s, "  {label:<12} {value}");
    };
    if let Some(id) = &t.xact_id {
        line("xact_id", id.clone());
    }
    if let Some(date) = &t.date_text {
        line("date", date.clone());
    }
    line("amount", or_unreported(t.amount));
    line(
        "commission",
        format!(
            "{} (tax on it: {})",
            or_unreported(t.commission),
            or_unreported(t.commission_tax)
        ),
    );
    line("net amount", or_unreported(t.net_amount));
    let mut card = Vec::new();
    if let Some(c) = &t.card_number_masked {
        card.push(c.clone());
    }
    if let Some(b) = &t.bank_id {
        card.push(format!("bank {b}"));
    }
    if let Some(a) = &t.authorization_code {
        card.push(format!("authorisation code {a}"));
    }
    if !card.is_empty() {
        line("card", card.join(", "));
    }
    line("result", result);
    s.trim_end().to_owned()
}

/// An approved capture.
pub(crate) fn capture_approved(t: &Transaction, replayed: bool) -> String {
    let head = if replayed {
        "Already captured: result code 100 (oldsuccessful). Paynet returned the earlier successful \
         capture with this reference_no; no money moved again."
            .to_owned()
    } else {
        format!("Captured {}.", or_unreported(t.amount))
    };
    format!("{head}\n{}", transaction_details(t))
}

/// An approved card payment (pay, complete_3d, charge): `replayed` for result code 100,
/// `reconciled` when the answer was lost and a lookup found it.
pub(crate) fn payment_approved(t: &Transaction, replayed: bool, reconciled: bool) -> String {
    let (done, noun) = match t.transaction_type {
        Some(TransactionType::PreAuth) => ("Pre-authorised", "pre-authorisation"),
        _ => ("Paid", "payment"),
    };
    let mut head = if replayed {
        format!(
            "Already {}: result code 100 (oldsuccessful). Paynet returned the earlier successful \
             {noun} with this reference_no; no money moved again.",
            done.to_lowercase()
        )
    } else {
        let three_d = if t.is_tds == Some(true) {
            " with 3-D Secure"
        } else {
            ""
        };
        format!("{done} {}{three_d}.", or_unreported(t.amount))
    };
    if reconciled {
        let _ = write!(
            head,
            "\nSettled by a lookup: the answer was lost after the {noun} was sent (once); the SDK \
             looked it up by its reference_no (payment check) and found it approved. Nothing was \
             sent twice."
        );
    }
    // A transaction found by a lookup has no result code of its own (the check's is beside it).
    let result = match t.result_code {
        None if reconciled => "found by the payment check (is_succeed true)".to_owned(),
        code => code_text(code, t.message.as_deref()),
    };
    let mut details = details(t, result);
    if let Some(r) = t.reference_no.as_ref().or(t.agent_reference.as_ref()) {
        let _ = write!(details, "\n  {:<12} {r}", "reference_no");
    }
    if let Some(c) = &t.card_storage {
        details.push_str(&card_storage(c));
    }
    if t.transaction_type == Some(TransactionType::PreAuth)
        && let Some(id) = &t.xact_id
    {
        let _ = write!(
            details,
            "\nTo capture it: paynet capture --xact-id {}",
            shell_quote(id)
        );
    }
    format!("{head}\n{details}")
}

/// What a payment says of a stored card: the one it was paid with, or the card it saved.
fn card_storage(c: &CardStorage) -> String {
    let mut s = String::new();
    let mut line = |label: &str, value: &str| {
        let _ = write!(s, "\n  {label:<12} {value}");
    };
    match (c.saved, &c.save_message) {
        (Some(true), m) => line(
            "card saved",
            &format!(
                "yes{}",
                m.as_ref().map(|m| format!(": {m}")).unwrap_or_default()
            ),
        ),
        (Some(false), m) => line(
            "card saved",
            &format!(
                "NO{} (the payment stands)",
                m.as_ref().map(|m| format!(": {m}")).unwrap_or_default()
            ),
        ),
        (None, Some(m)) => line("card saved", m),
        (None, None) => {}
    }
    if let Some(h) = &c.card_hash {
        line("card_hash", h);
    }
    if let Some(o) = &c.card_owner_id {
        line(
            "card_owner",
            &format!("{o} (card_owner_id: keep it for the customer)"),
        );
    }
    if let Some(u) = &c.user_unique_id {
        line("customer", u);
    }
    s
}

/// A card `save-card` stored: its mask, bank and brand, its token, and the customer's id to keep.
pub(crate) fn saved_card(saved: &SavedCard) -> String {
    let c = &saved.card;
    let mut s = format!(
        "Card saved: {}{}.",
        or_dash(c.masked_number.clone()),
        c.description
            .as_ref()
            .map(|d| format!(", \"{d}\""))
            .unwrap_or_default()
    );
    let mut line = |label: &str, value: String| {
        let _ = write!(s, "\n  {label:<14} {value}");
    };
    if let Some(o) = &c.card_owner_id {
        line(
            "card_owner_id",
            format!("{o} (keep it: the customer's later saves, lists and payments use it)"),
        );
    }
    if let Some(h) = &c.card_hash {
        line("card_hash", h.clone());
    }
    let bank = [
        c.bank_name.clone(),
        c.bank_id.as_ref().map(|b| b.to_string()),
    ]
    .into_iter()
    .flatten()
    .next();
    if let Some(b) = bank {
        line("bank", b);
    }
    if let Some(b) = &c.brand {
        line("brand", b.clone());
    }
    line(
        "result",
        code_text(Some(saved.result_code), saved.message.as_deref()),
    );
    if let (Some(h), Some(o)) = (&c.card_hash, &c.card_owner_id) {
        let _ = write!(
            s,
            "\nTo pay with it: paynet pay --card-hash {} --card-owner-id {} --amount TL --reference-no R",
            shell_quote(h),
            shell_quote(o)
        );
    }
    s
}

/// A page of a customer's stored cards, as a table: mask, bank, brand, description, token.
pub(crate) fn cards_table(card_owner_id: &str, list: &CardList) -> String {
    if list.cards.is_empty() {
        return format!("No stored cards for card_owner_id {card_owner_id}.");
    }
    let mut table = vec![
        ["CARD", "BANK", "BRAND", "DESCRIPTION", "CARD_HASH"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for c in &list.cards {
        let bank = c
            .bank_name
            .clone()
            .or_else(|| c.bank_id.as_ref().map(|b| b.to_string()));
        table.push(vec![
            or_dash(c.masked_number.clone()),
            or_dash(bank),
            or_dash(c.brand.clone()),
            or_dash(c.description.clone()),
            or_dash(c.card_hash.clone()),
        ]);
    }
    let count = list.cards.len();
    let mut head = format!(
        "{count} stored card{} of card_owner_id {card_owner_id}",
        if count == 1 { "" } else { "s" }
    );
    if let Some(total) = list.total_count.filter(|t| *t != count as u64) {
        let _ = write!(head, " (of {total})");
    }
    if list.has_more {
        head.push_str(" (more remain: --starting-after or --ending-before pages on)");
    }
    format!(
        "{head}:\n{}\nTo pay with one: paynet pay --card-hash CARD_HASH --card-owner-id {} --amount TL --reference-no R",
        aligned(&table, &[false; 5]).join("\n"),
        shell_quote(card_owner_id)
    )
}

/// A started 3-D Secure payment: the bank's page to open, and how to finish.
pub(crate) fn three_d_started(start: &Start3dRequest, s: &ThreeDSession) -> String {
    let payment = start.payment();
    let head = if s.result_code == ResultCode::OldSuccessful {
        format!(
            "3-D Secure payment of {} already started with this reference_no: Paynet returned it \
             (result code 100).",
            payment.amount()
        )
    } else {
        format!(
            "3-D Secure payment of {} started (reference_no {}): nothing is charged yet.",
            payment.amount(),
            payment.reference_no()
        )
    };
    let page = match &s.post_url {
        Some(url) => format!("  post_url     {url}"),
        None => {
            "  post_url     not sent: show the page Paynet sent as html_content (--json prints it)"
                .to_owned()
        }
    };
    format!(
        "{head}\n{page}\n  session_id   {}\n  token_id     {}\n  result       {}\n\
         Next: open the post_url in the card holder's browser; the bank asks for its password, \
         then its page posts session_id and token_id to {}.\nThen finish the payment:\n  \
         paynet pay complete --session-id {} --token-id {} --reference-no {}",
        s.session_id,
        s.token_id,
        code_text(Some(s.result_code), s.message.as_deref()),
        start.return_url(),
        shell_quote(&s.session_id),
        shell_quote(&s.token_id),
        shell_quote(payment.reference_no()),
    )
}

/// A started PayPOS sale.
pub(crate) fn sale_started(request: &InitSaleRequest, s: &SaleSession) -> String {
    let head = if s.result_code == ResultCode::OldSuccessful {
        format!(
            "PayPOS sale of {} already started with this reference_no: Paynet returned it (result code 100).",
            request.amount()
        )
    } else {
        format!("PayPOS sale of {} started.", request.amount())
    };
    format!(
        "{head}\n{}\n\
         Next: open the deeplink in the PayPOS app on the phone; once the card is tapped, check the \
         outcome: `paynet check-sale --payment-session-id {}`.",
        session_lines(s),
        s.payment_session_id,
    )
}

/// The details of a transaction check_sale reported, one per line, indented.
fn checked_details(t: &Transaction) -> String {
    let mut s = String::new();
    let mut line = |label: &str, value: String| {
        let _ = writeln!(s, "  {label:<19} {value}");
    };
    if let Some(id) = &t.xact_id {
        line("xact_id", id.clone());
    }
    if let Some(id) = &t.tracking_id {
        line("xact_transaction_id", id.clone());
    }
    if let Some(date) = &t.date_text {
        line("date", date.clone());
    }
    if let Some(k) = t.transaction_type {
        line("transaction_type", k.to_string());
    }
    line("amount", or_unreported(t.amount));
    line(
        "commission",
        format!(
            "{} (tax on it: {})",
            or_unreported(t.commission),
            or_unreported(t.commission_tax)
        ),
    );
    line("net amount", or_unreported(t.net_amount));
    let mut card = Vec::new();
    if let Some(c) = &t.card_number_masked {
        card.push(c.clone());
    }
    if let Some(c) = &t.card_type {
        card.push(c.to_string());
    }
    match (&t.bank_id, &t.bank_name) {
        (Some(b), Some(name)) => card.push(format!("bank {b} ({name})")),
        (Some(b), None) => card.push(format!("bank {b}")),
        (None, Some(name)) => card.push(format!("bank {name}")),
        (None, None) => {}
    }
    if let Some(a) = &t.authorization_code {
        card.push(format!("authorisation code {a}"));
    }
    if !card.is_empty() {
        line("card", card.join(", "));
    }
    if let Some(r) = &t.agent_reference {
        line("agent_reference", r.clone());
    }
    if t.reversed == Some(true) {
        let by = t
            .reversed_xact_id
            .as_deref()
            .map_or_else(String::new, |id| format!(" (by xact_id {id})"));
        line("reversed", format!("yes{by}"));
    }
    if let Some(n) = &t.note {
        line("note", n.clone());
    }
    if let Some(e) = &t.email {
        line("email", e.clone());
    }
    if let Some(p) = &t.phone {
        line("phone", p.clone());
    }
    if t.is_transferred == Some(true) {
        line("is_transferred", "yes (marked transferred)".to_owned());
    }
    if let Some(status) = t.escrow_status {
        let word = match status {
            2 => " (approved)",
            3 => " (rejected)",
            _ => "",
        };
        line("escrow_status", format!("{status}{word}"));
    }
    line(
        "is_succeed",
        t.is_succeed
            .map_or_else(|| "not reported".to_owned(), |b| b.to_string()),
    );
    s.trim_end().to_owned()
}

/// check_sale's answer when nothing was declined: pending, or the transactions.
pub(crate) fn sale_checked(payment_session_id: &str, c: &TransactionCheck) -> String {
    let result = code_text(Some(c.result_code), c.message.as_deref());
    let Some(latest) = c.latest() else {
        return format!(
            "Pending: no transaction yet for payment session {payment_session_id} ({result}).\n\
             The card has not been tapped yet, or Paynet does not know this payment session (it \
             does not say which).\nCheck again later: `paynet check-sale` exits 0 while a sale is pending."
        );
    };
    let verdict = if latest.is_succeed == Some(true) {
        "Approved"
    } else {
        "Reported (is_succeed not sent)"
    };
    let mut s = format!(
        "{verdict}: {} of {} (payment session {payment_session_id}; {result}).",
        kind_of(latest),
        or_unreported(latest.amount),
    );
    let count = c.transactions.len();
    for (i, t) in c.transactions.iter().enumerate() {
        if count > 1 {
            let _ = write!(s, "\nTransaction {} of {count}:", i + 1);
        }
        let _ = write!(s, "\n{}", checked_details(t));
    }
    if latest.transaction_type == Some(TransactionType::Sale)
        && latest.is_succeed == Some(true)
        && let Some(id) = &latest.xact_id
    {
        let _ = write!(
            s,
            "\nTo cancel or refund it: paynet init-reversal --xact-id '{id}'"
        );
    }
    s
}

/// What check_payment found for `reference` (`reference_no=ORDER-1`).
pub(crate) fn payment_checked(reference: &str, c: &TransactionCheck) -> String {
    let result = code_text(Some(c.result_code), c.message.as_deref());
    let mut s = match c.latest() {
        None => format!(
            "No transaction found for {reference} ({result}). Not found is not \"not charged\": Paynet may not have it yet."
        ),
        Some(t) => format!(
            "{} transaction(s) for {reference}; the latest: {} of {} ({result}).",
            c.transactions.len(),
            kind_of(t),
            or_unreported(t.amount)
        ),
    };
    for t in &c.transactions {
        let _ = write!(s, "\n{}", checked_details(t));
    }
    s
}

/// A started PayPOS reversal.
pub(crate) fn reversal_started(xact_id: &str, s: &SaleSession) -> String {
    let head = if s.result_code == ResultCode::OldSuccessful {
        format!(
            "PayPOS reversal of xact_id {xact_id} already started with this reference_no: Paynet \
             returned it (result code 100)."
        )
    } else {
        format!("PayPOS reversal of xact_id {xact_id} started.")
    };
    format!(
        "{head}\n{}\n\
         Next: open the deeplink in the PayPOS app to confirm the refund; then check it with\n\
         `paynet check-sale --payment-session-id {}`.",
        session_lines(s),
        s.payment_session_id,
    )
}

/// The lines of a started sale or reversal; the encryption key is never shown.
fn session_lines(s: &SaleSession) -> String {
    let key = if s.encryption_key.is_some() {
        "[redacted] (never printed)"
    } else {
        "not sent"
    };
    format!(
        "  payment_session_id  {}\n  deeplink_url        {}\n  encryption_key      {key}\n  result              {}",
        s.payment_session_id,
        s.deeplink_url,
        code_text(Some(s.result_code), s.message.as_deref()),
    )
}

/// Quotes `value` for a POSIX shell: `'...'`, with `'` written `'\''`.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// An opened session. Every line but the last is a shell comment, and the last is an `export`
/// line with the session key: the output can be `eval`ed. This is the one place the tool prints
/// a key, on stdout, on purpose (see `paynet session open --help`).
pub(crate) fn session_opened(agent_id: &str, user_id: &str, s: &AgentSession) -> String {
    let mut text = format!(
        "# PayPOS session opened for agent {agent_id}, user {user_id} (open_session: {}).\n",
        code_text(Some(s.result_code), None)
    );
    let mut line = |label: &str, value: String| {
        let _ = writeln!(text, "#   {label:<15} {value}");
    };
    match (&s.expired_date, &s.expires_at) {
        (Some(d), Some(_)) => line("expired_date", d.clone()),
        (Some(d), None) => line("expired_date", format!("{d} (not a date the SDK can read)")),
        (None, _) => line("expired_date", "not reported".to_owned()),
    }
    for (label, value) in [
        ("company_code", &s.company_code),
        ("user_unique_id", &s.user_unique_id),
    ] {
        if let Some(v) = value {
            line(label, v.clone());
        }
    }
    if let Some(b) = s.is_okc_inquiry {
        line("is_okc_inquiry", b.to_string());
    }
    let _ = write!(
        text,
        "# The session key below is a secret: it is printed here, on stdout, and nowhere else.\n\
         # It is what init-sale, check-sale and init-reversal need; end the session with\n\
         # `paynet session close`.\n\
         export {}={}",
        crate::context::SESSION_KEY_VAR,
        shell_quote(s.session_key.expose_secret())
    );
    text
}

/// A closed session.
pub(crate) fn session_closed() -> String {
    format!(
        "PayPOS session closed (close_session): Paynet no longer accepts its key.\n\
         Forget it: unset {}",
        crate::context::SESSION_KEY_VAR
    )
}

/// A failure, for stderr: the message and what to do about it.
pub(crate) fn failure(f: &Failure) -> String {
    let hint = match f {
        Failure::Usage(_) => Some("run `paynet --help` for usage".to_owned()),
        Failure::InvalidInput(_) => Some("nothing was sent".to_owned()),
        Failure::Declined(_) | Failure::Internal(_) => None,
        Failure::CancellationDeclined(_) => Some(
            "the capture stands: nothing was cancelled (--json shows the transaction in full)"
                .to_owned(),
        ),
        Failure::PaymentDeclined { .. } => Some(
            "no money moved; paying again needs a new --reference-no (--json shows the \
             transaction in full)"
                .to_owned(),
        ),
        Failure::SaleDeclined { .. } => Some(
            "the check itself succeeded: Paynet reports the transaction as declined (--json shows it \
             in full)"
                .to_owned(),
        ),
        Failure::Sdk(error) => match error {
            Error::Rejected(r) if r.status == 401 || r.code == Some(ResultCode::Unauthorized) => {
                Some(if r.operation.auth() == Auth::SecretKey {
                    format!("Paynet refused the credential: check {}", crate::context::SECRET_KEY_VAR)
                } else {
                    format!(
                        "Paynet refused the session key: check {} (a closed or expired session \
                         is refused too: open a new one with `paynet session open`)",
                        crate::context::SESSION_KEY_VAR
                    )
                })
            }
            Error::Rejected(r)
                if r.operation == Operation::CLOSE_SESSION
                    && r.code == Some(ResultCode::NoData) =>
            {
                Some(format!(
                    "Paynet does not know the session in {}: it is already closed, or was never \
                     opened",
                    crate::context::SESSION_KEY_VAR
                ))
            }
            Error::Rejected(r) if r.operation == Operation::REFUND => Some(
                "Paynet refused the refund request: nothing will be refunded. The same day, a \
                 transaction can only be cancelled in full (no --amount); afterwards, at most what \
                 is left unrefunded (see `paynet refunds list`)."
                    .to_owned(),
            ),
            // A manual charge inside Paynet's wait: when to try again, read from its message.
            Error::Rejected(_) if paynet::ChargeCooldown::of(error).is_some() => {
                paynet::ChargeCooldown::of(error).map(|c| {
                    format!(
                        "too early: {c}; nothing was charged (Paynet tries an invoice again only \
                         about two hours after its last attempt)"
                    )
                })
            }
            Error::Rejected(_) => Some("Paynet answered and refused the request".to_owned()),
            Error::Transport { .. } => {
                Some("the request never reached Paynet: trying again is safe".to_owned())
            }
            // What is safe to do next follows from the operation's policy in the table and from
            // the error: the read that settles it (the domain's reconciliation), its reference.
            Error::OutcomeUnknown {
                operation,
                reference,
                lookup,
                ..
            } => Some(unknown_hint(*operation, reference.as_deref(), *lookup)),
            Error::InvalidResponse { .. } if error.needs_reconciliation() => Some(
                "Paynet's answer could not be understood: money may have moved; look the \
                 transaction up before trying again"
                    .to_owned(),
            ),
            Error::InvalidResponse { .. } => {
                Some("Paynet's answer could not be understood".to_owned())
            }
            _ => None,
        },
    };
    match hint {
        Some(hint) => format!("error: {}\n{hint}", f.message()),
        None => format!("error: {}", f.message()),
    }
}

/// What to do after an unknown outcome, from the operation's policy (the table: whether it may
/// move money, whether it is idempotent), the read that settles it (`lookup`, the domain's
/// reconciliation) and what identifies it (`reference`): never a list of operations.
fn unknown_hint(
    operation: Operation,
    reference: Option<&str>,
    lookup: Option<Operation>,
) -> String {
    if operation.idempotent() {
        return format!(
            "the answer was lost; {operation} changes nothing at Paynet: running it again is safe"
        );
    }
    if !operation.moves_money() {
        return format!(
            "the answer was lost: {operation} may have taken effect at Paynet, but it moves no \
             money: sending it again is safe"
        );
    }
    let by_reference_no = reference.and_then(|r| r.strip_prefix("reference_no="));
    let mut hint = format!(
        "the outcome is UNKNOWN: {operation} was sent once and may have reached Paynet (money may \
         have moved). "
    );
    match lookup {
        Some(read) => {
            let _ = write!(
                hint,
                "The SDK looked it up ({read}) until the call's time ran out, and could not tell. \
                 Do not send it again blindly: look it up first (`paynet {}{}`)",
                read.command(),
                lookup_flags(read, reference)
            );
        }
        // No read settles it by itself: say what identifies it.
        None => {
            hint.push_str("Do not send it again blindly: check what became of it at Paynet first");
            if let Some(r) = reference {
                let _ = write!(hint, " (it is known by {r})");
            }
        }
    }
    match by_reference_no {
        Some(r) => {
            let _ = write!(
                hint,
                ". Sending it again with the SAME --reference-no {} is safe: Paynet answers result \
                 code 100 with the earlier one if it succeeded.",
                shell_quote(r)
            );
        }
        None => hint.push('.'),
    }
    hint
}

/// The flags that name `reference` (`reference_no=R`, `xact_id=X`) to the lookup `read`: the
/// reference's own field as its flag, or, for a list, today's range.
fn lookup_flags(read: Operation, reference: Option<&str>) -> String {
    if read.name().starts_with("list_") {
        return " --from today --to today".to_owned();
    }
    match reference.and_then(|r| r.split_once('=')) {
        Some((field, value)) => format!(" --{} {}", field.replace('_', "-"), shell_quote(value)),
        None => String::new(),
    }
}

/// Lines of aligned columns: `rows[0]` is the header; `right[i]` right-aligns column `i`
/// (amounts). Widths count characters, not bytes (Turkish names).
fn aligned(rows: &[Vec<String>], right: &[bool]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::from("  ");
            for (c, cell) in row.iter().enumerate() {
                let width = widths.get(c).copied().unwrap_or(0);
                let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
                if c > 0 {
                    line.push_str("  ");
                }
                if right.get(c).copied().unwrap_or(false) {
                    line.push_str(&pad);
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
            }
            line.trim_end().to_owned()
        })
        .collect()
}

/// A value or `-`.
fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "-".to_owned())
}

/// A refund request Paynet accepted: not a refund yet.
pub(crate) fn refund_requested(
    request: &RefundRequest,
    succeed_url: Option<&str>,
    r: &RefundRequested,
) -> String {
    let mut s = format!(
        "Refund request accepted ({}): Paynet's operations team decides it later. No money has \
         been returned yet.",
        code_text(Some(r.result_code), r.message.as_deref())
    );
    if r.reconciled {
        s.push_str(
            "\nSettled by a lookup: the answer was lost after the request was sent (once); the \
             refund list shows the request, so Paynet has it. Nothing was sent twice.",
        );
    }
    let amount = request.amount().map_or_else(
        || {
            "all of it (a cancellation the same day; afterwards, what is left unrefunded)"
                .to_owned()
        },
        |a| a.to_string(),
    );
    let _ = write!(
        s,
        "\n  {:<12} {}\n  {:<12} {amount}",
        "xact_id",
        request.xact_id(),
        "amount"
    );
    let _ = write!(
        s,
        "\nThe decision (approved: the money is returned; or denied):"
    );
    if let Some(url) = succeed_url {
        let _ = write!(
            s,
            "\n  - Paynet posts it to {url} ({{\"xact_id\", \"code\", \"status\", \"message\"}}: \
             unsigned, so confirm it below);"
        );
    }
    let _ = write!(
        s,
        "\n  - `paynet refunds list --from today --to today` shows the request with its status \
         (waiting, approved or denied)."
    );
    s
}

/// A cancelled pre-authorisation.
pub(crate) fn preauth_cancelled(xact_id: &str, c: &PreAuthCancelled) -> String {
    let mut s = format!(
        "Pre-authorisation cancelled: the held amount is released ({}).\n  {:<12} {xact_id}",
        code_text(Some(c.result_code), c.message.as_deref()),
        "xact_id"
    );
    if c.reconciled {
        s.push_str(
            "\nSettled by a lookup: the answer was lost after the cancellation was sent (once); \
             the pre-authorisation's detail shows it cancelled (reversed). Nothing was sent twice.",
        );
    }
    s
}

/// An approved cancellation of a capture.
pub(crate) fn capture_cancelled(xact_id: &str, t: &Transaction, replayed: bool) -> String {
    let head = if replayed {
        format!(
            "Capture {xact_id} already cancelled: result code 100 (oldsuccessful). Paynet returned \
             the earlier cancellation; nothing moved again."
        )
    } else {
        format!(
            "Capture {xact_id} cancelled ({}): the amount can be captured again from the \
             pre-authorisation.",
            or_unreported(t.amount)
        )
    };
    format!("{head}\n{}", transaction_details(t))
}

/// "from 2024-05-01 to 2024-06-03" (or "on 2024-06-03").
fn range_text((from, to): (NaiveDate, NaiveDate)) -> String {
    if from == to {
        format!("on {from}")
    } else {
        format!("from {from} to {to}")
    }
}

/// How many rows were printed, of how many: "10 transactions from .. to .. (of 27; more remain:
/// ...):".
fn count_line(
    (one, many): (&str, &str),
    range: (NaiveDate, NaiveDate),
    count: usize,
    total_count: Option<u64>,
    has_more: bool,
) -> String {
    let mut notes = Vec::new();
    if let Some(total) = total_count
        && (has_more || total != count as u64)
    {
        notes.push(format!("of {total}"));
    }
    if has_more {
        notes.push(
            "more remain: --all loads every page, --limit takes up to 1000 rows a page".to_owned(),
        );
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    let what = if count == 1 { one } else { many };
    format!("{count} {what} {}{notes}:", range_text(range))
}

/// A report of transactions, as a table.
pub(crate) fn payments_table(
    range: (NaiveDate, NaiveDate),
    rows: &[PaymentRow],
    total_count: Option<u64>,
    has_more: bool,
) -> String {
    if rows.is_empty() {
        return format!("No transactions {}.", range_text(range));
    }
    let mut table = vec![
        [
            "DATE", "XACT_ID", "TYPE", "AMOUNT", "NET", "CARD", "STATUS", "NOTE",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for row in rows {
        let t = &row.transaction;
        let date = t
            .date
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .or_else(|| t.date_text.clone());
        let mut status = match t.is_succeed {
            Some(true) => "approved".to_owned(),
            Some(false) => "declined".to_owned(),
            None => "-".to_owned(),
        };
        if t.reversed == Some(true) {
            status.push_str(", reversed");
        }
        if t.is_transferred == Some(true) {
            status.push_str(", transferred");
        }
        table.push(vec![
            or_dash(date),
            or_dash(t.xact_id.clone()),
            or_dash(t.transaction_type.map(|k| k.name().to_owned())),
            or_dash(t.amount.map(|a| a.to_string())),
            or_dash(t.net_amount.map(|a| a.to_string())),
            or_dash(t.card_number_masked.clone()),
            status,
            or_dash(t.note.clone()),
        ]);
    }
    let right = [false, false, false, true, true, false, false, false];
    format!(
        "{}\n{}\nTo refund one: paynet refund --xact-id XACT_ID [--amount TL]",
        count_line(
            ("transaction", "transactions"),
            range,
            rows.len(),
            total_count,
            has_more
        ),
        aligned(&table, &right).join("\n")
    )
}

/// A refund request's status, in a word.
fn refund_status(status: Option<RefundStatus>) -> String {
    match status {
        Some(RefundStatus::Waiting) => "waiting".to_owned(),
        Some(RefundStatus::Approved) => "approved".to_owned(),
        Some(RefundStatus::Denied) => "denied".to_owned(),
        Some(other) => other.to_string(),
        None => "-".to_owned(),
    }
}

/// A report of refund and cancellation requests, as a table.
pub(crate) fn refunds_table(
    range: (NaiveDate, NaiveDate),
    rows: &[RefundRow],
    total_count: Option<u64>,
    has_more: bool,
) -> String {
    if rows.is_empty() {
        return format!("No refund or cancellation requests {}.", range_text(range));
    }
    let mut table = vec![
        [
            "REQUESTED",
            "XACT_ID",
            "KIND",
            "AMOUNT",
            "OF",
            "CARD",
            "STATUS",
            "REFUND XACT_ID",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for row in rows {
        let kind = match row.is_cancel {
            Some(true) => Some("cancel".to_owned()),
            Some(false) => Some("refund".to_owned()),
            None => None,
        };
        table.push(vec![
            or_dash(row.requested_on.clone()),
            or_dash(row.xact_id.clone()),
            or_dash(kind),
            or_dash(row.amount.map(|a| a.to_string())),
            or_dash(row.transaction_amount.map(|a| a.to_string())),
            or_dash(row.card_number_masked.clone()),
            refund_status(row.status),
            or_dash(row.reversed_xact_id.clone()),
        ]);
    }
    let right = [false, false, false, true, true, false, false, false];
    format!(
        "{}\n{}\nStatus: waiting (not decided yet), approved (the money is returned), denied.",
        count_line(
            (
                "refund or cancellation request",
                "refund and cancellation requests",
            ),
            range,
            rows.len(),
            total_count,
            has_more
        ),
        aligned(&table, &right).join("\n")
    )
}

/// The instalment table: for each bank, its options.
pub(crate) fn ratios_table(
    bin: Option<&str>,
    amount: Option<ReportedAmount>,
    table: &RatioTable,
) -> String {
    let computed = amount.map_or_else(
        || "amounts computed for 0 (give --amount to compute them for a price)".to_owned(),
        |a| format!("for {a}"),
    );
    if table.banks.is_empty() {
        let what = bin.map_or_else(|| "in the table".to_owned(), |b| format!("for BIN {b}"));
        return format!(
            "No instalment options {what} ({}).",
            code_text(Some(table.result_code), table.message.as_deref())
        );
    }
    let head = match bin {
        Some(b) => format!("Instalment options for a card with BIN {b}, {computed}:"),
        None => format!(
            "The instalment table: {} banks, {computed}:",
            table.banks.len()
        ),
    };
    let mut rows = vec![
        [
            "INSTALMENTS",
            "PER INSTALMENT",
            "TOTAL",
            "COMMISSION",
            "TAX",
            "NET",
            "RATIO",
            "NAME",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for (_, o) in table.options() {
        rows.push(vec![
            or_dash(o.count.map(|n| n.to_string())),
            or_dash(o.instalment_amount.map(|a| a.to_string())),
            or_dash(o.total.map(|a| a.to_string())),
            or_dash(o.commission.map(|a| a.to_string())),
            or_dash(o.commission_tax.map(|a| a.to_string())),
            or_dash(o.net.map(|a| a.to_string())),
            or_dash(o.ratio.map(|r| r.to_string())),
            or_dash(o.description.clone()),
        ]);
    }
    let right = [true, true, true, true, true, true, true, false];
    let mut lines = aligned(&rows, &right).into_iter();
    let header = lines.next().unwrap_or_default();
    let mut s = head;
    for bank in &table.banks {
        let mut about = Vec::new();
        if let Some(c) = &bank.card_type {
            about.push(format!("card type {c}"));
        }
        match bank.tds_required {
            Some(true) => about.push("3-D Secure required".to_owned()),
            Some(false) => about.push("3-D Secure optional".to_owned()),
            None => {}
        }
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" ({})", about.join(", "))
        };
        let _ = write!(
            s,
            "\n\n{} {}{about}\n{header}",
            bank.bank_id.as_deref().unwrap_or("-"),
            bank.bank_name.as_deref().unwrap_or(""),
        );
        for _ in &bank.options {
            if let Some(line) = lines.next() {
                let _ = write!(s, "\n{line}");
            }
        }
    }
    s
}
