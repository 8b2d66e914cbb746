//! Deployment folder names as SF v3 writes them: `<epoch millis>-<ISO 8601 UTC>`, e.g.
//! `1700000000000-2023-11-14T22:13:20.000Z`, and back.

/// The folder name for `millis` since the epoch.
pub fn dir_name(millis: u64) -> String {
    format!("{millis}-{}", iso(millis))
}

/// `2023-11-14T22:13:20.000Z`.
fn iso(millis: u64) -> String {
    crate::common::time::iso8601(millis)
}

/// `2023-11-14 22:13:20 UTC`, as `deploy list` prints it.
pub fn human(millis: u64) -> String {
    let s = iso(millis);
    format!("{} {} UTC", &s[..10], &s[11..19])
}

/// The millis of a folder name (`<millis>-...`).
pub fn millis_of(dir: &str) -> Option<u64> {
    dir.split('-').next()?.parse().ok()
}

/// Whether `dir` looks like a deployment folder (SF's `isDeploymentDirToken`).
pub fn is_deployment_dir(dir: &str) -> bool {
    let Some((ms, rest)) = dir.split_once('-') else {
        return false;
    };
    let b = rest.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        r.into_iter()
            .all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
    };
    !ms.is_empty()
        && ms.bytes().all(|c| c.is_ascii_digit())
        && digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && digits(14..16)
        && digits(17..19)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let cases = [
            (0, "0-1970-01-01T00:00:00.000Z"),
            (1_700_000_000_123, "1700000000123-2023-11-14T22:13:20.123Z"),
            (951_782_400_000, "951782400000-2000-02-29T00:00:00.000Z"),
        ];
        for (ms, want) in cases {
            assert_eq!(dir_name(ms), want);
            assert!(is_deployment_dir(want));
            assert_eq!(millis_of(want), Some(ms));
        }
        assert_eq!(human(1_700_000_000_123), "2023-11-14 22:13:20 UTC");
        for bad in [
            "abc",
            "12-2023-11",
            "x-2023-11-14T22:13:20",
            "0123456789abcdef",
        ] {
            assert!(!is_deployment_dir(bad), "{bad}");
        }
    }
}
