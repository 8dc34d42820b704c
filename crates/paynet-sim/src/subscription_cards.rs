//! Subscription cards (`v1/subscription/card_info_*`, `create_card_tds_*`, secret key): a
//! subscription's cards in their charging order, labelling, removing, giving a card to another
//! subscription or a group, ordering, finding cards; and adding a card through the bank's 3-D page
//! (`create_card_tds_initial` opens a session of the simulated bank's page, `/sim/3d`;
//! `create_card_tds_confirm` adds the card once the page verified it). [`start`] and [`confirm`]
//! are shared with the subscription's own page (`subscription_page`).

use std::sync::Arc;

use axum::{extract::State as AxState, http::StatusCode, response::Response};

use crate::{
    cards::{self, Card, CardError, CardInput},
    clock,
    driving::ThreeDStatus,
    extract::Paynet,
    html::escape,
    http::{Shared, invalid_request, present},
    model::{Order, TdsSession},
    state::State,
    subscription_model::{PendingCard, SubscriptionCard, mask_name},
    subscription_request::{Body, Refusal, bad, done, no_such_card, no_such_subscription},
    subscription_wire::{
        Card3dSession, CardList, CardRow, ConfirmedCard, DeletedCard, FilteredCards, FilteredRow,
        LinkRow, LinkedCard,
    },
    wire::{self, SUCCESS_MESSAGE},
};

/// "No data".
const NO_DATA: u32 = 12;
/// The longest label.
const MAX_LABEL: usize = 100;

/// `POST /v1/subscription/card_info_list`: the subscription's cards, in charging order.
pub(crate) async fn card_list(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let state = shared.lock();
    let index = match body.subscription(&state) {
        Ok(i) => i,
        Err(r) => return *r,
    };
    let Some(sub) = state.subscriptions.list.get(index) else {
        return no_such_subscription();
    };
    let data: Vec<CardRow> = sub
        .links
        .iter()
        .enumerate()
        .filter_map(|(n, link)| {
            let card = state.subscriptions.card(&link.card_id)?;
            Some(CardRow {
                card_id: card.id.clone(),
                subscription_card_id: link.link_id.clone(),
                card_no_mask: card.card.masked.clone(),
                card_holder_name_mask: mask_name(&card.card.holder),
                label: card.label.clone(),
                order_no: n + 1,
                is_default: n == 0,
            })
        })
        .collect();
    let (code, message) = if data.is_empty() {
        (NO_DATA, "Aboneliğe tanımlı kart yok")
    } else {
        (0, SUCCESS_MESSAGE)
    };
    wire::json(
        StatusCode::OK,
        &CardList {
            subscription_id: sub.id.clone(),
            reference_no: sub.reference_no.clone(),
            data,
            object_name: "subscription_card_list",
            code,
            message,
        },
    )
}

/// `POST /v1/subscription/card_info_label_update`.
pub(crate) async fn label_update(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let (Some(card_id), Some(label)) = (present(&body.card_id), present(&body.label)) else {
        return invalid_request("card_id ve label zorunludur");
    };
    if label.chars().count() > MAX_LABEL {
        return invalid_request("label en fazla 100 karakter olabilir");
    }
    let mut state = shared.lock();
    let Some(card) = state
        .subscriptions
        .cards
        .iter_mut()
        .find(|c| c.id == card_id)
    else {
        return no_such_card();
    };
    card.label = label.to_owned();
    done("card_info_label_update", "Güncelleme başarılı.")
}

/// `POST /v1/subscription/card_info_delete`: the card leaves the subscription's cards.
pub(crate) async fn delete(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let Some(card_id) = present(&body.card_id).map(str::to_owned) else {
        return invalid_request("card_id zorunludur");
    };
    let mut state = shared.lock();
    let index = match body.subscription(&state) {
        Ok(i) => i,
        Err(r) => return *r,
    };
    let Some(sub) = state.subscriptions.list.get_mut(index) else {
        return no_such_subscription();
    };
    let before = sub.links.len();
    sub.links.retain(|l| l.card_id != card_id);
    if sub.links.len() == before {
        return no_such_card();
    }
    wire::json(
        StatusCode::OK,
        &DeletedCard {
            card_id,
            object_name: "subscription_card_info_delete",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The subscriptions a card request names: by `subscription_id` or `reference_no`, else every
/// subscription of `group_reference_no`. The 400 when it names none, the 404 when none exists.
fn targets(state: &State, body: &Body) -> Result<(Vec<usize>, String), Refusal> {
    let group = present(&body.group_reference_no).unwrap_or("").to_owned();
    if present(&body.subscription_id).is_some() || present(&body.reference_no).is_some() {
        return Ok((vec![body.subscription(state)?], group));
    }
    if group.is_empty() {
        return Err(bad(
            "subscription_id, reference_no veya group_reference_no alanlarından en az birini göndermeniz gerekmektedir",
        ));
    }
    let all: Vec<usize> = state
        .subscriptions
        .list
        .iter()
        .enumerate()
        .filter(|(_, s)| s.group == group)
        .map(|(i, _)| i)
        .collect();
    if all.is_empty() {
        return Err(Box::new(no_such_subscription()));
    }
    Ok((all, group))
}

/// Gives card `card_id` to each target: one row each.
fn link_to(state: &mut State, card_id: &str, targets: &[usize]) -> Vec<LinkRow> {
    targets
        .iter()
        .map(|&t| {
            let linked = state.subscriptions.link(t, card_id);
            let (id, reference_no) = state
                .subscriptions
                .list
                .get(t)
                .map(|s| (s.id.clone(), s.reference_no.clone()))
                .unwrap_or_default();
            LinkRow {
                subscription_id: id,
                reference_no,
                is_succeed: linked,
                message: if linked {
                    SUCCESS_MESSAGE.to_owned()
                } else {
                    "Kart bu aboneliğe zaten tanımlı".to_owned()
                },
            }
        })
        .collect()
}

/// `POST /v1/subscription/card_info_link_to_subscription`.
pub(crate) async fn link(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let Some(card_id) = present(&body.card_id).map(str::to_owned) else {
        return invalid_request("card_id zorunludur");
    };
    let mut state = shared.lock();
    let (targets, _) = match targets(&state, &body) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    if state.subscriptions.card(&card_id).is_none() {
        return no_such_card();
    }
    let details = link_to(&mut state, &card_id, &targets);
    wire::json(
        StatusCode::OK,
        &LinkedCard {
            details,
            object_name: "card_info_link_to_subscription",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// `POST /v1/subscription/card_info_arrange`: each row places a card (its link to this
/// subscription, `subscription_card_id`, and its `card_id`, which must agree) at `order_no`;
/// cards not listed keep their order after the listed ones.
pub(crate) async fn arrange(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let rows = body.card_information.as_deref().unwrap_or_default();
    if rows.is_empty() {
        return invalid_request("card_information zorunludur (en az bir satır)");
    }
    let mut state = shared.lock();
    let index = match body.subscription(&state) {
        Ok(i) => i,
        Err(r) => return *r,
    };
    let Some(sub) = state.subscriptions.list.get_mut(index) else {
        return no_such_subscription();
    };
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let (Some(link_id), Some(card_id), Some(order)) = (
            present(&row.subscription_card_id),
            present(&row.card_id),
            row.order_no,
        ) else {
            return invalid_request(&format!(
                "card_information[{n}]: subscription_card_id, card_id ve order_no zorunludur"
            ));
        };
        let Some(at) = sub
            .links
            .iter()
            .position(|l| l.link_id == link_id && l.card_id == card_id)
        else {
            return invalid_request(&format!(
                "card_information[{n}]: bu aboneliğin böyle bir kartı yok (subscription_card_id, card_id)"
            ));
        };
        if order == 0 || placed.iter().any(|&(a, o)| a == at || o == order) {
            return invalid_request(&format!(
                "card_information[{n}]: order_no 1'den başlamalı, kartlar ve sıralar tekrar etmemelidir"
            ));
        }
        placed.push((at, order));
    }
    placed.sort_by_key(|&(_, order)| order);
    let mut links: Vec<_> = placed
        .iter()
        .filter_map(|&(at, _)| sub.links.get(at).cloned())
        .collect();
    for (i, link) in sub.links.iter().enumerate() {
        if !placed.iter().any(|&(at, _)| at == i) {
            links.push(link.clone());
        }
    }
    sub.links = links;
    done("subscription_card_info_arrange", SUCCESS_MESSAGE)
}

/// `POST /v1/subscription/card_info_filter`: the merchant's subscription cards of an agent, or
/// with a label (case ignored).
pub(crate) async fn filter(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let state = shared.lock();
    let (agent, label) = (present(&body.agent_id), present(&body.label));
    let data: Vec<FilteredRow> = state
        .subscriptions
        .cards
        .iter()
        .filter(|c| agent.is_none_or(|a| c.agent_id == a))
        .filter(|c| label.is_none_or(|l| c.label.to_lowercase() == l.to_lowercase()))
        .map(|c| FilteredRow {
            card_id: c.id.clone(),
            card_no_mask: c.card.masked.clone(),
            card_holder_name_mask: mask_name(&c.card.holder),
            label: c.label.clone(),
        })
        .collect();
    let (code, message) = if data.is_empty() {
        (NO_DATA, "Kart bulunamadı")
    } else {
        (0, SUCCESS_MESSAGE)
    };
    wire::json(
        StatusCode::OK,
        &FilteredCards {
            data,
            object_name: "card_info_filter",
            code,
            message,
        },
    )
}

/// Opens the bank's 3-D page for `card` going to `targets` (a session of the simulated bank
/// whose return posts to `return_url`): `(session_id, token_id, post_url)`. The session charges
/// nothing: `tds_charge` refuses it; confirming it adds the card.
pub(crate) fn start(
    state: &mut State,
    base_url: &str,
    card: Card,
    targets: Vec<usize>,
    group: String,
    label: String,
    return_url: String,
) -> (String, String, String) {
    let session_id = format!("js_EAAAA{}", state.rng.string(clock::ALNUM, 40));
    let token_id = state.rng.uuid().to_uppercase();
    let domain = return_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', '#', ':']).next())
        .unwrap_or("")
        .to_owned();
    let reference_no = targets
        .first()
        .and_then(|&t| state.subscriptions.list.get(t))
        .map(|s| s.reference_no.clone())
        .unwrap_or_default();
    state.tds.push(TdsSession {
        session_id: session_id.clone(),
        token_id: token_id.clone(),
        order: Order {
            amount: 0,
            add_commission: false,
            instalment: 0,
            kind: crate::ledger::SALE,
            reference_no,
            agent_id: None,
            description: "Abonelik kartı ekleme".to_owned(),
            phone: String::new(),
            email: String::new(),
            ratio_code: String::new(),
            domain,
            card,
        },
        return_url,
        status: ThreeDStatus::Pending,
        charged: None,
        wrong_passwords: 0,
    });
    state.subscriptions.pending.push(PendingCard {
        session_id: session_id.clone(),
        token_id: token_id.clone(),
        targets,
        group,
        label,
        card_id: None,
    });
    let post_url = format!("{base_url}/sim/3d?session_id={session_id}&token_id={token_id}");
    (session_id, token_id, post_url)
}

/// Reads and checks the card fields of a body (`pan`, `card_holder`, `month`, `year`, `cvv`):
/// the card, or why it is wrong (Paynet's words; code 18 on the API).
pub(crate) fn read_card(state: &State, body: &Body) -> Result<Card, String> {
    let input = CardInput {
        holder: body.card_holder.as_deref(),
        pan: body.pan.as_deref(),
        month: body.month,
        year: body.year,
        cvc: body.cvv.as_deref(),
        card_hash: None,
    };
    cards::read_card(&input, state.this_month()).map_err(|e| match e {
        CardError::Wrong(m) => m,
        _ => "Kart bilgileri (pan, card_holder, month, year, cvv) zorunludur".to_owned(),
    })
}

/// `POST /v1/subscription/create_card_tds_initial`.
pub(crate) async fn tds_initial(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let return_url = present(&body.return_url).unwrap_or("").to_owned();
    let absolute = ["https://", "http://"].iter().any(|scheme| {
        return_url
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
    });
    if !absolute || return_url.contains(char::is_whitespace) {
        return invalid_request("return_url mutlak bir http(s) adresi olmalıdır");
    }
    let label = present(&body.label).unwrap_or("").to_owned();
    if label.chars().count() > MAX_LABEL {
        return invalid_request("label en fazla 100 karakter olabilir");
    }
    let mut state = shared.lock();
    let (targets, group) = match targets(&state, &body) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    let card = match read_card(&state, &body) {
        Ok(c) => c,
        Err(message) => {
            return wire::json(
                StatusCode::OK,
                &Card3dSession {
                    session_id: String::new(),
                    token_id: String::new(),
                    post_url: String::new(),
                    html_content: String::new(),
                    object_name: "create_card_tds_initial",
                    code: 18,
                    message,
                },
            );
        }
    };
    let (session_id, token_id, post_url) = start(
        &mut state,
        &shared.base_url,
        card,
        targets,
        group,
        label,
        return_url,
    );
    let html_content = format!(
        "<form name=\"paynetForm\" id=\"paynetForm\" method=\"get\" action=\"{}/sim/3d\">\
         <input type=\"hidden\" name=\"session_id\" value=\"{}\">\
         <input type=\"hidden\" name=\"token_id\" value=\"{}\">\
         <noscript><button type=\"submit\">Devam</button></noscript></form>\
         <script>document.getElementById(\"paynetForm\").submit();</script>",
        escape(&shared.base_url),
        escape(&session_id),
        escape(&token_id)
    );
    wire::json(
        StatusCode::OK,
        &Card3dSession {
            session_id,
            token_id,
            post_url,
            html_content,
            object_name: "create_card_tds_initial",
            code: 0,
            message: SUCCESS_MESSAGE.to_owned(),
        },
    )
}

/// What confirming a card's 3-D session says.
pub(crate) struct Confirmed {
    pub(crate) answer: ConfirmedCard,
    /// The subscriptions the card went to.
    pub(crate) targets: Vec<usize>,
}

/// Confirms the card-adding 3-D session `session_id`/`token_id`: once the bank's page verified
/// it, the card is stored and given to its subscriptions (confirming again answers the same
/// card). `None` for no such session.
pub(crate) fn confirm(state: &mut State, session_id: &str, token_id: &str) -> Option<Confirmed> {
    let p = state
        .subscriptions
        .pending
        .iter()
        .position(|p| p.session_id == session_id && p.token_id == token_id)?;
    let pending = state.subscriptions.pending.get(p)?.clone();
    let session = state
        .tds
        .iter()
        .find(|s| s.session_id == session_id && s.token_id == token_id)?;
    let (status, card, domain) = (
        session.status,
        session.order.card.clone(),
        session.order.domain.clone(),
    );
    let first = pending
        .targets
        .first()
        .and_then(|&t| state.subscriptions.list.get(t));
    let (subscription_id, gsm) = first
        .map(|s| (s.id.clone(), s.gsm.clone()))
        .unwrap_or_default();
    let mut answer = ConfirmedCard {
        is_succeed: false,
        card_id: String::new(),
        domain,
        token_id: token_id.to_owned(),
        subscription_id,
        subscription_gsm: gsm,
        xact_id: "0".to_owned(),
        otp_control: false,
        attempt_day_count: 3,
        paynet_error_id: String::new(),
        paynet_error_message: String::new(),
        bank_error_id: String::new(),
        bank_error_message: String::new(),
        bank_error_short_desc: String::new(),
        bank_error_long_desc: String::new(),
        group_reference_details: Vec::new(),
        object_name: "create_card_tds_confirm_response",
        code: 1,
        message: "Basarili islem".to_owned(),
    };
    if status != ThreeDStatus::Verified {
        let message = if status == ThreeDStatus::Declined {
            "3D doğrulaması başarısız"
        } else {
            "3D doğrulaması tamamlanmadı"
        };
        answer.code = 16;
        answer.paynet_error_id = "16".to_owned();
        answer.paynet_error_message = message.to_owned();
        answer.message = message.to_owned();
        return Some(Confirmed {
            answer,
            targets: pending.targets,
        });
    }
    let card_id = match &pending.card_id {
        Some(id) => id.clone(),
        None => {
            let id = state.subscriptions.new_card_id();
            let agent_id = first_agent(state, &pending.targets);
            state.subscriptions.cards.push(SubscriptionCard {
                id: id.clone(),
                card,
                label: pending.label.clone(),
                agent_id,
            });
            let rows = link_to(state, &id, &pending.targets);
            if !pending.group.is_empty() {
                answer.group_reference_details = rows;
            }
            if let Some(p) = state.subscriptions.pending.get_mut(p) {
                p.card_id = Some(id.clone());
            }
            id
        }
    };
    answer.is_succeed = true;
    answer.card_id = card_id;
    Some(Confirmed {
        answer,
        targets: pending.targets,
    })
}

/// The agent of the first target (the default agent when it has none).
fn first_agent(state: &State, targets: &[usize]) -> String {
    targets
        .first()
        .and_then(|&t| state.subscriptions.list.get(t))
        .map(|s| s.agent_id.clone())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| state.default_agent.0.clone())
}

/// `POST /v1/subscription/create_card_tds_confirm`: the card added, `is_succeed: true` with
/// `code` 1 and "Basarili islem", as Paynet's own example answers.
pub(crate) async fn tds_confirm(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let (Some(session_id), Some(token_id)) = (present(&body.session_id), present(&body.token_id))
    else {
        return invalid_request("session_id ve token_id zorunludur");
    };
    let mut state = shared.lock();
    match confirm(&mut state, session_id, token_id) {
        Some(confirmed) => wire::json(StatusCode::OK, &confirmed.answer),
        None => {
            let message = "3D oturumu bulunamadı (session_id / token_id)";
            wire::json(
                StatusCode::OK,
                &ConfirmedCard {
                    is_succeed: false,
                    card_id: String::new(),
                    domain: String::new(),
                    token_id: token_id.to_owned(),
                    subscription_id: String::new(),
                    subscription_gsm: String::new(),
                    xact_id: "0".to_owned(),
                    otp_control: false,
                    attempt_day_count: 3,
                    paynet_error_id: "13".to_owned(),
                    paynet_error_message: message.to_owned(),
                    bank_error_id: String::new(),
                    bank_error_message: String::new(),
                    bank_error_short_desc: String::new(),
                    bank_error_long_desc: String::new(),
                    group_reference_details: Vec::new(),
                    object_name: "create_card_tds_confirm_response",
                    code: 13,
                    message: message.to_owned(),
                },
            )
        }
    }
}
