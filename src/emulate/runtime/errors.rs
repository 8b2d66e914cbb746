//! The error payloads Lambda returns when the runtime itself fails (timeout, exit, oversized
//! response, unknown function), its trace ids, and the log stream date.

use crate::common::{ids, time};
use bytes::Bytes;
use std::time::{Duration, SystemTime};

/// The largest response a synchronous invocation may return (6 MB as Lambda counts it).
pub const MAX_RESPONSE_BYTES: usize = 6_291_556;

fn json(v: serde_json::Value) -> Bytes {
    Bytes::from(v.to_string())
}

/// `{"errorMessage":"<ISO time> <id> Task timed out after 6.00 seconds"}`.
pub fn timeout(request_id: &str, timeout: Duration, now: SystemTime) -> Bytes {
    json(serde_json::json!({
        "errorMessage": format!(
            "{} {request_id} Task timed out after {:.2} seconds",
            time::iso8601(time::epoch_millis(now)),
            timeout.as_secs_f64()
        )
    }))
}

/// `Runtime.ExitError` for a runtime process that ended while it owed an answer; `exit` is
/// `None` for a clean exit (status 0).
pub fn exited(request_id: &str, exit: Option<&str>) -> Bytes {
    let what = match exit {
        Some(e) => format!("Runtime exited with error: {e}"),
        None => "Runtime exited without providing a reason".to_string(),
    };
    json(serde_json::json!({
        "errorType": "Runtime.ExitError",
        "errorMessage": format!("RequestId: {request_id} Error: {what}"),
    }))
}

/// `Function.ResponseSizeTooLarge`: what the caller gets when the response exceeds 6 MB.
pub fn response_too_large() -> Bytes {
    json(serde_json::json!({
        "errorType": "Function.ResponseSizeTooLarge",
        "errorMessage": format!(
            "Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
        ),
    }))
}

/// The Runtime API's answer (413) to a runtime posting an oversized response.
pub fn request_entity_too_large() -> Bytes {
    json(serde_json::json!({
        "errorMessage": format!("Exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."),
        "errorType": "RequestEntityTooLarge",
    }))
}

/// `ResourceNotFoundException` for a function key the service does not have.
pub fn unknown_function(arn: &str) -> Bytes {
    json(serde_json::json!({
        "errorType": "ResourceNotFoundException",
        "errorMessage": format!("Function not found: {arn}"),
    }))
}

/// A failure of the emulator itself before the handler could run (e.g. spawn failure).
pub fn init_failure(error_type: &str, message: &str) -> Bytes {
    json(serde_json::json!({ "errorType": error_type, "errorMessage": message }))
}

/// How a process ended, worded like Lambda (Go's `ExitError`): `exit status 1`,
/// `signal: killed`; `None` for a clean exit.
pub fn describe_exit(status: std::process::ExitStatus) -> Option<String> {
    if status.success() {
        return None;
    }
    if let Some(code) = status.code() {
        return Some(format!("exit status {code}"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                1 => "hangup".to_string(),
                2 => "interrupt".to_string(),
                6 => "aborted".to_string(),
                9 => "killed".to_string(),
                11 => "segmentation fault".to_string(),
                15 => "terminated".to_string(),
                n => format!("signal {n}"),
            };
            return Some(format!("signal: {name}"));
        }
    }
    Some("exit status unknown".to_string())
}

/// `YYYY/MM/DD`, the date prefix of a log stream name.
pub fn log_stream_date(t: SystemTime) -> String {
    let days = (time::epoch_millis(t) / 86_400_000) as i64;
    let (y, m, d) = time::civil_from_days(days);
    format!("{y:04}/{m:02}/{d:02}")
}

/// An invocation's `_X_AMZN_TRACE_ID`: a whole X-Ray trace header, not sampled.
pub fn trace_id(now: SystemTime) -> String {
    ids::xray_trace_header(time::epoch_millis(now) / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn log_stream_dates() {
        let t = UNIX_EPOCH + Duration::from_millis(951_782_400_123);
        assert_eq!(log_stream_date(t), "2000/02/29");
    }

    #[test]
    fn payloads() {
        let t = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
        assert_eq!(
            timeout("abc", Duration::from_secs(6), t),
            r#"{"errorMessage":"2023-11-14T22:13:20.000Z abc Task timed out after 6.00 seconds"}"#
        );
        assert_eq!(
            exited("abc", Some("exit status 1")),
            r#"{"errorType":"Runtime.ExitError","errorMessage":"RequestId: abc Error: Runtime exited with error: exit status 1"}"#
        );
        assert_eq!(
            exited("abc", None),
            r#"{"errorType":"Runtime.ExitError","errorMessage":"RequestId: abc Error: Runtime exited without providing a reason"}"#
        );
        assert_eq!(
            response_too_large(),
            r#"{"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes)."}"#
        );
        let trace = trace_id(t);
        let shape =
            regex::Regex::new(r"^Root=1-6553f100-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$")
                .unwrap();
        assert!(shape.is_match(&trace), "{trace}");
        assert_ne!(trace, trace_id(t));
    }

    #[cfg(unix)]
    #[test]
    fn exit_descriptions() {
        use std::os::unix::process::ExitStatusExt;
        let st = std::process::ExitStatus::from_raw;
        assert_eq!(describe_exit(st(0)), None);
        assert_eq!(describe_exit(st(1 << 8)).as_deref(), Some("exit status 1"));
        assert_eq!(describe_exit(st(9)).as_deref(), Some("signal: killed"));
    }
}
