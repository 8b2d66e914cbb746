//! A function URL's answers: a buffered function's result read by the payload 2.0 rules the
//! HTTP API shares ([`crate::emulate::gateway::http_api::response::parse`]: no `statusCode`
//! → 200 `application/json` with the result as body; `cookies` → `set-cookie`; base64 bodies
//! decoded), and the URL service's own errors.
//!
//! AWS's answers: a function error (handled, timeout, crash, over-6 MB response) or a result
//! the rules cannot read → 502 with the text `Internal Server Error` (observed, not in AWS's
//! documentation; its Content-Type here, `application/json`, is unconfirmed). An event over
//! 6 MB → 413 with Lambda's `RequestTooLargeException` message (status and text unconfirmed
//! for URLs: it is what Lambda's Invoke answers).

use crate::emulate::gateway::http_api::response::parse;
use crate::emulate::gateway::proxy_response::Reply;
use bytes::Bytes;
use hyper::body::Frame;
use tokio::sync::mpsc;

/// An answer: whole, or a head whose body follows as the function streams it.
pub struct Answer {
    /// The status and headers (and the whole body when `stream` is `None`).
    pub reply: Reply,
    /// The body's parts as they come; an `Err` cuts the response off (the function failed
    /// mid-stream).
    pub stream: Option<mpsc::Receiver<Result<Frame<Bytes>, std::io::Error>>>,
    /// Why the URL answered as it did, for the access log.
    pub note: Option<String>,
}

impl Answer {
    pub fn whole(reply: Reply) -> Answer {
        Answer {
            reply,
            stream: None,
            note: None,
        }
    }

    pub fn reply_mut(&mut self) -> &mut Reply {
        &mut self.reply
    }
}

/// An answer the URL service gives itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlError {
    /// The function failed or its result is unusable: 502.
    BadGateway,
    /// The event is over Lambda's 6 MB: 413.
    RequestTooLarge,
}

impl UrlError {
    pub fn reply(self) -> Reply {
        let (status, body, kind) = match self {
            UrlError::BadGateway => (502, "Internal Server Error".to_string(), None),
            UrlError::RequestTooLarge => (
                413,
                serde_json::json!({
                    "Message": format!(
                        "Request must be smaller than {} bytes for the InvokeFunction operation",
                        super::MAX_PAYLOAD
                    ),
                    "Type": "User",
                })
                .to_string(),
                Some("RequestTooLargeException"),
            ),
        };
        let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
        if let Some(k) = kind {
            headers.push(("x-amzn-ErrorType".into(), k.into()));
        }
        Reply {
            status,
            headers,
            body: Bytes::from(body),
        }
    }

    /// The answer, with the reason for the log.
    pub fn answer(self, note: &str) -> Answer {
        Answer {
            reply: self.reply(),
            stream: None,
            note: Some(note.to_string()),
        }
    }
}

/// The answer for a buffered function's result.
pub fn buffered(result: &[u8]) -> Answer {
    match parse(result, "2.0") {
        Ok(reply) => Answer::whole(reply),
        Err(why) => UrlError::BadGateway.answer(&format!("malformed Lambda response: {why}")),
    }
}

/// The answer for a failed invocation.
pub fn function_error(kind: &str, payload: &[u8]) -> Answer {
    UrlError::BadGateway.answer(&format!(
        "Lambda error ({kind}): {}",
        String::from_utf8_lossy(payload)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_results_are_502s_and_usable_ones_follow_the_2_0_rules() {
        for bad in [
            &b"not json"[..],
            b"",
            b"{\"statusCode\":\"x\"}",
            b"\xff\xfe",
        ] {
            let a = buffered(bad);
            assert_eq!(a.reply.status, 502, "{}", String::from_utf8_lossy(bad));
            assert_eq!(a.reply.body, "Internal Server Error");
            assert!(a.note.is_some());
        }
        let a = buffered(br#"{"statusCode":204,"cookies":["a=1"]}"#);
        assert_eq!(a.reply.status, 204);
        assert_eq!(a.reply.header("set-cookie"), Some("a=1"));
        let a = buffered(b"[1]");
        assert_eq!((a.reply.status, a.reply.body.as_ref()), (200, &b"[1]"[..]));
    }

    #[test]
    fn errors_are_aws_s() {
        let a = function_error("Timeout", b"{}");
        assert_eq!(a.reply.status, 502);
        let r = UrlError::RequestTooLarge.reply();
        assert_eq!(r.status, 413);
        assert_eq!(
            r.header("x-amzn-ErrorType"),
            Some("RequestTooLargeException")
        );
    }
}
