//! The identifiers and times API Gateway derives for an API and a request: the API id and
//! resource ids (stable per service and path), `extendedRequestId`, and the Common Log Format
//! time of `requestContext.requestTime`. Random ids and dates in general live in
//! [`crate::common`].

use crate::common::{digest, ids, time};
use std::time::SystemTime;

/// The 16-character lower-case alphanumeric id of one request (`extendedRequestId`, the
/// `x-amz-apigw-id` header), derived from its request id. It runs on every request, so it mixes
/// with FNV-1a and splitmix64 rather than [`short_id`]'s SHA-256: the id need only look random.
pub fn extended_request_id(request_id: &str) -> String {
    const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    // FNV-1a over the id seeds a splitmix64 stream, one draw per character
    let seed = request_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    ids::splitmix64_stream(seed)
        .take(16)
        .map(|z| char::from(ALPHABET[(z % 36) as usize]))
        .collect()
}

/// A short lower-case alphanumeric id derived from `input` (API and resource ids).
pub fn short_id(input: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    digest::sha256(input.as_bytes())
        .iter()
        .take(len)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// `15/May/2020:06:01:09 +0000`
pub fn clf_time(t: SystemTime) -> String {
    let secs = (time::epoch_millis(t) / 1000) as i64;
    let (y, m, d) = time::civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    let month = time::month_abbr(m);
    if !(0..=9999).contains(&y) {
        return format!(
            "{d:02}/{month}/{y}:{:02}:{:02}:{:02} +0000",
            s / 3600,
            s % 3600 / 60,
            s % 60
        );
    }
    // written by hand: this runs on every proxied request
    let mut out = String::with_capacity(26);
    let two = |out: &mut String, n: i64| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    two(&mut out, d);
    out.push('/');
    out.push_str(month);
    out.push('/');
    two(&mut out, y / 100);
    two(&mut out, y % 100);
    out.push(':');
    two(&mut out, s / 3600);
    out.push(':');
    two(&mut out, s % 3600 / 60);
    out.push(':');
    two(&mut out, s % 60);
    out.push_str(" +0000");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn clf_time_matches_api_gateway() {
        let t = UNIX_EPOCH + Duration::from_millis(1_589_522_469_693);
        assert_eq!(clf_time(t), "15/May/2020:06:01:09 +0000");
        assert_eq!(clf_time(UNIX_EPOCH), "01/Jan/1970:00:00:00 +0000");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_420_642);
        assert_eq!(clf_time(t), "23/Nov/2026:07:57:22 +0000");
        let t = UNIX_EPOCH + Duration::from_secs(253_402_300_799);
        assert_eq!(clf_time(t), "31/Dec/9999:23:59:59 +0000");
        let t = UNIX_EPOCH + Duration::from_secs(253_402_300_800);
        assert_eq!(clf_time(t), "01/Jan/10000:00:00:00 +0000");
    }

    /// The hand-written fast path agrees with the plain `format!` over years of instants.
    #[test]
    fn clf_time_is_the_plain_format() {
        let plain = |secs: i64| {
            let (y, m, d) = time::civil_from_days(secs.div_euclid(86_400));
            let s = secs.rem_euclid(86_400);
            format!(
                "{d:02}/{}/{y:04}:{:02}:{:02}:{:02} +0000",
                time::month_abbr(m),
                s / 3600,
                s % 3600 / 60,
                s % 60
            )
        };
        for secs in (0..4_000_000_000_i64).step_by(7_777_777) {
            let t = UNIX_EPOCH + Duration::from_secs(secs as u64);
            assert_eq!(clf_time(t), plain(secs), "{secs}");
        }
    }

    #[test]
    fn extended_request_ids_are_stable_distinct_and_alphanumeric() {
        let a = extended_request_id("c6af9ac6-7b61-41fd-a8e5-3b7e8c0e3f7d");
        assert_eq!(
            a,
            extended_request_id("c6af9ac6-7b61-41fd-a8e5-3b7e8c0e3f7d")
        );
        assert_ne!(
            a,
            extended_request_id("c6af9ac6-7b61-41fd-a8e5-3b7e8c0e3f7e")
        );
        assert_eq!(a.len(), 16);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "{a}"
        );
    }

    #[test]
    fn short_ids_are_stable() {
        assert_eq!(short_id("a", 10), short_id("a", 10));
        assert_ne!(short_id("a", 10), short_id("b", 10));
        assert_eq!(short_id("x", 6).len(), 6);
    }
}
