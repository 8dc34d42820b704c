//! The agent (bayi) services. Under the secret key and `PaynetMobile: 2`: a PayPOS session key
//! (`get_auth_key`) and its end (`logout`). Under the secret key alone: a one-click login link to
//! the panel (`autologin`, and the simulator's stand-in for the panel it opens), finding an agent
//! by the merchant's reference number (`check_agent`), and checking an integration's keys
//! (`check_integration_info`).

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, State as AxState},
    http::{HeaderMap, StatusCode, Uri},
    response::Response,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{
    clock::{self, ALNUM},
    conn::ConnToken,
    extract::{Credential, Paynet, SecretKey},
    fixtures::{AGENT_NAME, COMPANY_CODE, COMPANY_NAME},
    html::{escape, field, form_pairs},
    http::{Shared, header_str, invalid_request, present, transport_trigger, unauthorized},
    lenient::{self, Scalar},
    model::{AutoLogin, Session},
    wire::{
        self, AuthKeyResponse, AutoLoginResponse, CheckAgentResponse, CheckIntegrationResponse,
        PayposResult, SUCCESS_MESSAGE,
    },
};

/// The agent calls' credential: the secret key (the 401) and `PaynetMobile: 2` (a PayPOS 400,
/// as is a body that cannot be read).
#[derive(Debug)]
pub(crate) struct AgentKey;

impl Credential for AgentKey {
    fn check(shared: &Shared, headers: &HeaderMap) -> Result<Self, Box<Response>> {
        SecretKey::check(shared, headers)?;
        if header_str(headers, "paynetmobile").map(str::trim) != Some("2") {
            return Err(Box::new(wire::paypos_error(
                11,
                "PaynetMobile başlığı eksik veya hatalı: 'PaynetMobile: 2' gönderilmelidir",
            )));
        }
        Ok(AgentKey)
    }

    fn bad_body(message: &str) -> Response {
        wire::paypos_error(11, message)
    }
}

/// The body of `/v1/agent/get_auth_key`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AuthKeyRequest {
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_id: Option<String>,
}

/// `POST /v1/agent/get_auth_key`: a new session key for an agent / user pair.
pub(crate) async fn get_auth_key(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<AuthKeyRequest, AgentKey>,
) -> Response {
    let (Some(agent_id), Some(user_id)) = (present(&request.agent_id), present(&request.user_id))
    else {
        return wire::paypos_error(11, "agent_id ve user_id zorunludur");
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(user_id)).await {
        return response;
    }
    let mut state = shared.lock();
    if !state
        .agents
        .iter()
        .any(|(a, u)| a == agent_id && u == user_id)
    {
        return wire::paypos_error(4, "Bayi veya kullanıcı bulunamadı");
    }
    let session_key = format!("ssk_{}", state.rng.string(ALNUM, 32));
    let user_unique_id = state.rng.uuid();
    let now = state.clock.now();
    state.sessions.insert(
        session_key.clone(),
        Session {
            agent_id: agent_id.to_owned(),
        },
    );
    wire::json(
        StatusCode::OK,
        &AuthKeyResponse {
            session_key,
            expired_date: clock::format_dotnet(now.saturating_add(clock::ONE_DAY)),
            agent_id: agent_id.to_owned(),
            company_code: COMPANY_CODE.to_owned(),
            user_id: user_id.to_owned(),
            user_unique_id,
            is_okc_inquiry: false,
            object_name: "agent_session",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `/v1/agent/logout`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct LogoutRequest {
    #[serde(deserialize_with = "lenient::text")]
    session_key: Option<String>,
}

/// `POST /v1/agent/logout`: ends a session.
pub(crate) async fn logout(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<LogoutRequest, AgentKey>,
) -> Response {
    let Some(key) = present(&request.session_key) else {
        return wire::paypos_error(11, "session_key zorunludur");
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(key)).await {
        return response;
    }
    if shared.lock().sessions.remove(key).is_none() {
        return wire::paypos_error(12, "Oturum bulunamadı veya daha önce sonlandırılmış");
    }
    wire::json(
        StatusCode::OK,
        &PayposResult {
            object_name: "logout",
            code: 0,
            message: "Oturum sonlandırıldı",
        },
    )
}

/// The body of `/v1/agent/autologin` (the doc's names, and the camelCase ones of Paynet's PHP
/// sample).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AutoLoginRequest {
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
    Paynet(request, _): Paynet<AutoLoginRequest>,
) -> Response {
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
            escape(AGENT_NAME),
            escape(COMPANY_NAME),
            escape(COMPANY_CODE),
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
pub(crate) struct CheckIntegrationRequest {
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
    Paynet(request, _): Paynet<CheckIntegrationRequest>,
) -> Response {
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
        .map_or_else(|| COMPANY_CODE.to_owned(), |r| r.company_code.clone());
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
