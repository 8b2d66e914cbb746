//! What went wrong, as one line: AWS errors (service errors with their code and message,
//! missing credentials, unreachable endpoints, timeouts) and the deploy flows' own failures.

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

/// A failed command: the line to print and the exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

/// `what` failed with the SDK error `e`: one line saying why.
pub fn aws<E>(what: &str, e: &SdkError<E, HttpResponse>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    Failure::new(format!("{what}: {}", explain(e)))
}

/// Why `e` happened, in one line.
pub fn explain<E>(e: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let chain = source_chain(e);
    match e {
        SdkError::ServiceError(se) => {
            let err = se.err();
            match (err.code(), err.message()) {
                (Some(c), Some(m)) => format!("{c}: {m}"),
                (Some(c), None) => c.to_string(),
                (None, Some(m)) => m.to_string(),
                (None, None) => raw_message(se.raw()).unwrap_or_else(|| last(&chain)),
            }
        }
        _ if chain
            .iter()
            .any(|m| m.to_lowercase().contains("credential")) =>
        {
            format!(
                "no usable AWS credentials ({}); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --aws-profile, or run `aws sso login`",
                last(&chain)
            )
        }
        SdkError::TimeoutError(_) => "AWS did not answer in time".to_string(),
        SdkError::DispatchFailure(_) => format!("cannot reach AWS ({})", last(&chain)),
        SdkError::ResponseError(_) => format!("unreadable answer from AWS ({})", last(&chain)),
        _ => last(&chain),
    }
}

/// The messages of `e` and its sources, outermost first.
fn source_chain(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push(s.to_string());
        cur = s.source();
    }
    out
}

fn last(chain: &[String]) -> String {
    chain.last().cloned().unwrap_or_default()
}

/// The `message` of a JSON or XML error body the SDK could not parse (moto answers some
/// Query-protocol errors in JSON).
fn raw_message(raw: &HttpResponse) -> Option<String> {
    let text = std::str::from_utf8(raw.body().bytes()?).ok()?;
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        return v
            .get("message")
            .and_then(|m| m.as_str())
            .map(str::to_string);
    }
    let start = text.find("<Message>")? + "<Message>".len();
    let end = text[start..].find("</Message>")? + start;
    Some(text[start..end].to_string())
}

/// Whether `e` is CloudFormation saying the stack does not exist.
pub fn is_missing_stack<E, R>(e: &SdkError<E, R>) -> bool
where
    E: ProvideErrorMetadata,
{
    e.as_service_error()
        .and_then(|s| s.message())
        .is_some_and(|m| m.contains("does not exist"))
}
