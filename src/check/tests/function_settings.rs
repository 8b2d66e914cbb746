//! Checks on function URLs, destinations, file systems and runtime management.

use super::{HEAD, assert_cases, at};
use crate::diag::codes;

#[test]
fn function_settings_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "destinations of every kind, a URL with a day-long max age, manual runtime with a version",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    url:\n      cors:\n        maxAge: 86400\n    runtimeManagement:\n      mode: manual\n      arn: arn:aws:lambda:us-east-1::runtime:abc\n    destinations:\n      onSuccess: g\n      onFailure: arn:aws:sqs:us-east-1:123456789012:q\n  g:\n    handler: h.g\n    destinations:\n      onSuccess:\n        type: sns\n        arn: {{Ref: Topic}}\n      onFailure: arn:aws:events:us-east-1:123456789012:event-bus/b\n"
            ),
            vec![],
        ),
        (
            "a destination naming a missing function",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    destinations:\n      onSuccess: gg\n  g:\n    handler: h.g\n"
            ),
            vec![at("9:18", "error", codes::DESTINATION_FUNCTION)],
        ),
        (
            "a destination SF cannot grant, unless the function has its own role",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    destinations:\n      onFailure: arn:aws:s3:::bucket\n  g:\n    handler: h.g\n    role: arn:aws:iam::123456789012:role/r\n    destinations:\n      onFailure: arn:aws:s3:::bucket\n"
            ),
            vec![at("9:18", "error", codes::DESTINATION_TARGET)],
        ),
        (
            "a file system outside a VPC; inside the provider's VPC it is fine",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    fileSystemConfig:\n      arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0\n      localMountPath: /mnt/x\n"
            ),
            vec![at("9:7", "error", codes::FILE_SYSTEM_VPC)],
        ),
        (
            "manual runtime management without a version, from the provider",
            format!(
                "{HEAD}  runtimeManagement:\n    mode: manual\nfunctions:\n  f:\n    handler: h.f\n"
            ),
            vec![at("6:5", "error", codes::RUNTIME_MANAGEMENT)],
        ),
        (
            "a URL caching CORS answers for more than a day",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    url:\n      cors:\n        maxAge: 86401\n"
            ),
            vec![at("10:17", "error", codes::FUNCTION_URL_CORS)],
        ),
    ];
    assert_cases(cases);
}
