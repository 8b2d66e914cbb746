//! The method responses of a non-proxy method (SF v3 `lib/method/responses.js`), and the
//! header list and status-code order they share with the integration responses.

use crate::cfn::api::cors::integration_origin;
use crate::ir::{HttpEndpoint, Integration, Response, StatusCode};
use serde_json::{Map, Value, json};

pub fn part(e: &HttpEndpoint) -> Value {
    let mut list = Vec::new();
    let non_proxy = matches!(
        e.integration,
        Integration::Aws | Integration::Http | Integration::Mock
    );
    if let Some(r) = e.response.as_ref().filter(|_| non_proxy) {
        let headers = response_headers(e, r);
        for code in status_codes(r) {
            let mut params = Map::new();
            for h in headers.iter().map(|(h, _)| h).chain(code.headers.keys()) {
                params.insert(format!("method.response.header.{h}"), json!(true));
            }
            list.push(json!({"ResponseParameters": params, "ResponseModels": {}, "StatusCode": code.code}));
        }
    }
    json!({"Properties": {"MethodResponses": list}})
}

/// The headers every response of the event carries: CORS origin and credentials, then
/// `response.headers`.
pub fn response_headers(e: &HttpEndpoint, r: &Response) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut set = |k: &str, v: String| match out.iter_mut().find(|(h, _)| h == k) {
        Some(slot) => slot.1 = v,
        None => out.push((k.to_owned(), v)),
    };
    if let Some(c) = &e.cors {
        set("Access-Control-Allow-Origin", integration_origin(c));
        if c.allow_credentials {
            set("Access-Control-Allow-Credentials", "true".into());
        }
    }
    for (k, v) in &r.headers {
        set(k, v.clone());
    }
    out
}

/// Status codes in the order JavaScript iterates an object with integer-like keys: ascending.
pub fn status_codes(r: &Response) -> Vec<&StatusCode> {
    let mut codes: Vec<&StatusCode> = r.status_codes.iter().collect();
    codes.sort_by_key(|c| c.code.parse::<u32>().unwrap_or(u32::MAX));
    codes
}
