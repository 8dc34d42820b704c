//! The agent (bayi) services under the secret key: a one-click login link to the panel
//! (`autologin`, and the simulator's stand-in for the panel it opens), finding an agent by the
//! merchant's reference number (`check_agent`), and checking an integration's keys
//! (`check_integration_info`).

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::State as AxState,
    http::{HeaderMap, StatusCode, Uri},
    response::Response,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{
    clock::ALNUM,
    lenient::{self, Scalar},
    payments::{escape, field, form_pairs},
    server::{Shared, invalid_request, parse, present, unauthorized},
    state::SUCCESS_MESSAGE,
    wire::{self, AutoLoginResponse, CheckAgentResponse, CheckIntegrationResponse},
};

/// An agent `check_agent` finds by the merchant's reference number for it.
#[derive(Debug, Clone)]
pub(crate) struct AgentReference {
    pub(crate) reference_no: String,
    pub(crate) agent_id: String,
    pub(crate) company_code: String,
}

/// A login link `autologin` handed out.
#[derive(Debug, Clone)]
pub(crate) struct AutoLogin {
    pub(crate) agent_id: String,
    pub(crate) user_name: String,
    /// Opened once already: a link logs in once.
    pub(crate) used: bool,
}

/// The body of `/v1/agent/autologin` (the doc's names, and the camelCase ones of Paynet's PHP
/// sample).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AutoLoginRequest {
    #[serde(deserialize_with = "lenient::text")]
    user_name: Option<String>,
    #[serde(rename = "userName", deserialize_with = "lenient::text")]
    user_name_camel: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(rename = "agentID", deserialize_with = "lenient::text")]
    agent_id_camel: Option<String>,
}

/// `POST /v1/agent/autologin`: a one-click login link to the (simulated) panel.
pub(crate) async fn autologin(
    AxState(shared): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: AutoLoginRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let user_name = present(&request.user_name).or(present(&request.user_name_camel));
    let agent_id = present(&request.agent_id).or(present(&request.agent_id_camel));
    let (Some(user_name), Some(agent_id)) = (user_name, agent_id) else {
        return invalid_request("user_name ve agent_id zorunludur");
    };
    let mut state = shared.lock();
    if !state.agents.iter().any(|(a, _)| a == agent_id) {
        return wire::paynet_error(
            StatusCode::NOT_FOUND,
            "no_data_error",
            "Bu agent_id ile bayi bulunamadı",
            12,
        );
    }
    let token = state.rng.string(ALNUM, 32);
    state.autologins.insert(
        token.clone(),
        AutoLogin {
            agent_id: agent_id.to_owned(),
            user_name: user_name.to_owned(),
            used: false,
        },
    );
    wire::json(
        StatusCode::OK,
        &AutoLoginResponse {
            url: format!("{}/sim/autologin?al={token}", shared.base_url),
            object_name: "auto_login",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The title of the simulated panel's pages.
const PANEL_TITLE: &str = "Paynet paneli (simülatör)";

/// A whole HTML page of the simulated panel.
fn panel_page(status: StatusCode, body: &str) -> Response {
    wire::html(
        status,
        format!(
            "<!DOCTYPE html>\n<html lang=\"tr\"><head><meta charset=\"utf-8\">\
             <title>{PANEL_TITLE}</title></head>\n<body>\n<h1>{PANEL_TITLE}</h1>\n{body}\n\
             </body></html>\n"
        ),
    )
}

/// `GET /sim/autologin?al=<token>`: the panel an `autologin` link opens, once.
pub(crate) async fn panel(AxState(shared): AxState<Arc<Shared>>, uri: Uri) -> Response {
    let pairs = form_pairs(uri.query().unwrap_or(""));
    let token = field(&pairs, "al").unwrap_or("");
    let mut state = shared.lock();
    let Some(login) = state.autologins.get_mut(token) else {
        return panel_page(
            StatusCode::NOT_FOUND,
            "<p class=\"error\" role=\"alert\">Bu giriş bağlantısı geçerli değil.</p>",
        );
    };
    if login.used {
        return panel_page(
            StatusCode::GONE,
            "<p class=\"error\" role=\"alert\">Bu giriş bağlantısı geçerli değil: daha önce \
             kullanıldı. Yeni bir bağlantı için autologin servisini yeniden çağırın.</p>",
        );
    }
    login.used = true;
    panel_page(
        StatusCode::OK,
        &format!(
            "<p>Oturum açıldı: <strong id=\"user\">{}</strong></p>\n\
             <p>Bayi: <span id=\"agent\">{}</span> ({})</p>\n\
             <p>Firma: {} ({})</p>\n\
             <p><small>paynet-sim: Paynet'in paneli burada taklit edilmez.</small></p>",
            escape(&login.user_name),
            escape(&login.agent_id),
            escape(crate::AGENT_NAME),
            escape(crate::COMPANY_NAME),
            escape(crate::COMPANY_CODE),
        ),
    )
}

/// `POST /v1/agent/check_agent`: the body is a bare JSON string (or number), the merchant's
/// reference number of an agent.
pub(crate) async fn check_agent(
    AxState(shared): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    const NOT_A_REFERENCE: &str =
        "İstek gövdesi bayinin referans numarası olmalıdır: bir JSON metni, örn. \"987345\"";
    let Ok(raw) = serde_json::from_slice::<Box<RawValue>>(&body) else {
        return invalid_request(NOT_A_REFERENCE);
    };
    let reference_no = match Scalar::of(raw.get()) {
        Ok(scalar @ (Scalar::Text(_) | Scalar::Number(_))) => scalar.into_text().ok().flatten(),
        _ => None,
    };
    let Some(reference_no) = reference_no else {
        return invalid_request(NOT_A_REFERENCE);
    };
    let state = shared.lock();
    let found = state
        .agent_references
        .iter()
        .find(|r| r.reference_no == reference_no);
    let response = match found {
        Some(agent) => CheckAgentResponse {
            company_code: Some(agent.company_code.clone()),
            agent_id: Some(agent.agent_id.clone()),
            object_name: "check_agent",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
        None => CheckAgentResponse {
            company_code: None,
            agent_id: None,
            object_name: "check_agent",
            code: 12,
            message: "Bu referans numarasıyla bayi bulunamadı",
        },
    };
    wire::json(StatusCode::OK, &response)
}

/// The body of `/v1/agent/check_integration_info`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CheckIntegrationRequest {
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    publishable_key: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    secret_key: Option<String>,
}

/// `POST /v1/agent/check_integration_info`: whether an agent id and the two keys belong
/// together. A refusal never repeats the keys it got.
pub(crate) async fn check_integration_info(
    AxState(shared): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: CheckIntegrationRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let (Some(agent_id), Some(publishable_key), Some(secret_key)) = (
        present(&request.agent_id),
        present(&request.publishable_key),
        present(&request.secret_key),
    ) else {
        return invalid_request("agent_id, publishable_key ve secret_key zorunludur");
    };
    let state = shared.lock();
    if !state.agents.iter().any(|(a, _)| a == agent_id) {
        return invalid_request("Entegrasyon bilgileri doğrulanamadı: agent_id tanınmıyor");
    }
    match shared.keys_match(publishable_key, secret_key) {
        (true, true) => {}
        (false, _) => {
            return invalid_request(
                "Entegrasyon bilgileri doğrulanamadı: publishable_key bu hesabın anahtarı değil",
            );
        }
        (true, false) => {
            return invalid_request(
                "Entegrasyon bilgileri doğrulanamadı: secret_key bu hesabın anahtarı değil",
            );
        }
    }
    let company_code = state
        .agent_references
        .iter()
        .find(|r| r.agent_id == agent_id)
        .map_or_else(
            || crate::COMPANY_CODE.to_owned(),
            |r| r.company_code.clone(),
        );
    wire::json(
        StatusCode::OK,
        &CheckIntegrationResponse {
            agent_id: agent_id.to_owned(),
            company_code,
            object_name: "check_integration_info",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}
