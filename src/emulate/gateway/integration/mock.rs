//! `mock`: the request template's `statusCode` selects the integration response (the default
//! one when no template applied); nothing is called.

use super::AdmittedRequest;
use super::context::Scope;
use super::mapping::{self, Integrated, Payload};
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Outcome, error};
use crate::ir::method::IntegrationResponse;

pub async fn run(call: &AdmittedRequest<'_>) -> Outcome {
    let scope = Scope::of(call);
    let payload = match mapping::request_payload(call.endpoint, call.request, &scope) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let prepared = scope.mapping(call.endpoint);
    answer(&prepared.responses, call.request, &scope, &payload)
}

/// The answer of a mock integration with `responses` for the request `payload`.
pub fn answer(
    responses: &[IntegrationResponse],
    req: &Incoming,
    scope: &Scope<'_>,
    payload: &Payload,
) -> Outcome {
    let selector = match payload {
        Payload::PassThrough => None,
        Payload::Rendered { body, .. } => match status_code(body) {
            Some(code) => Some(code.to_string()),
            None => {
                return error(
                    GatewayError::InternalServerError,
                    Some(
                        "Execution failed due to configuration error: statusCode should be an integer which defined in request template"
                            .into(),
                    ),
                );
            }
        },
    };
    mapping::respond_with(
        responses,
        req,
        scope,
        Integrated {
            selector,
            ..Integrated::default()
        },
    )
}

/// The `statusCode` a mock's rendered request template names; API Gateway reads it leniently
/// (`{statusCode:200}` works, as SF's CORS preflight relies on): the first `statusCode` key
/// (optionally quoted) followed by `:` and a number of one to three digits (optionally quoted).
pub fn status_code(rendered: &str) -> Option<u16> {
    let b = rendered.as_bytes();
    let mut from = 0;
    while let Some(at) = rendered.get(from..)?.find("statusCode") {
        let mut i = from + at + "statusCode".len();
        from = i;
        let skip_quote = |i: &mut usize| {
            if matches!(b.get(*i), Some(b'"' | b'\'')) {
                *i += 1;
            }
        };
        let skip_space = |i: &mut usize| {
            while b.get(*i).is_some_and(u8::is_ascii_whitespace) {
                *i += 1;
            }
        };
        skip_quote(&mut i);
        skip_space(&mut i);
        if b.get(i) != Some(&b':') {
            continue;
        }
        i += 1;
        skip_space(&mut i);
        skip_quote(&mut i);
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let word_follows = b
            .get(i + digits)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
        if (1..=3).contains(&digits) && !word_follows {
            return rendered.get(i..i + digits)?.parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::status_code;

    #[test]
    fn status_codes_read_leniently() {
        let rows: &[(&str, Option<u16>)] = &[
            (r#"{"statusCode": 200}"#, Some(200)),
            ("{statusCode:200}", Some(200)),
            ("{'statusCode' : '404'}", Some(404)),
            ("{\"statusCode\":\n 500 }", Some(500)),
            (r#"{"statusCode": 2000}"#, None),
            (r#"{"statusCode": 20x}"#, None),
            (
                r#"{"statusCode": "abc", "x": {"statusCode": 201}}"#,
                Some(201),
            ),
            (r#"{"code": 200}"#, None),
            (r#"{"statusCode" 200}"#, None),
            ("", None),
            ("statusCode", None),
            ("statusCode:", None),
            ("statusCode: 7", Some(7)),
        ];
        for (text, want) in rows {
            assert_eq!(status_code(text), *want, "{text}");
        }
    }
}
