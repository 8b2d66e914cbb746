//! The Lambda runtime identifiers AWS accepts (state of early 2026, from the AWS Lambda
//! "Lambda runtimes" page): supported ones, and deprecated ones that AWS has stopped patching
//! and will (or already does) refuse for new functions and updates.

/// Runtimes Lambda supports.
pub const SUPPORTED: &[&str] = &[
    "nodejs24.x",
    "nodejs22.x",
    "nodejs20.x",
    "python3.14",
    "python3.13",
    "python3.12",
    "python3.11",
    "python3.10",
    "java25",
    "java21",
    "java17",
    "java11",
    "java8.al2",
    "dotnet10",
    "dotnet8",
    "ruby3.4",
    "ruby3.3",
    "ruby3.2",
    "provided.al2023",
    "provided.al2",
];

/// Runtimes Lambda has deprecated (reported as warnings: deploys may still work for a while).
pub const DEPRECATED: &[&str] = &[
    "nodejs18.x",
    "nodejs16.x",
    "nodejs14.x",
    "nodejs12.x",
    "nodejs10.x",
    "nodejs8.10",
    "nodejs6.10",
    "nodejs4.3",
    "nodejs4.3-edge",
    "nodejs",
    "python3.9",
    "python3.8",
    "python3.7",
    "python3.6",
    "python2.7",
    "ruby2.7",
    "ruby2.5",
    "java8",
    "go1.x",
    "dotnet7",
    "dotnet6",
    "dotnetcore3.1",
    "dotnetcore2.1",
    "dotnetcore2.0",
    "dotnetcore1.0",
    "provided",
];

/// How Lambda treats a runtime identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeStatus {
    Supported,
    Deprecated,
    Unknown,
}

pub fn status(runtime: &str) -> RuntimeStatus {
    if SUPPORTED.contains(&runtime) {
        RuntimeStatus::Supported
    } else if DEPRECATED.contains(&runtime) {
        RuntimeStatus::Deprecated
    } else {
        RuntimeStatus::Unknown
    }
}

/// The newest supported runtime of the same language (`nodejs18.x` → `nodejs24.x`).
pub fn successor(runtime: &str) -> Option<&'static str> {
    let lang: String = runtime
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let lang = match lang.as_str() {
        "dotnetcore" => "dotnet",
        "go" => "provided",
        l => l,
    };
    SUPPORTED.iter().copied().find(|s| s.starts_with(lang))
}
