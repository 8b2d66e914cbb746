//! The deterministic stand-ins for SF v3's volatile parts: the code's S3 key and hash (until
//! packaging provides them), the version digest and the deployment suffix.

use super::ArtifactInfo;
use super::CompileOptions;
use crate::ir::{Function, Service};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub fn sha256_base64(bytes: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(bytes))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The artifact of function `f`: from the options, else derived from the configuration
/// (`<prefix>/<service>/<stage>/<config hash>/<artifact file>`).
pub fn artifact(svc: &Service, opts: &CompileOptions, f: &Function, digest: &str) -> ArtifactInfo {
    if let Some(a) = opts
        .function_artifacts
        .get(&f.key)
        .or(opts.artifact.as_ref())
    {
        return a.clone();
    }
    let dir = digest.get(..16).unwrap_or(digest);
    let file = match &f.package.artifact {
        Some(path) => path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned(),
        None if f.package.individually => format!("{}.zip", f.key),
        None => format!("{}.zip", svc.name),
    };
    let prefix = svc
        .provider
        .deployment_prefix
        .as_deref()
        .unwrap_or("serverless");
    ArtifactInfo {
        s3_key: format!("{prefix}/{}/{}/{dir}/{file}", svc.name, svc.stage),
        sha256_base64: sha256_base64(format!("{digest}:{file}").as_bytes()),
    }
}

/// Hex SHA-256 of the whole lowered service.
pub fn service_digest(svc: &Service) -> String {
    sha256_hex(&serde_json::to_vec(svc).unwrap_or_default())
}

/// Base64 SHA-256 of the code hash and the function's configuration: a new version exactly when
/// either changes.
pub fn version_digest(code_sha256: &str, config: &Value) -> String {
    let mut h = Sha256::new();
    h.update(code_sha256.as_bytes());
    h.update(b"\n");
    h.update(serde_json::to_vec(config).unwrap_or_default());
    STANDARD.encode(h.finalize())
}

/// The `ApiGatewayDeployment` suffix: a hash of everything that makes up the deployed API.
pub fn deployment_suffix(api_parts: &Value) -> String {
    let hex = sha256_hex(&serde_json::to_vec(api_parts).unwrap_or_default());
    hex.get(..16).unwrap_or(&hex).to_owned()
}
