//! Every fixture service lowers without errors (variables replaced by a tiny stand-in).

use super::{lower_text, shorts};

/// Stand-in for the variable resolver: the few `${...}` forms the fixtures use, by text.
pub fn stand_in(text: &str, service: &str) -> Option<String> {
    let mut t = text.to_string();
    for (from, to) in [
        ("${opt:stage, 'dev'}", "dev"),
        ("${opt:region, 'us-east-1'}", "us-east-1"),
        ("${sls:stage}", "dev"),
        ("${self:service}", service),
    ] {
        t = t.replace(from, to);
    }
    // anything left that SF would resolve (a lower-case source) means we cannot stand in
    let unresolved = regex::Regex::new(r"\$\{[a-z]").unwrap();
    (!unresolved.is_match(&t)).then_some(t)
}

#[test]
fn every_fixture_lowers_without_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut lowered = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path().join("serverless.yml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let service = text
            .lines()
            .find_map(|l| l.strip_prefix("service: "))
            .unwrap_or("svc")
            .trim()
            .to_string();
        let Some(text) = stand_in(&text, &service) else {
            continue;
        };
        let (s, d, sm) = lower_text(&text);
        assert!(!d.has_errors(), "{}: {:?}", path.display(), shorts(&d, &sm));
        let s = s.unwrap();
        assert_eq!(s.name, service);
        // every http event of the file is an endpoint
        let http_events = text.matches("- http:").count();
        assert_eq!(s.endpoints.len(), http_events, "{}", path.display());
        lowered += 1;
    }
    assert!(lowered >= 15, "only {lowered} fixtures could be lowered");
}

#[test]
fn reference_sample_services_lower() {
    // the two SF v3 sample services kept next to the fixtures' expected outputs
    for name in ["features-a", "features-b"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name)
            .join("serverless.yml");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = stand_in(&text, "x").unwrap();
        let (s, d, sm) = lower_text(&text);
        assert!(!d.has_errors(), "{:?}", shorts(&d, &sm));
        assert!(!s.unwrap().endpoints.is_empty());
    }
}
