//! `slsc deploy`: as `serverless deploy` does it, with the SDK.
//!
//! 1. No stack yet: create it from the create-stack template (the deployment bucket) through a
//!    `CREATE` change set, and wait.
//! 2. Read what is deployed (`slsc-deployed.json`, see [`bucket`]): artifacts whose hash is
//!    already in the bucket keep their S3 key and are not uploaded; if the template then equals
//!    the deployed one, say so and stop (2 requests: `DescribeStacks`, `GetObject`).
//! 3. Upload the new artifacts and the template into a new `<millis>-<ISO>` folder.
//! 4. Update the stack through an `UPDATE` change set, following its events; on failure print
//!    the failed resources and reasons, wait for the rollback, exit non-zero.
//! 5. Record the deployment's state; set the REST API stage's tracing, metrics, logging and
//!    tags ([`super::stage`]); print endpoints, functions and outputs.
//!
//! `--dry-run` stops after creating the update change set: it prints its changes and deletes it.

use super::bucket::{self, DeploymentRecord, StoredArtifact, TEMPLATE_FILE};
use super::client::Clients;
use super::error::{Failure, Result};
use super::monitor::{self, Action, Operation};
use super::stack::{self, MAX_TEMPLATE_BODY, TemplateSource};
use super::{summary, timestamp};
use crate::cfn;
use crate::ir::Service;
use crate::package::{self, Package};
use aws_sdk_cloudformation::types::{ChangeSetType, Stack};

/// What `deploy` was asked.
#[derive(Clone, Debug, Default)]
pub struct DeployOptions {
    pub dry_run: bool,
}

/// Deploys `svc` with its `pkg`.
pub async fn deploy(c: &Clients, svc: &Service, pkg: &Package, opts: &DeployOptions) -> Result<()> {
    let name = crate::ir::naming::stack_name(svc);
    check_stack_name(&name)?;
    eprintln!(
        "Deploying {} to stage {} ({})",
        svc.name, svc.stage, c.region
    );
    let current = updatable_stack(c, &name).await?;
    if current.is_none() && opts.dry_run {
        describe_stack_to_create(svc, pkg, &name);
        return Ok(());
    }
    let current = create_stack_unless_custom_bucket(c, svc, &name, current).await?;
    let target = DeploymentTarget::find(c, svc, current.as_ref()).await?;
    let release = Release::prepare(svc, pkg, target.deployed.as_ref(), &target.key_prefix);
    if is_deployed(current.as_ref(), target.deployed.as_ref(), &release) {
        eprintln!("No changes to deploy. Deployment skipped.");
        return Ok(());
    }
    let source = template_source(c, &target, &release).await?;
    let kind = if current.is_some() {
        ChangeSetType::Update
    } else {
        ChangeSetType::Create
    };
    if opts.dry_run {
        return super::dry_run::dry_run(c, svc, kind, &source).await;
    }
    upload(
        c,
        &release.artifacts(pkg),
        &target.bucket,
        &release.stored,
        &release.dir,
    )
    .await?;
    if matches!(source, TemplateSource::Body(_)) {
        upload_template(c, &target, &release).await?;
    }
    let action = if current.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    let changed = apply(c, svc, kind, &source, action).await?;
    // the stage first: a record says the release is wholly applied, and a deploy of the same
    // release skips it
    stage_settings(c, svc, &name).await?;
    record(c, &target, release).await?;
    report_deployed(c, svc, &name, changed).await
}

/// The REST API stage's settings ([`super::stage`]) on the deployed stack.
async fn stage_settings(c: &Clients, svc: &Service, name: &str) -> Result<()> {
    let Some(stack) = stack::describe(c, name).await? else {
        return Ok(());
    };
    let id = stack.stack_id().unwrap_or_default();
    super::stage::update(c, svc, name, id).await
}

/// The stack as deployed, `None` when there is none; an error when it cannot be updated.
async fn updatable_stack(c: &Clients, name: &str) -> Result<Option<Stack>> {
    let current = stack::describe(c, name).await?;
    if let Some(s) = &current {
        usable(s)?;
    }
    Ok(current)
}

/// What a dry run says when there is no stack yet.
fn describe_stack_to_create(svc: &Service, pkg: &Package, name: &str) {
    eprintln!(
        "stack {name} does not exist: a deploy would create it with {} resources",
        template(svc, pkg, &[], 0)
            .resources()
            .map_or(0, |r| r.len())
    );
}

/// `current`, or the stack newly created with the deployment bucket when there was none (a
/// custom deployment bucket needs no stack first: the update change set creates it).
async fn create_stack_unless_custom_bucket(
    c: &Clients,
    svc: &Service,
    name: &str,
    current: Option<Stack>,
) -> Result<Option<Stack>> {
    let custom_bucket = svc
        .provider
        .deployment_bucket
        .as_ref()
        .is_some_and(|b| b.name.is_some());
    if current.is_some() || custom_bucket {
        return Ok(current);
    }
    create_stack(c, svc).await?;
    stack::describe(c, name).await
}

/// Where the deployment goes, and what was deployed there last.
struct DeploymentTarget {
    bucket: String,
    /// The service's folder in the bucket.
    key_prefix: String,
    deployed: Option<DeploymentRecord>,
}

impl DeploymentTarget {
    async fn find(c: &Clients, svc: &Service, current: Option<&Stack>) -> Result<Self> {
        let bucket = stack::bucket_name(c, svc, current).await?;
        let key_prefix = crate::ir::naming::deployment_key_prefix(svc);
        let deployed = if current.is_some() {
            bucket::get_state(
                c,
                &bucket,
                &format!("{key_prefix}/{}", bucket::DEPLOYED_FILE),
            )
            .await?
        } else {
            None
        };
        Ok(DeploymentTarget {
            bucket,
            key_prefix,
            deployed,
        })
    }

    fn template_key(&self, release: &Release) -> String {
        format!("{}/{}/{TEMPLATE_FILE}", self.key_prefix, release.dir)
    }
}

/// What this deployment uploads: the artifacts' places and the template.
struct Release {
    /// The new `<millis>-<ISO>` folder.
    dir: String,
    /// Where each artifact lives: the package's, then `custom-resources.zip` when the
    /// template uses it.
    stored: Vec<StoredArtifact>,
    /// `custom-resources.zip`, when the template uses it.
    support: Option<package::Artifact>,
    template: String,
    template_sha: String,
    /// Fingerprint of the stage settings the deploy applies ([`super::stage`]), which the
    /// template does not hold.
    stage_sha: String,
}

impl Release {
    fn prepare(
        svc: &Service,
        pkg: &Package,
        deployed: Option<&DeploymentRecord>,
        key_prefix: &str,
    ) -> Self {
        let now = crate::common::time::now_millis();
        let dir = timestamp::dir_name(now);
        let support = package::custom_resources_artifact();
        let all: Vec<&package::Artifact> = pkg.artifacts.iter().chain([&support]).collect();
        let mut stored = place_artifacts(&all, deployed, key_prefix, &dir);
        let template = template(svc, pkg, &stored, now);
        let support = if template.uses_custom_resources() {
            Some(support)
        } else {
            stored.pop();
            None
        };
        let template = template.to_pretty_string();
        let template_sha = crate::common::digest::sha256_base64(template.as_bytes());
        Release {
            dir,
            stored,
            support,
            template,
            template_sha,
            stage_sha: super::stage::fingerprint(svc),
        }
    }

    /// Every artifact this release stores, in the order of [`Release::stored`].
    fn artifacts<'a>(&'a self, pkg: &'a Package) -> Vec<&'a package::Artifact> {
        pkg.artifacts.iter().chain(self.support.as_ref()).collect()
    }
}

/// The stack is in a settled state and its recorded template is the release's.
fn is_deployed(
    current: Option<&Stack>,
    deployed: Option<&DeploymentRecord>,
    release: &Release,
) -> bool {
    let stack_ok = current.is_some_and(|s| {
        matches!(
            status(s).as_str(),
            "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "UPDATE_ROLLBACK_COMPLETE"
        )
    });
    stack_ok
        && deployed.is_some_and(|d| {
            d.template_sha256 == release.template_sha && d.stage_sha256 == release.stage_sha
        })
}

/// The template as the change set takes it: in the request, or from the bucket (uploaded
/// now) when it is too large for the request.
async fn template_source(
    c: &Clients,
    target: &DeploymentTarget,
    release: &Release,
) -> Result<TemplateSource> {
    if release.template.len() <= MAX_TEMPLATE_BODY {
        return Ok(TemplateSource::Body(release.template.clone()));
    }
    upload_template(c, target, release).await?;
    let url = stack::object_url(c, &target.bucket, &target.template_key(release));
    Ok(TemplateSource::Url(url))
}

async fn upload_template(c: &Clients, target: &DeploymentTarget, release: &Release) -> Result<()> {
    bucket::put(
        c,
        &target.bucket,
        &target.template_key(release),
        release.template.clone().into_bytes(),
        "application/json",
        &release.template_sha,
    )
    .await
}

/// Records the deployment's state in the bucket, for the next deployment to compare with.
async fn record(c: &Clients, target: &DeploymentTarget, release: Release) -> Result<()> {
    let state = DeploymentRecord {
        directory: release.dir,
        template_sha256: release.template_sha,
        stage_sha256: release.stage_sha,
        artifacts: release.stored,
    };
    bucket::put_state(c, &target.bucket, &target.key_prefix, &state).await
}

/// Says whether the stack changed, then prints its endpoints, functions and outputs.
async fn report_deployed(c: &Clients, svc: &Service, name: &str, changed: bool) -> Result<()> {
    let s = stack::describe(c, name)
        .await?
        .ok_or_else(|| Failure::new(format!("stack {name} is gone")))?;
    if changed {
        eprintln!("Service deployed to stack {name}");
    } else {
        eprintln!("Change set did not include any changes to be deployed.");
    }
    print!("{}", summary::render(c, svc, &s).await);
    Ok(())
}

/// SF v3's rule for stack names.
fn check_stack_name(name: &str) -> Result<()> {
    let ok = name.len() <= 128
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "the stack name \"{name}\" is not valid: use letters, digits and hyphens, start with a letter, at most 128 characters"
        )))
    }
}

fn status(s: &Stack) -> String {
    s.stack_status()
        .map(|x| x.as_str().to_string())
        .unwrap_or_default()
}

/// Stacks that cannot be updated.
fn usable(s: &Stack) -> Result<()> {
    let st = status(s);
    let name = s.stack_name().unwrap_or_default();
    if st == "REVIEW_IN_PROGRESS" || st == "ROLLBACK_COMPLETE" || st.ends_with("_FAILED") {
        return Err(Failure::new(format!(
            "stack {name} is in state {st} and cannot be updated; `slsc remove` deletes it"
        )));
    }
    if st.ends_with("_IN_PROGRESS") {
        return Err(Failure::new(format!(
            "stack {name} is busy ({st}); wait for it to finish (`slsc info` shows its state)"
        )));
    }
    Ok(())
}

/// The update-stack template with the artifacts at their keys, deployed at `now` (ms).
fn template(svc: &Service, pkg: &Package, stored: &[StoredArtifact], now: u64) -> cfn::Template {
    let mut opts = pkg.compile_options(|a| {
        stored
            .iter()
            .find(|s| s.file == a.file_name)
            .map(|s| s.key.clone())
            .unwrap_or_else(|| package::content_key(svc, a))
    });
    opts.custom_resources = stored
        .iter()
        .find(|s| s.file == crate::custom_resources::ARTIFACT_NAME)
        .map(|s| cfn::ArtifactInfo {
            s3_key: s.key.clone(),
            sha256_base64: s.sha256.clone(),
        });
    opts.deploy_time = Some(now);
    cfn::compile(svc, &opts)
}

/// Where each artifact lives: its deployed key when the same file with the same hash is
/// deployed, else in the new folder `dir`.
fn place_artifacts(
    artifacts: &[&package::Artifact],
    deployed: Option<&DeploymentRecord>,
    key_prefix: &str,
    dir: &str,
) -> Vec<StoredArtifact> {
    artifacts
        .iter()
        .map(|a| {
            let same = deployed.and_then(|d| {
                d.artifacts
                    .iter()
                    .find(|s| s.file == a.file_name && s.sha256 == a.sha256_base64)
            });
            StoredArtifact {
                file: a.file_name.clone(),
                key: same.map_or_else(
                    || format!("{key_prefix}/{dir}/{}", a.file_name),
                    |s| s.key.clone(),
                ),
                sha256: a.sha256_base64.clone(),
            }
        })
        .collect()
}

/// Uploads the artifacts that live in the new folder `dir`.
async fn upload(
    c: &Clients,
    artifacts: &[&package::Artifact],
    bucket: &str,
    stored: &[StoredArtifact],
    dir: &str,
) -> Result<()> {
    for (a, s) in artifacts.iter().zip(stored) {
        if !s.key.contains(&format!("/{dir}/")) {
            eprintln!(
                "Unchanged {} (already at s3://{bucket}/{})",
                a.file_name, s.key
            );
            continue;
        }
        eprintln!("Uploading {} ({} bytes)", a.file_name, a.bytes.len());
        bucket::put(
            c,
            bucket,
            &s.key,
            a.bytes.clone(),
            "application/zip",
            &a.sha256_base64,
        )
        .await?;
    }
    Ok(())
}

/// Creates the stack from the create-stack template and waits.
async fn create_stack(c: &Clients, svc: &Service) -> Result<()> {
    let name = crate::ir::naming::stack_name(svc);
    eprintln!("Creating CloudFormation stack {name}");
    let body = cfn::compile_create(svc).to_pretty_string();
    let changes = stack::create_change_set(
        c,
        svc,
        ChangeSetType::Create,
        &TemplateSource::Body(body),
        false,
    )
    .await?
    .unwrap_or_default();
    run_change_set(c, svc, Action::Create, changes.len(), None).await
}

/// Creates, executes and follows the change set; `false` when it held no changes.
pub(crate) async fn apply(
    c: &Clients,
    svc: &Service,
    kind: ChangeSetType,
    source: &TemplateSource,
    action: Action,
) -> Result<bool> {
    let name = crate::ir::naming::stack_name(svc);
    stack::delete_change_set(c, &name).await;
    let before = monitor::newest_event(c, &name).await;
    eprintln!("Updating CloudFormation stack {name}");
    let Some(changes) = stack::create_change_set(c, svc, kind, source, true).await? else {
        return Ok(false);
    };
    run_change_set(c, svc, action, changes.len(), before).await?;
    if let Some(policy) = &svc.provider.stack_policy {
        let body = serde_json::json!({ "Statement": policy }).to_string();
        c.cfn
            .set_stack_policy()
            .stack_name(&name)
            .stack_policy_body(body)
            .send()
            .await
            .map_err(|e| super::error::aws("cannot set the stack policy", &e))?;
    }
    Ok(true)
}

/// Executes the change set and waits for the stack, explaining a failure.
async fn run_change_set(
    c: &Clients,
    svc: &Service,
    action: Action,
    total: usize,
    before: Option<String>,
) -> Result<()> {
    let stack_name = crate::ir::naming::stack_name(svc);
    let name = stack_name.as_str();
    let operation = Operation {
        stack_name: name,
        stack_id: name,
        action,
        after: before,
        total,
    };
    if let Err(f) = stack::execute_change_set(c, name, svc.provider.disable_rollback).await {
        // some emulators fail the call itself; on AWS the stack may still be rolling back
        let busy = stack::describe(c, name)
            .await
            .ok()
            .flatten()
            .is_some_and(|s| status(&s).ends_with("_IN_PROGRESS"));
        if busy {
            let o = monitor::wait(c, operation).await?;
            if !o.failures.is_empty() {
                return Err(Failure::new(monitor::explain(name, action, &o)));
            }
        }
        return Err(f);
    }
    let outcome = monitor::wait(c, operation).await?;
    if outcome.succeeded(action) {
        Ok(())
    } else {
        Err(Failure::new(monitor::explain(name, action, &outcome)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(file: &str, sha: &str) -> package::Artifact {
        package::Artifact {
            file_name: file.into(),
            bytes: Vec::new(),
            prebuilt: None,
            sha256_base64: sha.into(),
            sha256_hex: "00".into(),
            functions: vec![file.trim_end_matches(".zip").into()],
            layer: None,
        }
    }

    #[test]
    fn unchanged_artifacts_keep_their_deployed_key() {
        let pkg = Package {
            artifacts: vec![artifact("a.zip", "A2"), artifact("b.zip", "B1")],
        };
        let deployed = DeploymentRecord {
            directory: "1-old".into(),
            template_sha256: "T".into(),
            stage_sha256: String::new(),
            artifacts: vec![
                StoredArtifact {
                    file: "a.zip".into(),
                    key: "p/1-old/a.zip".into(),
                    sha256: "A1".into(),
                },
                StoredArtifact {
                    file: "b.zip".into(),
                    key: "p/0-older/b.zip".into(),
                    sha256: "B1".into(),
                },
            ],
        };
        let all: Vec<&package::Artifact> = pkg.artifacts.iter().collect();
        let keys: Vec<String> = place_artifacts(&all, Some(&deployed), "p", "2-new")
            .into_iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(keys, vec!["p/2-new/a.zip", "p/0-older/b.zip"]);
        let fresh: Vec<String> = place_artifacts(&all, None, "p", "2-new")
            .into_iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(fresh, vec!["p/2-new/a.zip", "p/2-new/b.zip"]);
    }

    #[test]
    fn stack_names_follow_sf_rules() {
        for (name, ok) in [
            ("svc-dev", true),
            ("1svc", false),
            ("svc_dev", false),
            ("a", true),
        ] {
            assert_eq!(check_stack_name(name).is_ok(), ok, "{name}");
        }
        assert!(check_stack_name(&"a".repeat(129)).is_err());
    }
}
