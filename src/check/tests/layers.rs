//! Checks on the top-level `layers`.

use super::findings;
use crate::diag::codes;

const HEAD: &str = "service: demo\nprovider:\n  name: aws\n  runtime: nodejs22.x\n";

fn at(line_col: &str, sev: &str, code: &str) -> String {
    format!("{line_col} {sev} {code}")
}

#[test]
fn layer_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "a folder, a zip, accounts by id and `*`, a Ref to a layer that is not retained",
            format!(
                "{HEAD}layers:\n  a:\n    path: a\n    allowedAccounts: ['123456789012', '*']\n  b:\n    package:\n      artifact: b.zip\nfunctions:\n  f:\n    handler: h.f\n    layers:\n      - Ref: ALambdaLayer\n"
            ),
            vec![],
        ),
        (
            "a layer with nothing to package",
            format!("{HEAD}layers:\n  a:\n    description: empty\n"),
            vec![at("6:3", "error", codes::LAYER_CONTENT)],
        ),
        (
            "an account given as a root ARN",
            format!(
                "{HEAD}layers:\n  a:\n    path: a\n    allowedAccounts:\n      - arn:aws:iam::123456789012:root\n"
            ),
            vec![at("9:9", "error", codes::LAYER_ACCOUNT)],
        ),
        (
            "a Ref to a retained layer",
            format!(
                "{HEAD}layers:\n  a:\n    path: a\n    retain: true\nfunctions:\n  f:\n    handler: h.f\n    layers:\n      - Ref: ALambdaLayer\n"
            ),
            vec![at("13:7", "error", codes::LAYER_REFERENCE)],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}
