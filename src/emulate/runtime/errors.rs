//! The error payloads Lambda returns when the runtime itself fails (timeout, exit, oversized
//! response, unknown function), request and trace ids, and the time formats Lambda uses.

use bytes::Bytes;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
            iso8601(now),
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

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn iso8601(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (y, m, day) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// `YYYY/MM/DD`, the date prefix of a log stream name.
pub fn log_stream_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}/{m:02}/{d:02}")
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A pseudo-random 64-bit number (splitmix64 over a per-process seed and a counter): ids only
/// need to be unique, not unpredictable.
pub fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let seed = *SEED.get_or_init(|| {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        nanos ^ (u64::from(std::process::id()) << 32)
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut z = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A version-4 UUID, as Lambda request ids are.
pub fn request_id() -> String {
    crate::emulate::ids::uuid()
}

/// An X-Ray trace header: `Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0`.
pub fn trace_id(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut s = String::with_capacity(74);
    s.push_str("Root=1-");
    hex(&mut s, u64::from(secs as u32), 8);
    s.push('-');
    hex(&mut s, u64::from(random_u64() as u32), 8);
    hex(&mut s, random_u64(), 16);
    s.push_str(";Parent=");
    hex(&mut s, random_u64(), 16);
    s.push_str(";Sampled=0");
    s
}

/// Appends the low `digits` hex digits of `v`, lower-case, zero-padded.
fn hex(out: &mut String, v: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in (0..digits).rev() {
        out.push(char::from(HEX[((v >> (i * 4)) & 0xF) as usize]));
    }
}

/// Milliseconds since the epoch.
pub fn epoch_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        let cases = [
            (0u64, "1970-01-01T00:00:00.000Z"),
            (951_782_400_123, "2000-02-29T00:00:00.123Z"),
            (1_700_000_000_999, "2023-11-14T22:13:20.999Z"),
        ];
        for (ms, want) in cases {
            let t = UNIX_EPOCH + Duration::from_millis(ms);
            assert_eq!(iso8601(t), want);
        }
        let t = UNIX_EPOCH + Duration::from_millis(951_782_400_123);
        assert_eq!(log_stream_date(t), "2000/02/29");
    }

    #[test]
    fn request_ids_are_v4_uuids_and_unique() {
        let re = regex::Regex::new(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        )
        .unwrap();
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| request_id()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| re.is_match(id)), "{ids:?}");
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
