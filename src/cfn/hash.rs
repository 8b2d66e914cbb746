//! The deterministic stand-ins for SF v3's volatile parts: the code's S3 key and hash (until
//! packaging provides them), the version digest and the deployment suffix.

use super::ArtifactInfo;
use super::CompileOptions;
use crate::common::digest::{json_sha256_hex, sha256_base64, to_hex, update_json};
use crate::ir::{Function, Service};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The artifact of function `f`: from the options, else derived from the configuration
/// (`<prefix>/<service>/<stage>/<config hash>/<artifact file>`; `digest` gives the configuration
/// hash, asked for only then).
pub fn artifact<'d>(
    svc: &Service,
    opts: &CompileOptions,
    f: &Function,
    digest: impl FnOnce() -> &'d str,
) -> ArtifactInfo {
    if let Some(a) = opts
        .function_artifacts
        .get(&f.key)
        .or(opts.artifact.as_ref())
    {
        return a.clone();
    }
    let digest = digest();
    let dir = digest.get(..16).unwrap_or(digest);
    let file = match &f.package.artifact {
        Some(path) => path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned(),
        None if f.package.individually => format!("{}.zip", f.key),
        None => format!("{}.zip", svc.name),
    };
    ArtifactInfo {
        s3_key: format!(
            "{}/{dir}/{file}",
            crate::ir::naming::deployment_key_prefix(svc)
        ),
        sha256_base64: sha256_base64(format!("{digest}:{file}").as_bytes()),
    }
}

/// The key of `custom-resources.zip`: the deploy's, else the content key
/// (`<prefix>/<first 16 hex digits of its SHA-256>/custom-resources.zip`, as every zip slsc
/// packages outside a deploy).
pub fn custom_resources_artifact(svc: &Service, opts: &CompileOptions) -> ArtifactInfo {
    if let Some(a) = &opts.custom_resources {
        return a.clone();
    }
    let zip = crate::custom_resources::zip();
    let dir = zip.sha256_hex.get(..16).unwrap_or(&zip.sha256_hex);
    ArtifactInfo {
        s3_key: format!(
            "{}/{dir}/{}",
            crate::ir::naming::deployment_key_prefix(svc),
            crate::custom_resources::ARTIFACT_NAME
        ),
        sha256_base64: zip.sha256_base64.clone(),
    }
}

/// The zip of layer `layer`: from the options, else derived from the configuration like a
/// function's ([`artifact`]).
pub fn layer_artifact<'d>(
    svc: &Service,
    opts: &CompileOptions,
    layer: &crate::ir::layers::Layer,
    digest: impl FnOnce() -> &'d str,
) -> ArtifactInfo {
    if let Some(a) = opts.layer_artifacts.get(&layer.key) {
        return a.clone();
    }
    let digest = digest();
    let dir = digest.get(..16).unwrap_or(digest);
    let file = layer.artifact_file_name();
    ArtifactInfo {
        s3_key: format!(
            "{}/{dir}/{file}",
            crate::ir::naming::deployment_key_prefix(svc)
        ),
        sha256_base64: sha256_base64(format!("{digest}:layer:{file}").as_bytes()),
    }
}

/// A layer's hash (the `<Layer>LambdaLayerHash` output, and the suffix of a retained layer's
/// logical ids): hex SHA-1 of the layer resource's JSON without its S3 key, then of the zip's
/// SHA-256. SF hashes the zip's bytes instead; slsc's zips differ from SF's anyway (they are
/// reproducible), and their SHA-256 names their content as well.
pub fn layer_hash(resource_json: &str, zip_sha256_base64: &str) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    ctx.update(resource_json.as_bytes());
    ctx.update(zip_sha256_base64.as_bytes());
    to_hex(ctx.finish().as_ref())
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

/// The `ApiGatewayDeployment` suffix: the first 16 hex digits of a [`Feed`]'s digest of
/// everything that makes up the deployed API.
pub fn deployment_suffix(api_parts: Feed) -> String {
    let hex = api_parts.finish_hex();
    hex.get(..16).unwrap_or(&hex).to_owned()
}

/// SHA-256 over an unambiguous binary encoding of strings and JSON values (type tag, length
/// prefixes, raw string bytes): two inputs hash alike only if they are equal, key order
/// included. Much cheaper than hashing the values' JSON text (no escaping, no formatting), and
/// buffered so SHA-256 sees large blocks.
pub struct Feed {
    hasher: Sha256,
    buf: Vec<u8>,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            hasher: Sha256::new(),
            buf: Vec::with_capacity(FEED_CHUNK + 1024),
        }
    }
}

const FEED_CHUNK: usize = 1 << 15;

impl Feed {
    fn len(&mut self, n: usize) {
        self.buf.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        if b.len() >= FEED_CHUNK {
            self.hasher.update(&self.buf);
            self.buf.clear();
            self.hasher.update(b);
        } else {
            self.buf.extend_from_slice(b);
            if self.buf.len() >= FEED_CHUNK {
                self.hasher.update(&self.buf);
                self.buf.clear();
            }
        }
    }

    /// A string (tag `s`).
    pub fn str(&mut self, s: &str) {
        self.buf.push(b's');
        self.bytes(s.as_bytes());
    }

    /// An optional string (tag `-` for none).
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.buf.push(b'-'),
        }
    }

    /// The start of a list of `n` items (tag `L`).
    pub fn list(&mut self, n: usize) {
        self.buf.push(b'L');
        self.len(n);
    }

    /// A JSON value, recursively.
    pub fn value(&mut self, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Null => self.buf.push(b'n'),
            Value::Bool(b) => self.buf.extend_from_slice(if *b { b"t" } else { b"f" }),
            Value::Number(n) => {
                self.buf.push(b'#');
                self.bytes(n.to_string().as_bytes());
            }
            Value::String(s) => self.str(s),
            Value::Array(a) => {
                self.buf.push(b'[');
                self.len(a.len());
                a.iter().for_each(|x| self.value(x));
            }
            Value::Object(m) => {
                self.buf.push(b'{');
                self.len(m.len());
                for (k, x) in m {
                    self.bytes(k.as_bytes());
                    self.value(x);
                }
            }
        }
    }

    /// Another feed's digest (tag `D`), so that parts can be hashed apart (and in parallel).
    pub fn digest_of(&mut self, part: Feed) {
        let d = part.finish();
        self.buf.push(b'D');
        self.buf.extend_from_slice(&d);
    }

    /// SHA-256 of everything fed.
    fn finish(mut self) -> [u8; 32] {
        self.hasher.update(&self.buf);
        self.hasher.finalize().into()
    }

    /// Hex SHA-256 of everything fed.
    pub fn finish_hex(mut self) -> String {
        self.hasher.update(&self.buf);
        to_hex(&self.hasher.finalize())
    }
}
