//! Identifiers and timestamps the gateway stamps on requests: request ids shaped like API
//! Gateway's (UUIDs), the API id and resource ids (stable per service and path), trace ids, and
//! the Common Log Format time of `requestContext.requestTime`.

use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static STATE: AtomicU64 = AtomicU64::new(0);

/// 64 fresh pseudo-random bits (splitmix64 over a counter seeded from the clock and the pid).
/// Not for secrets: request and trace ids only.
pub fn random_u64() -> u64 {
    let mut seed = STATE.load(Ordering::Relaxed);
    if seed == 0 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        seed = now ^ (u64::from(std::process::id()) << 32) | 1;
        let _ = STATE.compare_exchange(0, seed, Ordering::Relaxed, Ordering::Relaxed);
    }
    let mut z = STATE
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A version-4 UUID, lower-case: `c6af9ac6-7b61-41fd-a8e5-3b7e8c0e3f7d`.
pub fn uuid() -> String {
    let a = random_u64();
    let b = random_u64();
    let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    let mut s = String::with_capacity(36);
    hex(&mut s, a >> 32, 8);
    s.push('-');
    hex(&mut s, (a >> 16) & 0xFFFF, 4);
    s.push('-');
    hex(&mut s, a & 0xFFFF, 4);
    s.push('-');
    hex(&mut s, b >> 48, 4);
    s.push('-');
    hex(&mut s, b & 0xFFFF_FFFF_FFFF, 12);
    s
}

/// Appends the low `digits` hex digits of `v`, lower-case, zero-padded.
fn hex(out: &mut String, v: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in (0..digits).rev() {
        out.push(char::from(HEX[((v >> (i * 4)) & 0xF) as usize]));
    }
}

/// `Root=1-<epoch seconds hex>-<24 hex>`, the X-Ray trace header API Gateway adds.
pub fn trace_id(epoch_secs: u64) -> String {
    let mut s = String::with_capacity(40);
    s.push_str("Root=1-");
    hex(&mut s, epoch_secs, 8);
    s.push('-');
    hex(&mut s, random_u64(), 16);
    hex(&mut s, random_u64(), 8);
    s
}

/// The 16-character lower-case alphanumeric id of one request (`extendedRequestId`, the
/// `x-amz-apigw-id` header), derived from its request id: cheaper than [`short_id`]'s SHA-256,
/// which per request cost more than the rest of the id work together.
pub fn extended_request_id(request_id: &str) -> String {
    const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    // FNV-1a over the id, then splitmix64 steps for the characters
    let mut h = request_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let mut s = String::with_capacity(16);
    for _ in 0..16 {
        h = h.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        s.push(char::from(ALPHABET[(z % 36) as usize]));
    }
    s
}

/// A short lower-case alphanumeric id derived from `input` (API and resource ids).
pub fn short_id(input: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    Sha256::digest(input.as_bytes())
        .iter()
        .take(len)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// Milliseconds since the Unix epoch.
pub fn epoch_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// `15/May/2020:06:01:09 +0000`
pub fn clf_time(t: SystemTime) -> String {
    let secs = (epoch_millis(t) / 1000) as i64;
    let (y, m, d) = crate::load::scalar::civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    let month = month_abbr(m);
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

/// `Jan` … `Dec` for month 1 … 12 (clamped).
pub fn month_abbr(m: i64) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS
        .get((m - 1).clamp(0, 11) as usize)
        .copied()
        .unwrap_or("Jan")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn uuids_are_version_4_and_distinct() {
        let a = uuid();
        let b = uuid();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn uuid_groups_and_trace_ids_are_shaped_like_aws() {
        let a = uuid();
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{a}");
        let t = trace_id(0x5EBE_3045);
        assert!(t.starts_with("Root=1-5ebe3045-"), "{t}");
        assert_eq!(t.len(), "Root=1-5ebe3045-".len() + 24, "{t}");
        assert!(
            t[16..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(trace_id(1), trace_id(1));
        let mut s = String::new();
        hex(&mut s, 0xab, 4);
        assert_eq!(s, "00ab");
    }

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
