//! The method responses of a non-proxy method (SF v3 `lib/method/responses.js`), and the
//! header list and status-code order they share with the integration responses.

pub use crate::ir::method::{response_headers, status_codes};
use crate::ir::{HttpEndpoint, Integration};
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
