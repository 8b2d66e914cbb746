//! The deployment bucket: listing deployments, uploading artifacts and templates (with the
//! `filesha256` metadata SF v3 puts on them), the deploy state, emptying on remove.
//!
//! Each deployment folder `<prefix>/<service>/<stage>/<millis>-<ISO>/` holds the template
//! (`compiled-cloudformation-template.json`), the zips uploaded by that deploy, and
//! `slsc-state.json` ([`DeploymentRecord`]: the template's hash and where every artifact
//! lives). After a successful deploy or rollback the record is also written to
//! `<prefix>/<service>/<stage>/slsc-deployed.json`: what the stack runs. A deploy reads only that object to learn which
//! artifacts are already uploaded (they are not uploaded again: their S3 keys point to the
//! folder that holds them) and whether anything changed at all.

use super::client::Clients;
use super::error::{self, Failure, Result};
use super::timestamp;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use serde::{Deserialize, Serialize};

/// The name of the template in a deployment folder.
pub const TEMPLATE_FILE: &str = "compiled-cloudformation-template.json";
/// The state in a deployment folder.
pub const STATE_FILE: &str = "slsc-state.json";
/// What the stack runs, next to the deployment folders.
pub const DEPLOYED_FILE: &str = "slsc-deployed.json";

/// What one deployment consists of.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentRecord {
    /// The deployment folder (`<millis>-<ISO>`).
    pub directory: String,
    /// Base64 SHA-256 of the template text.
    pub template_sha256: String,
    /// Fingerprint of the REST API stage's settings applied after the stack
    /// ([`super::stage::fingerprint`]); empty in records written before slsc applied them.
    #[serde(default)]
    pub stage_sha256: String,
    pub artifacts: Vec<StoredArtifact>,
}

/// One artifact in the bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredArtifact {
    pub file: String,
    pub key: String,
    pub sha256: String,
}

/// Every key under `prefix`.
pub async fn list_keys(c: &Clients, bucket: &str, prefix: &str) -> Result<Vec<String>> {
    let mut keys = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out =
            c.s3.list_objects_v2()
                .bucket(bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| error::aws(&format!("cannot list s3://{bucket}/{prefix}"), &e))?;
        keys.extend(
            out.contents()
                .iter()
                .filter_map(|o| o.key().map(String::from)),
        );
        match out.next_continuation_token() {
            Some(t) if out.is_truncated() == Some(true) => token = Some(t.to_string()),
            _ => return Ok(keys),
        }
    }
}

/// The deployments among `keys` (under `<key_prefix>/`), oldest first, each with its files.
pub fn deployments(keys: &[String], key_prefix: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for key in keys {
        let Some(rest) = key
            .strip_prefix(key_prefix)
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        let Some((dir, file)) = rest.split_once('/') else {
            continue;
        };
        if !timestamp::is_deployment_dir(dir) {
            continue;
        }
        match out.iter_mut().find(|(d, _)| d == dir) {
            Some((_, files)) => files.push(file.to_string()),
            None => out.push((dir.to_string(), vec![file.to_string()])),
        }
    }
    out.sort_by(|a, b| (timestamp::millis_of(&a.0), &a.0).cmp(&(timestamp::millis_of(&b.0), &b.0)));
    out
}

/// An object's bytes, or `None` when there is no such key.
pub async fn get(c: &Clients, bucket: &str, key: &str) -> Result<Option<Vec<u8>>> {
    match c.s3.get_object().bucket(bucket).key(key).send().await {
        Ok(out) => {
            let bytes = out
                .body
                .collect()
                .await
                .map_err(|e| Failure::new(format!("cannot read s3://{bucket}/{key}: {e}")))?;
            Ok(Some(bytes.to_vec()))
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
        Err(e) => Err(error::aws(&format!("cannot read s3://{bucket}/{key}"), &e)),
    }
}

/// The state at `key`, if there is one that parses.
pub async fn get_state(c: &Clients, bucket: &str, key: &str) -> Result<Option<DeploymentRecord>> {
    Ok(get(c, bucket, key)
        .await?
        .and_then(|b| serde_json::from_slice(&b).ok()))
}

/// Uploads `body` with its `filesha256` metadata.
pub async fn put(
    c: &Clients,
    bucket: &str,
    key: &str,
    body: Vec<u8>,
    content_type: &str,
    sha256: &str,
) -> Result<()> {
    c.s3.put_object()
        .bucket(bucket)
        .key(key)
        .content_type(content_type)
        .metadata("filesha256", sha256)
        .body(ByteStream::from(body))
        .send()
        .await
        .map_err(|e| error::aws(&format!("cannot upload s3://{bucket}/{key}"), &e))?;
    Ok(())
}

/// Writes `state` into its deployment folder and as what is deployed.
pub async fn put_state(
    c: &Clients,
    bucket: &str,
    key_prefix: &str,
    state: &DeploymentRecord,
) -> Result<()> {
    let body = serde_json::to_vec_pretty(state).unwrap_or_default();
    let sha = crate::common::digest::sha256_base64(&body);
    let in_dir = format!("{key_prefix}/{}/{STATE_FILE}", state.directory);
    put(c, bucket, &in_dir, body.clone(), "application/json", &sha).await?;
    let deployed = format!("{key_prefix}/{DEPLOYED_FILE}");
    put(c, bucket, &deployed, body, "application/json", &sha).await
}

/// Deletes every object under `prefix` (1000 per request); returns how many.
pub async fn empty(c: &Clients, bucket: &str, prefix: &str) -> Result<usize> {
    let keys = list_keys(c, bucket, prefix).await?;
    for chunk in keys.chunks(1000) {
        let objects: Vec<ObjectIdentifier> = chunk
            .iter()
            .filter_map(|k| ObjectIdentifier::builder().key(k).build().ok())
            .collect();
        let delete = Delete::builder()
            .set_objects(Some(objects))
            .quiet(true)
            .build()
            .map_err(|e| Failure::new(format!("cannot build the delete request: {e}")))?;
        c.s3.delete_objects()
            .bucket(bucket)
            .delete(delete)
            .send()
            .await
            .map_err(|e| error::aws(&format!("cannot empty s3://{bucket}/{prefix}"), &e))?;
    }
    Ok(keys.len())
}

#[cfg(test)]
mod tests {
    use super::deployments;

    #[test]
    fn deployments_group_by_folder_oldest_first() {
        let p = "serverless/svc/dev";
        let keys: Vec<String> = [
            "serverless/svc/dev/1700000000000-2023-11-14T22:13:20.000Z/svc.zip",
            "serverless/svc/dev/1600000000000-2020-09-13T12:26:40.000Z/compiled-cloudformation-template.json",
            "serverless/svc/dev/1700000000000-2023-11-14T22:13:20.000Z/compiled-cloudformation-template.json",
            "serverless/svc/dev/slsc-deployed.json",
            "serverless/svc/dev/not-a-deployment/x",
            "serverless/other/dev/1700000000000-2023-11-14T22:13:20.000Z/x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let got = deployments(&keys, p);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "1600000000000-2020-09-13T12:26:40.000Z");
        assert_eq!(
            got[1].1,
            vec!["svc.zip", "compiled-cloudformation-template.json"]
        );
    }
}
