//! Short human summaries, and the human form of a failure (for stderr).

use std::fmt::Write as _;

use paynet::{
    AgentSession, Amount, Auth, CardList, CardStorage, Error, InitSaleRequest, InstalmentOption,
    NaiveDate, Operation, PaymentRow, PreAuthCancelled, RatioTable, RefundRequest, RefundRequested,
    RefundRow, RefundStatus, ReportedAmount, ResultCode, SaleSession, SavedCard, Start3dRequest,
    StoredCard, ThreeDSession, Transaction, TransactionCheck, TransactionType,
};

use crate::context::{SECRET_KEY_VAR, SESSION_KEY_VAR};
use crate::failure::Failure;
use crate::text::{code_text, counted, kind_of, or_unreported};

/// Lines of `label value`, after `indent`, each label padded to `width`; the lines whose value
/// is `None` are left out.
fn labelled<'a>(
    indent: &str,
    width: usize,
    lines: impl IntoIterator<Item = (&'a str, Option<String>)>,
) -> String {
    let lines = lines
        .into_iter()
        .filter_map(|(label, value)| value.map(|value| format!("{indent}{label:<width$} {value}")));
    lines.collect::<Vec<_>>().join("\n")
}

/// The lines of a transaction: with `result` (its result line), a payment's summary; without, in
/// full, as a lookup (check_payment, payment_detail, check_sale) reports it.
fn transaction_lines(
    t: &Transaction,
    result: Option<String>,
) -> Vec<(&'static str, Option<String>)> {
    let full = result.is_none();
    let only_full = |value: Option<String>| value.filter(|_| full);
    let bank = match (&t.bank_id, t.bank_name.as_ref().filter(|_| full)) {
        (Some(b), Some(name)) => Some(format!("bank {b} ({name})")),
        (Some(b), None) => Some(format!("bank {b}")),
        (None, Some(name)) => Some(format!("bank {name}")),
        (None, None) => None,
    };
    let authorisation = t.authorization_code.as_ref();
    let card = [
        t.card_number_masked.clone(),
        only_full(t.card_type.as_ref().map(|c| c.to_string())),
        bank,
        authorisation.map(|a| format!("authorisation code {a}")),
    ];
    let escrow = t.escrow_status.map(|status| match status {
        2 => format!("{status} (approved)"),
        3 => format!("{status} (rejected)"),
        _ => status.to_string(),
    });
    let by = t
        .reversed_xact_id
        .as_ref()
        .map(|id| format!(" (by xact_id {id})"));
    let reversed = (t.reversed == Some(true)).then(|| format!("yes{}", by.unwrap_or_default()));
    let transferred = "yes (marked transferred)".to_owned();
    let transferred = (t.is_transferred == Some(true)).then_some(transferred);
    let succeed = t
        .is_succeed
        .map_or_else(|| "not reported".to_owned(), |b| b.to_string());
    let kind = t.transaction_type.map(|k| k.to_string());
    let commission = format!(
        "{} (tax on it: {})",
        or_unreported(t.commission),
        or_unreported(t.commission_tax)
    );
    vec![
        ("xact_id", t.xact_id.clone()),
        ("xact_transaction_id", only_full(t.tracking_id.clone())),
        ("date", t.date_text.clone()),
        ("transaction_type", only_full(kind)),
        ("amount", Some(or_unreported(t.amount))),
        ("commission", Some(commission)),
        ("net amount", Some(or_unreported(t.net_amount))),
        ("card", joined(card, ", ")),
        ("agent_reference", only_full(t.agent_reference.clone())),
        ("reversed", only_full(reversed)),
        ("note", only_full(t.note.clone())),
        ("email", only_full(t.email.clone())),
        ("phone", only_full(t.phone.clone())),
        ("is_transferred", only_full(transferred)),
        ("escrow_status", only_full(escrow)),
        // The result line is the last: what follows a summary is appended to it trimmed.
        ("result", result.map(|r| r.trim_end().to_owned())),
        ("is_succeed", only_full(Some(succeed))),
    ]
}

/// A transaction's summary, one line of its details each, indented.
fn transaction_details(t: &Transaction) -> String {
    let result = code_text(t.result_code, t.message.as_deref());
    labelled("  ", 12, transaction_lines(t, Some(result)))
}

/// A transaction in full, as a lookup reports it, one line of its details each, indented.
fn checked_details(t: &Transaction) -> String {
    labelled("  ", 19, transaction_lines(t, None))
}

/// The head of an answer Paynet replayed (result code 100): `done` again, no money moved.
fn replayed(done: &str, noun: &str) -> String {
    format!(
        "Already {done}: result code 100 (oldsuccessful). Paynet returned the earlier successful \
         {noun} with this reference_no; no money moved again."
    )
}

/// What a lost answer settled by a lookup says: the lookup `found` what was `sent`.
fn settled(sent: &str, found: &str) -> String {
    format!(
        "\nSettled by a lookup: the answer was lost after the {sent} was sent (once); {found}. \
         Nothing was sent twice."
    )
}

/// The head of a started 3-D payment, sale or reversal (`what`); `replay` when Paynet returned an
/// earlier one (result code 100).
fn started(what: &str, replay: bool, note: &str) -> String {
    if replay {
        format!(
            "{what} already started with this reference_no: Paynet returned it (result code 100)."
        )
    } else {
        format!("{what} started{note}.")
    }
}

/// An approved capture.
pub(crate) fn capture_approved(t: &Transaction, replay: bool) -> String {
    let head = if replay {
        replayed("captured", "capture")
    } else {
        format!("Captured {}.", or_unreported(t.amount))
    };
    format!("{head}\n{}", transaction_details(t))
}

/// An approved card payment (pay, complete_3d, charge): `replay` for result code 100,
/// `reconciled` when the answer was lost and a lookup found it.
pub(crate) fn payment_approved(t: &Transaction, replay: bool, reconciled: bool) -> String {
    let (done, noun) = match t.transaction_type {
        Some(TransactionType::PreAuth) => ("Pre-authorised", "pre-authorisation"),
        _ => ("Paid", "payment"),
    };
    let mut s = if replay {
        replayed(&done.to_lowercase(), noun)
    } else {
        let three_d = (t.is_tds == Some(true)).then_some(" with 3-D Secure");
        let amount = or_unreported(t.amount);
        format!("{done} {amount}{}.", three_d.unwrap_or_default())
    };
    if reconciled {
        s.push_str(&settled(
            noun,
            "the SDK looked it up by its reference_no (payment check) and found it approved",
        ));
    }
    // A transaction found by a lookup has no result code of its own (the check's is beside it).
    let result = match t.result_code {
        None if reconciled => "found by the payment check (is_succeed true)".to_owned(),
        code => code_text(code, t.message.as_deref()),
    };
    let mut lines = transaction_lines(t, Some(result));
    let reference = t.reference_no.as_ref().or(t.agent_reference.as_ref());
    lines.push(("reference_no", reference.cloned()));
    if let Some(c) = &t.card_storage {
        lines.extend(card_storage(c));
    }
    let _ = write!(s, "\n{}", labelled("  ", 12, lines));
    if t.transaction_type == Some(TransactionType::PreAuth)
        && let Some(id) = &t.xact_id
    {
        let _ = write!(
            s,
            "\nTo capture it: paynet capture --xact-id {}",
            shell_quote(id)
        );
    }
    s
}

/// What a payment says of a stored card: the one it was paid with, or the card it saved.
fn card_storage(c: &CardStorage) -> [(&'static str, Option<String>); 4] {
    let message = c
        .save_message
        .as_ref()
        .map_or_else(String::new, |m| format!(": {m}"));
    let saved = match c.saved {
        Some(true) => Some(format!("yes{message}")),
        Some(false) => Some(format!("NO{message} (the payment stands)")),
        None => c.save_message.clone(),
    };
    let owner = c
        .card_owner_id
        .as_ref()
        .map(|o| format!("{o} (card_owner_id: keep it for the customer)"));
    [
        ("card saved", saved),
        ("card_hash", c.card_hash.clone()),
        ("card_owner", owner),
        ("customer", c.user_unique_id.clone()),
    ]
}

/// A card `save-card` stored: its mask, bank and brand, its token, and the customer's id to keep.
pub(crate) fn saved_card(saved: &SavedCard) -> String {
    let c = &saved.card;
    let description = c.description.as_ref().map(|d| format!(", \"{d}\""));
    let owner = c
        .card_owner_id
        .as_ref()
        .map(|o| format!("{o} (keep it: the customer's later saves, lists and payments use it)"));
    let result = code_text(Some(saved.result_code), saved.message.as_deref());
    let mut s = format!(
        "Card saved: {}{}.\n{}",
        or_dash(c.masked_number.clone()),
        description.unwrap_or_default(),
        labelled(
            "  ",
            14,
            [
                ("card_owner_id", owner),
                ("card_hash", c.card_hash.clone()),
                ("bank", bank_of(c)),
                ("brand", c.brand.clone()),
                ("result", Some(result)),
            ]
        )
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

/// A stored card's bank: its name, else its id.
fn bank_of(c: &StoredCard) -> Option<String> {
    let id = c.bank_id.as_ref().map(|b| b.to_string());
    c.bank_name.clone().or(id)
}

/// A page of a customer's stored cards, as a table: mask, bank, brand, description, token.
pub(crate) fn cards_table(card_owner_id: &str, list: &CardList) -> String {
    if list.cards.is_empty() {
        return format!("No stored cards for card_owner_id {card_owner_id}.");
    }
    let columns: [Column<StoredCard>; 5] = [
        ("CARD", |c| c.masked_number.clone()),
        ("BANK", bank_of),
        ("BRAND", |c| c.brand.clone()),
        ("DESCRIPTION", |c| c.description.clone()),
        ("CARD_HASH", |c| c.card_hash.clone()),
    ];
    let count = list.cards.len();
    let mut head = format!(
        "{} of card_owner_id {card_owner_id}",
        counted(count, "stored card")
    );
    if let Some(total) = list.total_count.filter(|t| *t != count as u64) {
        let _ = write!(head, " (of {total})");
    }
    if list.has_more {
        head.push_str(" (more remain: --starting-after or --ending-before pages on)");
    }
    format!(
        "{head}:\n{}\nTo pay with one: paynet pay --card-hash CARD_HASH --card-owner-id {} --amount TL --reference-no R",
        table(&columns, &list.cards, &[]).join("\n"),
        shell_quote(card_owner_id)
    )
}

/// A started 3-D Secure payment: the bank's page to open, and how to finish.
pub(crate) fn three_d_started(start: &Start3dRequest, s: &ThreeDSession) -> String {
    let payment = start.payment();
    let head = started(
        &format!("3-D Secure payment of {}", payment.amount()),
        s.result_code == ResultCode::OldSuccessful,
        &format!(
            " (reference_no {}): nothing is charged yet",
            payment.reference_no()
        ),
    );
    let result = code_text(Some(s.result_code), s.message.as_deref());
    let page = s.post_url.clone().unwrap_or_else(|| {
        "not sent: show the page Paynet sent as html_content (--json prints it)".to_owned()
    });
    let lines = [
        ("post_url", Some(page)),
        ("session_id", Some(s.session_id.clone())),
        ("token_id", Some(s.token_id.clone())),
        ("result", Some(result)),
    ];
    format!(
        "{head}\n{}\nNext: open the post_url in the card holder's browser; the bank asks for its \
         password, then its page posts session_id and token_id to {}.\nThen finish the payment:\n  \
         paynet pay complete --session-id {} --token-id {} --reference-no {}",
        labelled("  ", 12, lines),
        start.return_url(),
        shell_quote(&s.session_id),
        shell_quote(&s.token_id),
        shell_quote(payment.reference_no()),
    )
}

/// A started PayPOS sale.
pub(crate) fn sale_started(request: &InitSaleRequest, s: &SaleSession) -> String {
    let next = "on the phone; once the card is tapped, check the outcome: ";
    session_started(&format!("PayPOS sale of {}", request.amount()), s, next)
}

/// A started PayPOS reversal.
pub(crate) fn reversal_started(xact_id: &str, s: &SaleSession) -> String {
    let what = format!("PayPOS reversal of xact_id {xact_id}");
    session_started(&what, s, "to confirm the refund; then check it with\n")
}

/// A started sale or reversal (`what`): its lines (the encryption key is never shown), and what
/// to do `next` in the PayPOS app before checking it.
fn session_started(what: &str, s: &SaleSession, next: &str) -> String {
    let result = code_text(Some(s.result_code), s.message.as_deref());
    let key = if s.encryption_key.is_some() {
        "[redacted] (never printed)"
    } else {
        "not sent"
    };
    let lines = [
        ("payment_session_id", Some(s.payment_session_id.clone())),
        ("deeplink_url", Some(s.deeplink_url.clone())),
        ("encryption_key", Some(key.to_owned())),
        ("result", Some(result)),
    ];
    format!(
        "{}\n{}\nNext: open the deeplink in the PayPOS app {next}`paynet check-sale \
         --payment-session-id {}`.",
        started(what, s.result_code == ResultCode::OldSuccessful, ""),
        labelled("  ", 19, lines),
        s.payment_session_id,
    )
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

/// Quotes `value` for a POSIX shell: `'...'`, with `'` written `'\''`.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// An opened session. Every line but the last is a shell comment, and the last is an `export`
/// line with the session key: the output can be `eval`ed. This is the one place the tool prints
/// a key, on stdout, on purpose (see `paynet session open --help`).
pub(crate) fn session_opened(agent_id: &str, user_id: &str, s: &AgentSession) -> String {
    let expired_date = match (&s.expired_date, &s.expires_at) {
        (Some(d), Some(_)) => d.clone(),
        (Some(d), None) => format!("{d} (not a date the SDK can read)"),
        (None, _) => "not reported".to_owned(),
    };
    let lines = [
        ("expired_date", Some(expired_date)),
        ("company_code", s.company_code.clone()),
        ("user_unique_id", s.user_unique_id.clone()),
        ("is_okc_inquiry", s.is_okc_inquiry.map(|b| b.to_string())),
    ];
    format!(
        "# PayPOS session opened for agent {agent_id}, user {user_id} (open_session: {}).\n{}\n\
         # The session key below is a secret: it is printed here, on stdout, and nowhere else.\n\
         # It is what init-sale, check-sale and init-reversal need; end the session with\n\
         # `paynet session close`.\n\
         export {SESSION_KEY_VAR}={}",
        code_text(Some(s.result_code), None),
        labelled("#   ", 15, lines),
        shell_quote(s.session_key.expose_secret())
    )
}

/// A closed session.
pub(crate) fn session_closed() -> String {
    format!(
        "PayPOS session closed (close_session): Paynet no longer accepts its key.\n\
         Forget it: unset {SESSION_KEY_VAR}"
    )
}

/// A failure, for stderr: the message and what to do about it.
pub(crate) fn failure(f: &Failure) -> String {
    let say = |hint: &str| Some(hint.to_owned());
    let hint = match f {
        Failure::Usage(_) => say("run `paynet --help` for usage"),
        Failure::InvalidInput(_) => say("nothing was sent"),
        Failure::Declined(_) | Failure::Internal(_) => None,
        Failure::CancellationDeclined(_) => {
            say("the capture stands: nothing was cancelled (--json shows the transaction in full)")
        }
        Failure::PaymentDeclined { .. } => say(
            "no money moved; paying again needs a new --reference-no (--json shows the \
             transaction in full)",
        ),
        Failure::SaleDeclined { .. } => say(
            "the check itself succeeded: Paynet reports the transaction as declined (--json shows it \
             in full)",
        ),
        Failure::Sdk(error) => match error {
            Error::Rejected(r) if r.status == 401 || r.code == Some(ResultCode::Unauthorized) => {
                Some(if r.operation.auth() == Auth::SecretKey {
                    format!("Paynet refused the credential: check {SECRET_KEY_VAR}")
                } else {
                    format!(
                        "Paynet refused the session key: check {SESSION_KEY_VAR} (a closed or expired \
                         session is refused too: open a new one with `paynet session open`)"
                    )
                })
            }
            Error::Rejected(r)
                if r.operation == Operation::CLOSE_SESSION
                    && r.code == Some(ResultCode::NoData) =>
            {
                Some(format!(
                    "Paynet does not know the session in {SESSION_KEY_VAR}: it is already closed, or \
                     was never opened"
                ))
            }
            Error::Rejected(r) if r.operation == Operation::REFUND => say(
                "Paynet refused the refund request: nothing will be refunded. The same day, a \
                 transaction can only be cancelled in full (no --amount); afterwards, at most what \
                 is left unrefunded (see `paynet refunds list`).",
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
            Error::Rejected(_) => say("Paynet answered and refused the request"),
            Error::Transport { .. } => {
                say("the request never reached Paynet: trying again is safe")
            }
            // What is safe to do next follows from the operation's policy in the table and from
            // the error: the read that settles it (the domain's reconciliation), its reference.
            Error::OutcomeUnknown {
                operation,
                reference,
                lookup,
                ..
            } => Some(unknown_hint(*operation, reference.as_deref(), *lookup)),
            Error::InvalidResponse { .. } if error.needs_reconciliation() => say(
                "Paynet's answer could not be understood: money may have moved; look the \
                 transaction up before trying again",
            ),
            Error::InvalidResponse { .. } => say("Paynet's answer could not be understood"),
            _ => None,
        },
    };
    let hint = hint.map_or_else(String::new, |hint| format!("\n{hint}"));
    format!("error: {}{hint}", f.message())
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

/// A table's column: its header, and its cell in a row (`None` shows `-`).
type Column<T> = (&'static str, fn(&T) -> Option<String>);

/// A table's lines, its columns aligned: the `columns`' headers, then a line per row of `rows`;
/// `right[i]` right-aligns column `i` (amounts). Widths count characters, not bytes (Turkish
/// names).
fn table<T>(columns: &[Column<T>], rows: &[T], right: &[bool]) -> Vec<String> {
    let header = columns.iter().map(|(h, _)| h.to_string());
    let mut cells = vec![header.collect::<Vec<_>>()];
    cells.extend(rows.iter().map(|row| {
        let row = columns.iter().map(|(_, cell)| or_dash(cell(row)));
        row.collect()
    }));
    let width = |c: usize| {
        let column = cells.iter().filter_map(|r| r.get(c));
        column.map(|cell| cell.chars().count()).max().unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns.len()).map(width).collect();
    let line = |row: &Vec<String>| {
        let cells = row.iter().enumerate().map(|(c, cell)| {
            let pad = " ".repeat(widths[c].saturating_sub(cell.chars().count()));
            match right.get(c) {
                Some(true) => format!("{pad}{cell}"),
                _ => format!("{cell}{pad}"),
            }
        });
        format!("  {}", cells.collect::<Vec<_>>().join("  "))
            .trim_end()
            .to_owned()
    };
    cells.iter().map(line).collect()
}

/// The parts given, joined by `separator`; `None` when there are none.
fn joined(parts: impl IntoIterator<Item = Option<String>>, separator: &str) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(separator))
}

/// ` (a; b)`: the parts given, joined by `separator`, in parentheses after a space; nothing when
/// there are none.
fn parenthesised(parts: impl IntoIterator<Item = Option<String>>, separator: &str) -> String {
    joined(parts, separator).map_or_else(String::new, |p| format!(" ({p})"))
}

/// An amount Paynet reported, as a cell.
fn shown(amount: Option<ReportedAmount>) -> Option<String> {
    amount.map(|a| a.to_string())
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
        let found = "the refund list shows the request, so Paynet has it";
        s.push_str(&settled("request", found));
    }
    let amount = request.amount().map_or_else(
        || "all of it (a cancellation the same day; afterwards, what is left unrefunded)".into(),
        |a| a.to_string(),
    );
    let lines = [
        ("xact_id", Some(request.xact_id().to_owned())),
        ("amount", Some(amount)),
    ];
    let _ = write!(
        s,
        "\n{}\nThe decision (approved: the money is returned; or denied):",
        labelled("  ", 12, lines)
    );
    if let Some(url) = succeed_url {
        let _ = write!(
            s,
            "\n  - Paynet posts it to {url} ({{\"xact_id\", \"code\", \"status\", \"message\"}}: \
             unsigned, so confirm it below);"
        );
    }
    s.push_str(
        "\n  - `paynet refunds list --from today --to today` shows the request with its status \
         (waiting, approved or denied).",
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
        let found = "the pre-authorisation's detail shows it cancelled (reversed)";
        s.push_str(&settled("cancellation", found));
    }
    s
}

/// An approved cancellation of a capture.
pub(crate) fn capture_cancelled(xact_id: &str, t: &Transaction, replay: bool) -> String {
    let head = if replay {
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

/// A date-range report (`payments list`, `refunds list`): what its rows are called, its columns
/// (the 4th and 5th, amounts, right-aligned) and the line after its table.
pub(crate) struct Report<T: 'static> {
    /// One row, and more than one ("10 transactions from .. to ..").
    names: (&'static str, &'static str),
    /// What there are none of ("No transactions on ..").
    empty: &'static str,
    /// The table's columns.
    columns: &'static [Column<T>],
    /// The line after the table.
    footer: &'static str,
}

/// A report of transactions.
pub(crate) const PAYMENTS: Report<PaymentRow> = Report {
    names: ("transaction", "transactions"),
    empty: "transactions",
    columns: &[
        ("DATE", |r| {
            let t = &r.transaction;
            let date = t.date.map(|d| d.format("%Y-%m-%d %H:%M").to_string());
            date.or_else(|| t.date_text.clone())
        }),
        ("XACT_ID", |r| r.transaction.xact_id.clone()),
        ("TYPE", |r| {
            r.transaction.transaction_type.map(|k| k.name().to_owned())
        }),
        ("AMOUNT", |r| shown(r.transaction.amount)),
        ("NET", |r| shown(r.transaction.net_amount)),
        ("CARD", |r| r.transaction.card_number_masked.clone()),
        ("STATUS", payment_status),
        ("NOTE", |r| r.transaction.note.clone()),
    ],
    footer: "To refund one: paynet refund --xact-id XACT_ID [--amount TL]",
};

/// A report row's status: approved or declined, reversed, transferred.
fn payment_status(row: &PaymentRow) -> Option<String> {
    let t = &row.transaction;
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
    Some(status)
}

/// A report of refund and cancellation requests.
pub(crate) const REFUNDS: Report<RefundRow> = Report {
    names: (
        "refund or cancellation request",
        "refund and cancellation requests",
    ),
    empty: "refund or cancellation requests",
    columns: &[
        ("REQUESTED", |r| r.requested_on.clone()),
        ("XACT_ID", |r| r.xact_id.clone()),
        ("KIND", |r| {
            r.is_cancel
                .map(|c| if c { "cancel" } else { "refund" }.to_owned())
        }),
        ("AMOUNT", |r| shown(r.amount)),
        ("OF", |r| shown(r.transaction_amount)),
        ("CARD", |r| r.card_number_masked.clone()),
        ("STATUS", |r| match r.status {
            Some(RefundStatus::Waiting) => Some("waiting".to_owned()),
            Some(RefundStatus::Approved) => Some("approved".to_owned()),
            Some(RefundStatus::Denied) => Some("denied".to_owned()),
            other => other.map(|s| s.to_string()),
        }),
        ("REFUND XACT_ID", |r| r.reversed_xact_id.clone()),
    ],
    footer: "Status: waiting (not decided yet), approved (the money is returned), denied.",
};

/// A date-range report's text: how many rows were printed, of how many ("10 transactions from ..
/// to .. (of 27; more remain: ...):"), the table and the footer; "No .." when there are none.
pub(crate) fn report<T>(
    report: &Report<T>,
    range: (NaiveDate, NaiveDate),
    rows: &[T],
    total_count: Option<u64>,
    has_more: bool,
) -> String {
    let count = rows.len();
    if count == 0 {
        return format!("No {} {}.", report.empty, range_text(range));
    }
    let total = total_count.filter(|total| has_more || *total != count as u64);
    let more = "more remain: --all loads every page, --limit takes up to 1000 rows a page";
    let notes = [
        total.map(|t| format!("of {t}")),
        has_more.then(|| more.to_owned()),
    ];
    let notes = parenthesised(notes, "; ");
    let (one, many) = report.names;
    let what = if count == 1 { one } else { many };
    let right = [false, false, false, true, true];
    format!(
        "{count} {what} {}{notes}:\n{}\n{}",
        range_text(range),
        table(report.columns, rows, &right).join("\n"),
        report.footer
    )
}

/// The instalment table: for each bank, its options.
pub(crate) fn ratios_table(
    bin: Option<&str>,
    amount: Option<Amount>,
    ratios: &RatioTable,
) -> String {
    let computed = amount.map_or_else(
        || "amounts computed for 0 (give --amount to compute them for a price)".to_owned(),
        |a| format!("for {a}"),
    );
    if ratios.banks.is_empty() {
        let what = bin.map_or_else(|| "in the table".to_owned(), |b| format!("for BIN {b}"));
        return format!(
            "No instalment options {what} ({}).",
            code_text(Some(ratios.result_code), ratios.message.as_deref())
        );
    }
    let mut s = match bin {
        Some(b) => format!("Instalment options for a card with BIN {b}, {computed}:"),
        None => format!(
            "The instalment table: {} banks, {computed}:",
            ratios.banks.len()
        ),
    };
    let columns: [Column<&InstalmentOption>; 8] = [
        ("INSTALMENTS", |o| o.count.map(|n| n.to_string())),
        ("PER INSTALMENT", |o| shown(o.instalment_amount)),
        ("TOTAL", |o| shown(o.total)),
        ("COMMISSION", |o| shown(o.commission)),
        ("TAX", |o| shown(o.commission_tax)),
        ("NET", |o| shown(o.net)),
        ("RATIO", |o| o.ratio.map(|r| r.to_string())),
        ("NAME", |o| o.description.clone()),
    ];
    let options: Vec<_> = ratios.options().map(|(_, o)| o).collect();
    let mut lines = table(&columns, &options, &[true; 7]).into_iter();
    let header = lines.next().unwrap_or_default();
    for bank in &ratios.banks {
        let three_d = |r| format!("3-D Secure {}", if r { "required" } else { "optional" });
        let about = [
            bank.card_type.as_ref().map(|c| format!("card type {c}")),
            bank.tds_required.map(three_d),
        ];
        let about = parenthesised(about, ", ");
        let _ = write!(
            s,
            "\n\n{} {}{about}\n{header}",
            bank.bank_id.as_deref().unwrap_or("-"),
            bank.bank_name.as_deref().unwrap_or(""),
        );
        for line in lines.by_ref().take(bank.options.len()) {
            let _ = write!(s, "\n{line}");
        }
    }
    s
}
