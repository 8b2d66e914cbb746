//! Checks on the top-level `layers`.

use super::{HEAD, assert_cases, at};
use crate::diag::codes;

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
    assert_cases(cases);
}
