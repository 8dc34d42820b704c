//! The wire under Paynet's browser scripts (the ready-made `paynet.js` and the custom form's
//! `paynet-custom.js`): `/v1/paynetj/auth` (a payment session for the page), `check_bin` (the
//! card's bank and instalments), `create_token` (the card, straight from the shopper's browser),
//! and the stored-card pair `check_card_bin` / `create_card_token`. All under the publishable
//! key, in the shapes Paynet's own custom-form script reads. A token is a [`JsSession`] that
//! `charge` (in `js_form`) finishes with the secret key; a token that needs 3-D Secure is
//! verified first on the bank's page (`paynetj_pages`).

use std::{fmt, sync::Arc};

use axum::{
    extract::{FromRequest, Request, State as AxState},
    http::StatusCode,
    response::Response,
};
use rust_decimal::Decimal;
use serde::{Deserialize, de::DeserializeOwned};

use crate::{
    card_store::{CardSave, MAX_CARD_DESC, NoOwner, SaveFor, is_gsm},
    cards::{self, Bank, Card, CardError, CardInput},
    clock,
    driving::ThreeDStatus,
    extract::{Paynet, PublishableKey, wrong_publishable_key},
    fixtures::COMPANY_NAME,
    http::{Shared, invalid_request, present, refused},
    ledger::SALE,
    lenient::{self, Number},
    model::{FormSession, JsSession, Order},
    payment_request::MAX_INSTALMENT,
    ratios,
    state::State,
    wire::{
        self, CheckBinResponse, CreateTokenResponse, InstalmentRow, PaynetjAuthResponse,
        SUCCESS_MESSAGE,
    },
};

/// The path of the bank's 3-D page for a token (`create_token`'s `post_url`).
pub(crate) const TDS_PAGE_PATH: &str = "/sim/paynetj/3d";

/// The bank of the cards whose BIN the simulator does not know ("Diğer bankalar").
const OTHER_BANKS: &str = "ZDGR";

/// How long a session is said to last (`expire_date`; not enforced).
const SESSION_MINUTES: i64 = 30;

/// The largest amount a session takes, in kuruş (as many digits as a kuruş amount may have).
const MAX_AMOUNT_KURUS: u64 = 999_999_999_999_999;

/// A body of the browser wire: it may repeat the publishable key as `token`.
trait WithToken {
    /// The body's `token`, when it has one.
    fn token(&self) -> &Option<String>;
}

impl WithToken for AuthRequest {
    fn token(&self) -> &Option<String> {
        &self.token
    }
}

impl WithToken for CheckBinRequest {
    fn token(&self) -> &Option<String> {
        &self.token
    }
}

impl WithToken for CreateTokenRequest {
    fn token(&self) -> &Option<String> {
        &self.token
    }
}

/// A body under the publishable key, whose `token` (which Paynet's script also sends), when
/// present, is the same key: a wrong or missing key is refused before anything else, then a body
/// that cannot be read, then a `token` that is not the key.
pub(crate) struct Keyed<T>(T);

impl<T: WithToken + DeserializeOwned> FromRequest<Arc<Shared>> for Keyed<T> {
    type Rejection = Response;

    async fn from_request(request: Request, shared: &Arc<Shared>) -> Result<Self, Response> {
        let Paynet(body, PublishableKey) = Paynet::<T, _>::from_request(request, shared).await?;
        if present(body.token()).is_some_and(|t| !shared.keys_match(t, "").0) {
            return Err(wrong_publishable_key());
        }
        Ok(Keyed(body))
    }
}

/// A session's `amount`: kuruş as digits or a JSON integer (`14990`, `"14990"`), or what
/// Paynet's own script computes, `parseFloat("149,90" read as 149.90) * 100`, whose float noise
/// (`14990.000000000002`) is rounded to the whole kuruş it is within 0.01 kuruş of. Anything
/// else (`149.9`, `"149,90"`, zero) is `None`.
fn session_amount(amount: Option<&Number>) -> Option<u64> {
    let amount = amount?;
    if let Some(kurus) = amount.kurus() {
        return (kurus > 0 && kurus <= MAX_AMOUNT_KURUS).then_some(kurus);
    }
    let exact = amount.decimal()?;
    let mut whole = exact.round();
    if (exact - whole).abs() > Decimal::new(1, 2) {
        return None;
    }
    whole.rescale(0);
    let kurus = u64::try_from(whole.mantissa()).ok()?;
    (kurus > 0 && kurus <= MAX_AMOUNT_KURUS).then_some(kurus)
}

/// The instalment counts of a `data-installments` list (`"2,3,6"`, spaces or commas between):
/// the single payment and those listed. `Err` for anything but counts from 1 to 12.
fn offered_counts(text: &str) -> Result<Vec<u32>, ()> {
    let mut counts = vec![1];
    for part in text.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
        let n: u32 = part.parse().map_err(|_| ())?;
        if !(1..=MAX_INSTALMENT).contains(&n) {
            return Err(());
        }
        if !counts.contains(&n) {
            counts.push(n);
        }
    }
    counts.sort_unstable();
    Ok(counts)
}

/// The `domain` of a session: the page's origin, `scheme://host[:port]` (http or https, no path).
fn origin_of(domain: &str) -> Option<String> {
    let rest = domain
        .strip_prefix("https://")
        .or_else(|| domain.strip_prefix("http://"))?;
    let host = rest.trim_end_matches('/');
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    plain.then(|| domain.trim_end_matches('/').to_owned())
}

/// The body of `/v1/paynetj/auth`: what Paynet's custom-form script sends, and what the
/// simulator's own scripts add (`reference_no`, `description`, `name`, `image`,
/// `no_instalment`, `installments`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AuthRequest {
    #[serde(deserialize_with = "lenient::text")]
    token: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    add_commission: Option<bool>,
    #[serde(deserialize_with = "lenient::int")]
    pos_type: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    domain: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    tds_required: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    show_tds_error: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    merge_option: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code_method: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    invoice_no: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    save_card: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    user_unique_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_gsm_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_desc: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    return_url: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    image: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    no_instalment: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    installments: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    platform_id: Option<String>,
}

/// `POST /v1/paynetj/auth` (Paynet's script adds `?type=CF`): a payment session for the page.
pub(crate) async fn auth(
    AxState(shared): AxState<Arc<Shared>>,
    Keyed(request): Keyed<AuthRequest>,
) -> Response {
    let Some(amount) = session_amount(request.amount.as_ref()) else {
        return invalid_request(
            "amount kuruş cinsinden zorunludur (\"149,90 TL\" => 14990; sıfır olamaz)",
        );
    };
    let domain = match present(&request.domain) {
        None => String::new(),
        Some(d) => match origin_of(d) {
            Some(origin) => origin,
            None => {
                return invalid_request("domain sayfanın adresi olmalıdır (https://shop.example)");
            }
        },
    };
    let instalments = match present(&request.installments).map(offered_counts) {
        None => Vec::new(),
        Some(Ok(counts)) => counts,
        Some(Err(())) => {
            return invalid_request("installments 1-12 arası taksit sayılarının listesi olmalıdır");
        }
    };
    let reference_no = request.reference_no.clone().unwrap_or_default();
    if reference_no.chars().count() > 50 {
        return invalid_request("reference_no en fazla 50 karakter olabilir");
    }
    // Read and accepted; they change nothing in the simulator. (`save_card`, `user_unique_id`,
    // `user_gsm_no` and `card_desc` are kept for the tokens: see `token_save`.)
    let _ = (
        request.pos_type,
        request.show_tds_error,
        request.merge_option,
        &request.ratio_code_method,
        &request.invoice_no,
        &request.platform_id,
    );
    let tds_required = request.tds_required.unwrap_or(true);
    let mut state = shared.lock();
    let session_id = format!("js_EAAAA{}", state.rng.string(clock::ALNUM, 40));
    let expire_date = clock::format_dotnet(
        state
            .clock
            .peek()
            .saturating_add(SESSION_MINUTES * 60 * clock::ONE_SECOND),
    );
    let name = present(&request.name).unwrap_or(COMPANY_NAME).to_owned();
    state.paynetj.push(FormSession {
        session_id: session_id.clone(),
        amount,
        add_commission: request.add_commission.unwrap_or(false),
        ratio_code: request.ratio_code.unwrap_or_default(),
        agent_id: request.agent_id.filter(|a| !a.is_empty()),
        reference_no,
        description: request.description.unwrap_or_default(),
        domain,
        tds_required,
        no_instalment: request.no_instalment.unwrap_or(false),
        instalments,
        name: name.clone(),
        image: request.image.unwrap_or_default(),
        card_owner_id: request.card_owner_id.unwrap_or_default(),
        save_card: request.save_card.unwrap_or(false),
        user_unique_id: request.user_unique_id.unwrap_or_default(),
        user_gsm_no: request.user_gsm_no.unwrap_or_default(),
        card_desc: request.card_desc.unwrap_or_default(),
        return_url: request.return_url.unwrap_or_default(),
    });
    wire::json(
        StatusCode::OK,
        &PaynetjAuthResponse {
            session_id,
            expire_date,
            name,
            tds_required,
            object_name: "paynetj_auth",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The 400 for a `session_id` no `auth` made (`paynetjnosession`).
fn no_session() -> Response {
    refused(13, "Ödeme oturumu bulunamadı (session_id)")
}

/// The session `session_id`.
pub(crate) fn form_session<'a>(state: &'a State, session_id: &str) -> Option<&'a FormSession> {
    state.paynetj.iter().find(|s| s.session_id == session_id)
}

/// The stored card `card_hash` (of `card_owner_id`, when one is given): the one place the browser
/// routes look a stored card up, through the card store's lookup that the payments use
/// (`State::stored_card`). The refusal is Paynet's HTTP 400 with `result_code` 26 (an unknown
/// owner) or 25 (no such card).
fn stored_card(state: &State, card_owner_id: &str, card_hash: &str) -> Result<Card, Box<Response>> {
    state
        .stored_card(Some(card_owner_id), card_hash)
        .map_err(|e| Box::new(refused(e.code(), e.message())))
}

/// The instalment options of `session` for a card of `bank`: the bank's table for the session's
/// amount, commission and ratio code, less what the session (or `no_instalment`) leaves out.
fn options(
    state: &State,
    base_url: &str,
    session: &FormSession,
    bank: Bank,
    no_instalment: bool,
) -> Vec<InstalmentRow> {
    let Some(table) = ratios::bank_offer(
        state,
        base_url,
        bank,
        session.amount,
        session.add_commission,
        &session.ratio_code,
    ) else {
        return Vec::new();
    };
    table
        .ratio
        .into_iter()
        .filter(|row| {
            let single_only = no_instalment || session.no_instalment;
            (!single_only || row.instalment == 1)
                && (session.instalments.is_empty() || session.instalments.contains(&row.instalment))
        })
        .map(|row| InstalmentRow {
            instalment_key: row.instalment_key,
            instalment: row.instalment,
            desc: row.desc,
            ratio: row.ratio,
            instalment_amount: row.instalment_amount,
            total_amount: row.total_amount,
            total_net_amount: row.total_net_amount,
            commision: row.commision,
            commision_tax: row.commision_tax,
            plus_installment: 0,
            bank_id: bank.id,
            ratio_code: row.ratio_code,
        })
        .collect()
}

/// The answer of `check_bin` and `check_card_bin` for a card of `bank`.
fn bin_answer(
    state: &State,
    base_url: &str,
    session: &FormSession,
    bank: Bank,
    no_instalment: bool,
) -> Response {
    let data = options(state, base_url, session, bank, no_instalment);
    let tds_required = [
        crate::fixtures::TEST_CARD_3D_REQUIRED,
        crate::fixtures::TEST_CARD_3D_DECLINE,
    ]
    .iter()
    .any(|pan| pan.starts_with(bank.bin));
    wire::json(
        StatusCode::OK,
        &CheckBinResponse {
            bank_id: bank.id,
            bank_logo: format!("{base_url}/sim/banks/{}.svg", bank.id),
            bank_name: bank.name,
            tds_enable: true,
            tds_required,
            card_type: "cc",
            data,
            object_name: "paynetj_check_bin",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `/v1/paynetj/check_bin` and `check_card_bin`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CheckBinRequest {
    #[serde(deserialize_with = "lenient::text")]
    token: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    bin: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_hash: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    session_id: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    no_instalment: Option<bool>,
}

/// `POST /v1/paynetj/check_bin`: the bank and instalment options of the card's BIN (6 to 8
/// digits), for the session's amount.
pub(crate) async fn check_bin(
    AxState(shared): AxState<Arc<Shared>>,
    Keyed(request): Keyed<CheckBinRequest>,
) -> Response {
    let Some(session_id) = present(&request.session_id) else {
        return invalid_request("session_id zorunludur");
    };
    let bin = match present(&request.bin) {
        Some(bin) if (6..=8).contains(&bin.len()) && bin.bytes().all(|b| b.is_ascii_digit()) => bin,
        _ => {
            return refused(
                14,
                "bin kart numarasının ilk 6 (en fazla 8) hanesi olmalıdır",
            );
        }
    };
    let state = shared.lock();
    let Some(session) = form_session(&state, session_id) else {
        return no_session();
    };
    // A BIN the simulator does not know is "other banks", as a payment with such a card is.
    let Some(bank) = bin
        .get(..6)
        .and_then(cards::bank_of_bin)
        .or_else(|| cards::bank_by_id(OTHER_BANKS))
    else {
        return refused(14, "Bu BIN için banka bulunamadı");
    };
    let no_instalment = request.no_instalment.unwrap_or(false);
    bin_answer(&state, &shared.base_url, session, bank, no_instalment)
}

/// `POST /v1/paynetj/check_card_bin`: `check_bin` for a stored card (`card_hash`, of
/// `card_owner_id`).
pub(crate) async fn check_card_bin(
    AxState(shared): AxState<Arc<Shared>>,
    Keyed(request): Keyed<CheckBinRequest>,
) -> Response {
    let (Some(session_id), Some(card_hash)) =
        (present(&request.session_id), present(&request.card_hash))
    else {
        return invalid_request("session_id ve card_hash zorunludur");
    };
    let state = shared.lock();
    let Some(session) = form_session(&state, session_id) else {
        return no_session();
    };
    let owner = present(&request.card_owner_id).unwrap_or(&session.card_owner_id);
    let card = match stored_card(&state, owner, card_hash) {
        Ok(card) => card,
        Err(refusal) => return *refusal,
    };
    let no_instalment = request.no_instalment.unwrap_or(false);
    bin_answer(&state, &shared.base_url, session, card.bank, no_instalment)
}

/// The body of `/v1/paynetj/create_token` and `create_card_token`. Its `Debug` shows no card
/// data.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct CreateTokenRequest {
    #[serde(deserialize_with = "lenient::text")]
    token: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    session_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pan: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    month: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    year: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    cvc: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_hash: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    instalment_key: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_phone: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_mail: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    do_3ds: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    save_card: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    save_card_gsm: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    save_card_desc: Option<String>,
}

impl fmt::Debug for CreateTokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateTokenRequest")
            .field("session_id", &self.session_id)
            .field("instalment_key", &self.instalment_key)
            .finish_non_exhaustive()
    }
}

/// The instalment count of `key` (`AXSS-03`) for a card of `bank` in `session`, if it is one of
/// the options `check_bin` gives that card.
fn instalment_of(
    state: &State,
    base_url: &str,
    session: &FormSession,
    bank: Bank,
    key: &str,
) -> Option<u32> {
    options(state, base_url, session, bank, false)
        .into_iter()
        .find(|row| row.instalment_key == key)
        .map(|row| row.instalment)
}

/// Which card a token is made with.
enum CardSource<'a> {
    /// Card data typed by the shopper (`create_token`).
    Typed(CardInput<'a>),
    /// A stored card (`create_card_token`).
    Stored { owner: &'a str, card_hash: &'a str },
}

/// The saving of its card a token of typed card data asks for, once charged: when its
/// `save_card` (else the session's) is true, for the session's customer (exactly one of its
/// `user_unique_id` and `card_owner_id`), under the token's `save_card_desc` (else the session's
/// `card_desc`; required, at most 50 characters), with the token's `save_card_gsm` (else the
/// session's `user_gsm_no`; optional, `5XXXXXXXXX`). `Err` is the 400's message: the rules of
/// `pay`'s `save_card`.
fn token_save(
    request: &CreateTokenRequest,
    session: &FormSession,
) -> Result<Option<CardSave>, &'static str> {
    fn given(v: &str) -> Option<&str> {
        Some(v.trim()).filter(|s| !s.is_empty())
    }
    if !request.save_card.unwrap_or(session.save_card) {
        return Ok(None);
    }
    let description = present(&request.save_card_desc)
        .or_else(|| given(&session.card_desc))
        .map(str::trim)
        .ok_or("save_card ile save_card_desc (veya oturumun card_desc'i) zorunludur")?;
    if description.chars().count() > MAX_CARD_DESC {
        return Err("save_card_desc en fazla 50 karakter olabilir");
    }
    let owner = SaveFor::named(
        given(&session.user_unique_id),
        given(&session.card_owner_id),
    )
    .map_err(|no| match no {
        NoOwner::Both => {
            "save_card ile oturuma user_unique_id (ilk kart) veya card_owner_id verilmeli, ikisi birden değil"
        }
        NoOwner::Neither => {
            "save_card ile oturuma (auth) user_unique_id (müşterinin ilk kartı) veya card_owner_id verilmelidir"
        }
    })?;
    let user_gsm = present(&request.save_card_gsm).or_else(|| given(&session.user_gsm_no));
    if user_gsm.is_some_and(|g| !is_gsm(g)) {
        return Err(
            "save_card_gsm (veya oturumun user_gsm_no'su) 5XXXXXXXXX biçiminde 10 hane olmalıdır",
        );
    }
    let year = request.year.unwrap_or(0);
    Ok(Some(CardSave {
        owner,
        description: description.to_owned(),
        user_gsm: user_gsm.map(str::to_owned),
        expire_month: request.month.unwrap_or(0),
        expire_year: if year < 100 { 2000 + year } else { year },
    }))
}

/// Makes a token of the session for the card: the checks, the [`JsSession`] that `charge`
/// finishes, and the answer.
fn make_token(shared: &Shared, request: &CreateTokenRequest, source: &CardSource<'_>) -> Response {
    let Some(session_id) = present(&request.session_id) else {
        return invalid_request("session_id zorunludur");
    };
    let mut state = shared.lock();
    let Some(session) = form_session(&state, session_id).cloned() else {
        return no_session();
    };
    let used = state.js.iter().any(|t| {
        t.session_id == session.session_id
            && t.charged
                .as_ref()
                .and_then(|id| state.by_id(id))
                .and_then(|i| state.ledger.get(i))
                .is_some_and(|tx| tx.is_succeed)
    });
    if used {
        return refused(17, "Bu ödeme oturumu ile daha önce ödeme alındı");
    }
    let card = match source {
        CardSource::Typed(input) => match cards::read_card(input, state.this_month()) {
            Ok(card) => card,
            Err(CardError::Wrong(message)) => return refused(18, &message),
            Err(CardError::Missing | CardError::UnknownHash) => {
                return refused(18, "Kart numarası (pan) zorunludur");
            }
        },
        CardSource::Stored { owner, card_hash } => match stored_card(&state, owner, card_hash) {
            Ok(card) => card,
            Err(refusal) => return *refusal,
        },
    };
    let Some(key) = present(&request.instalment_key) else {
        return invalid_request("instalment_key zorunludur (check_bin'in verdiği taksit anahtarı)");
    };
    let Some(instalment) = instalment_of(&state, &shared.base_url, &session, card.bank, key) else {
        return invalid_request(
            "instalment_key bu kartın bu ödeme için taksit seçeneklerinden biri değil (check_bin)",
        );
    };
    let save = match source {
        CardSource::Typed(_) => match token_save(request, &session) {
            Ok(save) => save,
            Err(message) => return invalid_request(message),
        },
        // A stored card is stored already: a `save_card` left on is ignored.
        CardSource::Stored { .. } => None,
    };
    let is_tds =
        session.tds_required || request.do_3ds.unwrap_or(false) || card.behaviour.needs_3d();
    let description = present(&request.description).unwrap_or(&session.description);
    let order = Order {
        amount: session.amount,
        add_commission: session.add_commission,
        instalment,
        kind: SALE,
        reference_no: session.reference_no.clone(),
        agent_id: session.agent_id.clone(),
        description: description.to_owned(),
        phone: request.card_holder_phone.clone().unwrap_or_default(),
        email: request.card_holder_mail.clone().unwrap_or_default(),
        ratio_code: session.ratio_code.clone(),
        domain: session.domain.clone(),
        card,
    };
    let token_id = state.rng.uuid().to_uppercase();
    if let Some(save) = save {
        // Saved by `charge`, once the token's payment is made.
        state.card_store.hold_save(&token_id, save);
    }
    state.js.push(JsSession {
        session_id: session.session_id.clone(),
        token_id: token_id.clone(),
        order,
        add_comission_amount: session.add_commission,
        ratio_code: session.ratio_code.clone(),
        charged: None,
        three_d: is_tds.then_some(ThreeDStatus::Pending),
        wrong_passwords: 0,
    });
    let post_url = if is_tds {
        format!("{}{TDS_PAGE_PATH}", shared.base_url)
    } else {
        String::new()
    };
    wire::json(
        StatusCode::OK,
        &CreateTokenResponse {
            session_id: session.session_id,
            token_id,
            is_tds,
            post_url,
            object_name: "paynetj_create_token",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// `POST /v1/paynetj/create_token`: the card typed in the shopper's browser becomes a token of
/// the session (`charge` finishes it).
pub(crate) async fn create_token(
    AxState(shared): AxState<Arc<Shared>>,
    Keyed(request): Keyed<CreateTokenRequest>,
) -> Response {
    let input = CardInput {
        holder: request.card_holder.as_deref(),
        pan: request.pan.as_deref(),
        month: request.month,
        year: request.year,
        cvc: request.cvc.as_deref(),
        card_hash: None,
    };
    make_token(&shared, &request, &CardSource::Typed(input))
}

/// `POST /v1/paynetj/create_card_token`: `create_token` with a stored card (`card_hash` of
/// `card_owner_id`) instead of card data.
pub(crate) async fn create_card_token(
    AxState(shared): AxState<Arc<Shared>>,
    Keyed(request): Keyed<CreateTokenRequest>,
) -> Response {
    let Some(card_hash) = present(&request.card_hash) else {
        return invalid_request("card_hash zorunludur");
    };
    let owner = present(&request.card_owner_id).map(str::to_owned);
    let owner = owner.unwrap_or_else(|| {
        present(&request.session_id)
            .and_then(|id| form_session(&shared.lock(), id).map(|s| s.card_owner_id.clone()))
            .unwrap_or_default()
    });
    let source = CardSource::Stored {
        owner: &owner,
        card_hash,
    };
    make_token(&shared, &request, &source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str, quoted: bool) -> Number {
        Number {
            text: text.to_owned(),
            quoted,
        }
    }

    #[test]
    fn amounts_of_a_session() {
        let amount = |t: &str, q: bool| session_amount(Some(&number(t, q)));
        assert_eq!(amount("14990", false), Some(14_990));
        assert_eq!(amount("14990", true), Some(14_990));
        // Paynet's script: parseFloat("149.9") * 100.
        assert_eq!(amount("14990.000000000002", false), Some(14_990));
        assert_eq!(amount("1004.9999999999999", false), Some(1_005));
        assert_eq!(amount("149.9", false), None);
        assert_eq!(amount("149,90", true), None);
        assert_eq!(amount("0", false), None);
        assert_eq!(amount("-100", false), None);
        assert_eq!(session_amount(None), None);
    }

    #[test]
    fn instalment_lists() {
        assert_eq!(offered_counts("2,3,6"), Ok(vec![1, 2, 3, 6]));
        assert_eq!(offered_counts(" 6 "), Ok(vec![1, 6]));
        assert_eq!(offered_counts("1;12"), Ok(vec![1, 12]));
        assert_eq!(offered_counts("13"), Err(()));
        assert_eq!(offered_counts("x"), Err(()));
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://shop.example/").as_deref(),
            Some("https://shop.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("shop.example"), None);
        assert_eq!(origin_of("https://shop.example/path"), None);
        assert_eq!(origin_of("https://a\"b"), None);
    }
}
