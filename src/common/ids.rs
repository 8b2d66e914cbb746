//! Random numbers and the identifiers made from them: version-4 UUIDs (Lambda and API Gateway
//! request ids), X-Ray trace ids, hex digits. The numbers are splitmix64 over a counter seeded
//! from the clock and the process id: unique within a run and across runs, cheap, and not for
//! secrets.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// splitmix64's step: the golden-ratio increment between two states.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// splitmix64's output function: a well-mixed 64-bit value from a state.
pub fn splitmix64(state: u64) -> u64 {
    let mut z = (state ^ (state >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The successive states of a splitmix64 generator starting after `seed`.
pub fn splitmix64_stream(seed: u64) -> impl Iterator<Item = u64> {
    std::iter::successors(Some(seed), |s| Some(s.wrapping_add(GOLDEN_GAMMA)))
        .skip(1)
        .map(splitmix64)
}

/// 64 fresh pseudo-random bits. Not for secrets: ids only.
pub fn random_u64() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut seed = STATE.load(Ordering::Relaxed);
    if seed == 0 {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        seed = nanos ^ (u64::from(std::process::id()) << 32) | 1;
        let _ = STATE.compare_exchange(0, seed, Ordering::Relaxed, Ordering::Relaxed);
    }
    splitmix64(
        STATE
            .fetch_add(GOLDEN_GAMMA, Ordering::Relaxed)
            .wrapping_add(GOLDEN_GAMMA),
    )
}

/// A version-4 UUID, lower-case: `c6af9ac6-7b61-41fd-a8e5-3b7e8c0e3f7d`.
pub fn uuid_v4() -> String {
    let a = (random_u64() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let b = (random_u64() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    let mut s = String::with_capacity(36);
    push_hex(&mut s, a >> 32, 8);
    s.push('-');
    push_hex(&mut s, (a >> 16) & 0xFFFF, 4);
    s.push('-');
    push_hex(&mut s, a & 0xFFFF, 4);
    s.push('-');
    push_hex(&mut s, b >> 48, 4);
    s.push('-');
    push_hex(&mut s, b & 0xFFFF_FFFF_FFFF, 12);
    s
}

/// Appends the low `digits` hex digits of `v`, lower-case, zero-padded (at most 16: a `u64` has
/// no more).
pub fn push_hex(out: &mut String, v: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in (0..digits.min(16)).rev() {
        out.push(char::from(HEX[((v >> (i * 4)) & 0xF) as usize]));
    }
}

/// An X-Ray trace id, `Root=1-<epoch seconds, 8 hex>-<24 hex>`: what API Gateway adds as
/// `X-Amzn-Trace-Id`.
pub fn xray_root(epoch_secs: u64) -> String {
    let mut s = String::with_capacity(74);
    s.push_str("Root=1-");
    push_hex(&mut s, epoch_secs, 8);
    s.push('-');
    push_hex(&mut s, random_u64(), 16);
    push_hex(&mut s, random_u64(), 8);
    s
}

/// A whole X-Ray trace header, `Root=...;Parent=<16 hex>;Sampled=0`: what Lambda hands a
/// runtime as `_X_AMZN_TRACE_ID` for an invocation that is not sampled.
pub fn xray_trace_header(epoch_secs: u64) -> String {
    let mut s = xray_root(epoch_secs);
    s.push_str(";Parent=");
    push_hex(&mut s, random_u64(), 16);
    s.push_str(";Sampled=0");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_distinct_and_grouped_like_aws() {
        let a = uuid_v4();
        assert_ne!(a, uuid_v4());
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{a}");
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        let many: std::collections::HashSet<String> = (0..1000).map(|_| uuid_v4()).collect();
        assert_eq!(many.len(), 1000);
    }

    #[test]
    fn trace_ids_are_shaped_like_aws() {
        let t = xray_root(0x5EBE_3045);
        assert!(t.starts_with("Root=1-5ebe3045-"), "{t}");
        assert_eq!(t.len(), "Root=1-5ebe3045-".len() + 24, "{t}");
        assert!(
            t[16..]
                .bytes()
                .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        );
        assert_ne!(xray_root(1), xray_root(1));
        let h = xray_trace_header(0x5EBE_3045);
        let (root, rest) = h.split_once(";Parent=").unwrap();
        assert_eq!(root.len(), t.len());
        let (parent, sampled) = rest.split_once(';').unwrap();
        assert_eq!(parent.len(), 16);
        assert_eq!(sampled, "Sampled=0");
    }

    #[test]
    fn hex_digits() {
        let mut s = String::new();
        push_hex(&mut s, 0xab, 4);
        assert_eq!(s, "00ab");
        let mut s = String::new();
        push_hex(&mut s, u64::MAX, 20);
        assert_eq!(s, "ffffffffffffffff");
    }

    #[test]
    fn the_stream_is_the_generator() {
        // the shared stream and the process generator are one algorithm: same states, same output
        let seed = 42u64;
        let stream: Vec<u64> = splitmix64_stream(seed).take(3).collect();
        let by_hand: Vec<u64> = (1..=3)
            .map(|i| splitmix64(seed.wrapping_add(GOLDEN_GAMMA.wrapping_mul(i))))
            .collect();
        assert_eq!(stream, by_hand);
        // splitmix64's published first output for seed 0
        assert_eq!(splitmix64_stream(0).next(), Some(0xE220_A839_7B1D_CDAF));
    }
}
