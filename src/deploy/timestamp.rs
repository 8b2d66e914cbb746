//! Deployment folder names as SF v3 writes them: `<epoch millis>-<ISO 8601 UTC>`, e.g.
//! `1700000000000-2023-11-14T22:13:20.000Z`, and back.

/// The folder name for `millis` since the epoch.
pub fn dir_name(millis: u64) -> String {
    format!("{millis}-{}", iso(millis))
}

/// `2023-11-14T22:13:20.000Z`.
pub fn iso(millis: u64) -> String {
    let secs = millis / 1000;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        millis % 1000
    )
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

/// Now, in millis since the epoch.
pub fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
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
