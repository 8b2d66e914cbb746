//! `slsc remove`, `slsc info`, `slsc deploy list` and `slsc rollback`.

use super::bucket::{self, DeploymentRecord, TEMPLATE_FILE};
use super::client::Clients;
use super::deploy::apply;
use super::error::{self, Failure, Result};
use super::monitor::{self, Action, Operation};
use super::stack::{self, MAX_TEMPLATE_BODY, TemplateSource};
use super::{summary, timestamp};
use crate::ir::Service;
use aws_sdk_cloudformation::types::ChangeSetType;

fn missing(svc: &Service) -> Failure {
    Failure::new(format!(
        "stack {} does not exist (stage {}, region {})",
        crate::ir::naming::stack_name(svc),
        svc.stage,
        svc.region
    ))
}

/// Empties the service's folder of the deployment bucket, deletes the stack and waits.
pub async fn remove(c: &Clients, svc: &Service) -> Result<()> {
    let name = crate::ir::naming::stack_name(svc);
    let s = stack::describe(c, &name)
        .await?
        .ok_or_else(|| missing(svc))?;
    let bucket = stack::bucket_name(c, svc, Some(&s)).await.ok();
    if let Some(b) = &bucket {
        let n = bucket::empty(
            c,
            b,
            &format!("{}/", crate::ir::naming::deployment_key_prefix(svc)),
        )
        .await?;
        eprintln!("Removed {n} objects from s3://{b}");
    }
    let before = monitor::newest_event(c, &name).await;
    let id = s.stack_id().unwrap_or(&name).to_string();
    c.cfn
        .delete_stack()
        .stack_name(&name)
        .send()
        .await
        .map_err(|e| error::aws(&format!("cannot delete stack {name}"), &e))?;
    eprintln!("Removing stack {name}");
    let o = monitor::wait(
        c,
        Operation {
            stack_name: &name,
            stack_id: &id,
            action: Action::Delete,
            after: before,
            total: 0,
        },
    )
    .await?;
    if !o.succeeded(Action::Delete) {
        return Err(Failure::new(monitor::explain(&name, Action::Delete, &o)));
    }
    eprintln!("Service {} has been successfully removed", svc.name);
    Ok(())
}

/// Prints the stack's status, endpoints, functions and outputs.
pub async fn info(c: &Clients, svc: &Service) -> Result<()> {
    let name = crate::ir::naming::stack_name(svc);
    let s = stack::describe(c, &name)
        .await?
        .ok_or_else(|| missing(svc))?;
    print!("{}", summary::render(c, svc, &s).await);
    Ok(())
}

/// The deployments in the bucket, oldest first.
async fn deployments(c: &Clients, svc: &Service) -> Result<(String, Vec<(String, Vec<String>)>)> {
    let name = crate::ir::naming::stack_name(svc);
    let s = stack::describe(c, &name).await?;
    if s.is_none() && svc.provider.deployment_bucket.is_none() {
        return Err(missing(svc));
    }
    let b = stack::bucket_name(c, svc, s.as_ref()).await?;
    let prefix = crate::ir::naming::deployment_key_prefix(svc);
    let keys = bucket::list_keys(c, &b, &format!("{prefix}/")).await?;
    Ok((b, bucket::deployments(&keys, &prefix)))
}

/// Lists the deployments kept in the bucket, as `serverless deploy list` does.
pub async fn list(c: &Clients, svc: &Service) -> Result<()> {
    let (_, deps) = deployments(c, svc).await?;
    if deps.is_empty() {
        eprintln!(
            "No deployments found, if that's unexpected ensure that stage and region are correct"
        );
        return Ok(());
    }
    for (dir, files) in deps {
        let ms = timestamp::millis_of(&dir).unwrap_or(0);
        println!("{}\nTimestamp: {ms}\nFiles:", timestamp::human(ms));
        for f in files {
            println!("  - {f}");
        }
    }
    Ok(())
}

/// Redeploys the template of the deployment at `ts` (millis, or the folder name).
pub async fn rollback(c: &Clients, svc: &Service, ts: Option<&str>) -> Result<()> {
    let Some(ts) = ts else {
        eprintln!(
            "Pick a timestamp from the list below and run `slsc rollback --timestamp <timestamp>`"
        );
        return list(c, svc).await;
    };
    let (b, deps) = deployments(c, svc).await?;
    if deps.is_empty() {
        return Err(Failure::new(
            "no deployments found; check the stage and region",
        ));
    }
    let found = deps.iter().find(|(dir, files)| {
        (timestamp::millis_of(dir).map(|m| m.to_string()).as_deref() == Some(ts) || dir == ts)
            && files.iter().any(|f| f == TEMPLATE_FILE)
    });
    let Some((dir, _)) = found else {
        return Err(Failure::new(format!(
            "no deployment with timestamp {ts}; `slsc deploy list` shows them"
        )));
    };
    eprintln!("Rolling back {} to timestamp {ts}", svc.name);
    let prefix = crate::ir::naming::deployment_key_prefix(svc);
    let key = format!("{prefix}/{dir}/{TEMPLATE_FILE}");
    let text = bucket::get(c, &b, &key)
        .await?
        .ok_or_else(|| Failure::new(format!("s3://{b}/{key} is gone")))?;
    let sha = crate::common::digest::sha256_base64(&text);
    let source = if text.len() > MAX_TEMPLATE_BODY {
        TemplateSource::Url(stack::object_url(c, &b, &key))
    } else {
        TemplateSource::Body(String::from_utf8_lossy(&text).into_owned())
    };
    let changed = apply(c, svc, ChangeSetType::Update, &source, Action::Update).await?;
    let state = bucket::get_state(c, &b, &format!("{prefix}/{dir}/{}", bucket::STATE_FILE))
        .await?
        .unwrap_or_else(|| DeploymentRecord {
            directory: dir.clone(),
            template_sha256: sha,
            ..DeploymentRecord::default()
        });
    // the stage keeps the newer settings a rollback does not touch: the next deploy applies
    // its own again
    let state = DeploymentRecord {
        stage_sha256: String::new(),
        ..state
    };
    bucket::put_state(c, &b, &prefix, &state).await?;
    if changed {
        eprintln!("Service rolled back to timestamp {ts}");
    } else {
        eprintln!("No updates to be performed. Rollback skipped.");
    }
    Ok(())
}
