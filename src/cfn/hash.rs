//! The deterministic stand-ins for SF v3's volatile parts: the code's S3 key and hash (until
//! packaging provides them), the version digest and the deployment suffix.

use super::ArtifactInfo;
use super::CompileOptions;
use crate::ir::{Function, Service};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub fn sha256_base64(bytes: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(bytes))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(digest.len() * 2);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Feeds `value`'s compact JSON (the bytes `serde_json::to_vec` would produce) into `h`, without
/// building the bytes or an intermediate `Value`.
fn update_json<T: Serialize + ?Sized>(h: &mut Sha256, value: &T) {
    struct Feed<'a>(&'a mut Sha256);
    impl std::io::Write for Feed<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Writing never fails, and every value hashed here serializes (string keys only).
    let mut w = std::io::BufWriter::with_capacity(8192, Feed(h));
    let _ = serde_json::to_writer(&mut w, value);
    let _ = std::io::Write::flush(&mut w);
}

/// Hex SHA-256 of `value`'s compact JSON.
pub fn json_sha256_hex<T: Serialize + ?Sized>(value: &T) -> String {
    let mut h = Sha256::new();
    update_json(&mut h, value);
    hex(&h.finalize())
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
    json_sha256_hex(svc)
}

/// Base64 SHA-256 of the code hash and the function's configuration: a new version exactly when
/// either changes.
pub fn version_digest<T: Serialize + ?Sized>(code_sha256: &str, config: &T) -> String {
    let mut h = Sha256::new();
    h.update(code_sha256.as_bytes());
    h.update(b"\n");
    update_json(&mut h, config);
    STANDARD.encode(h.finalize())
}

/// The `ApiGatewayDeployment` suffix: a hash of everything that makes up the deployed API.
pub fn deployment_suffix<T: Serialize + ?Sized>(api_parts: &T) -> String {
    let hex = json_sha256_hex(api_parts);
    hex.get(..16).unwrap_or(&hex).to_owned()
}
