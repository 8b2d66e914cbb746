//! The CloudFormation side: the stack's name and parameters (tags `STAGE` + `stackTags`,
//! `CAPABILITY_IAM`/`CAPABILITY_NAMED_IAM`, notification ARNs, rollback configuration, as SF v3
//! sends them), describing it, the deployment bucket it holds, and change sets.

use super::client::Clients;
use super::error::{self, Failure, Result};
use crate::ir::Service;
use aws_sdk_cloudformation::types::{
    Capability, Change, ChangeSetStatus, ChangeSetType, Parameter, RollbackConfiguration,
    RollbackTrigger, Stack, Tag,
};
use serde_json::Value;
use std::time::Duration;

/// The largest template CloudFormation takes inline; bigger ones go by S3 URL.
pub const MAX_TEMPLATE_BODY: usize = 51_200;

/// The stack, or `None` when it does not exist.
pub async fn describe(c: &Clients, name: &str) -> Result<Option<Stack>> {
    match c.cfn.describe_stacks().stack_name(name).send().await {
        Ok(out) => Ok(out.stacks().first().cloned()),
        Err(e) if error::is_missing_stack(&e) => Ok(None),
        Err(e) => Err(error::aws(&format!("cannot describe stack {name}"), &e)),
    }
}

/// The value of output `key`.
pub fn output(stack: &Stack, key: &str) -> Option<String> {
    stack
        .outputs()
        .iter()
        .find(|o| o.output_key() == Some(key))
        .and_then(|o| o.output_value().map(String::from))
}

/// The physical id of resource `logical_id`, if the stack has it (`ListStackResources`, which
/// more emulators answer than `DescribeStackResource`).
pub async fn physical_id(c: &Clients, stack: &str, logical_id: &str) -> Option<String> {
    let mut token: Option<String> = None;
    loop {
        let out = c
            .cfn
            .list_stack_resources()
            .stack_name(stack)
            .set_next_token(token.take())
            .send()
            .await
            .ok()?;
        if let Some(r) = out
            .stack_resource_summaries()
            .iter()
            .find(|r| r.logical_resource_id() == Some(logical_id))
        {
            return r.physical_resource_id().map(String::from);
        }
        token = Some(out.next_token()?.to_string());
    }
}

/// The deployment bucket: `provider.deploymentBucket.name`, else the stack's
/// `ServerlessDeploymentBucketName` output, else the bucket resource's physical id.
pub async fn bucket_name(c: &Clients, svc: &Service, stack: Option<&Stack>) -> Result<String> {
    if let Some(name) = svc
        .provider
        .deployment_bucket
        .as_ref()
        .and_then(|b| b.name.clone())
    {
        return Ok(name);
    }
    if let Some(name) = stack.and_then(|s| output(s, "ServerlessDeploymentBucketName")) {
        return Ok(name);
    }
    let name = crate::ir::naming::stack_name(svc);
    physical_id(c, &name, "ServerlessDeploymentBucket")
        .await
        .ok_or_else(|| {
            Failure::new(format!(
                "stack {name} has no deployment bucket (no ServerlessDeploymentBucketName output)"
            ))
        })
}

/// The template to send: inline, or by URL when it is too big.
#[derive(Clone, Debug)]
pub enum TemplateSource {
    Body(String),
    Url(String),
}

/// The S3 URL of `key` in `bucket` (the endpoint's, when one is set).
pub fn object_url(c: &Clients, bucket: &str, key: &str) -> String {
    match &c.endpoint_url {
        Some(e) => format!("{}/{bucket}/{key}", e.trim_end_matches('/')),
        None => format!("https://s3.{}.amazonaws.com/{bucket}/{key}", c.region),
    }
}

/// `STAGE` plus `provider.stackTags` (a stack tag replaces `STAGE` whatever its case).
pub fn tags(svc: &Service) -> Vec<Tag> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if !svc
        .provider
        .stack_tags
        .keys()
        .any(|k| k.eq_ignore_ascii_case("STAGE"))
    {
        pairs.push(("STAGE".into(), svc.stage.clone()));
    }
    for (k, v) in &svc.provider.stack_tags {
        let v = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        pairs.push((k.clone(), v));
    }
    pairs
        .into_iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

/// `<stack>-change-set`.
pub fn change_set_name(stack: &str) -> String {
    format!("{stack}-change-set")
}

/// Creates the change set and waits until it is ready. `Ok(None)`: it holds no changes (and
/// was deleted). As SF's stack calls: the deployment role (`provider.iam.deploymentRole`)
/// runs it, a template with a `Transform` may expand macros, and the service's template (not
/// the first, bucket-only one, which declares no parameter) gets `provider.stackParameters`.
pub async fn create_change_set(
    c: &Clients,
    svc: &Service,
    kind: ChangeSetType,
    template: &TemplateSource,
    service_template: bool,
) -> Result<Option<Vec<Change>>> {
    let stack = crate::ir::naming::stack_name(svc);
    let name = change_set_name(&stack);
    let req = change_set_request(&c.cfn, svc, &stack, &name, kind, template, service_template);
    req.send()
        .await
        .map_err(|e| error::aws(&format!("cannot create a change set for {stack}"), &e))?;
    wait_change_set(c, &stack, &name).await
}

/// The `CreateChangeSet` request for `svc`'s stack: SF's capabilities and tags, the
/// template, notification ARNs, rollback triggers and deployment role, and, for the service's
/// own template (not the empty create template), `CAPABILITY_AUTO_EXPAND` when `resources`
/// has a `Transform` and the `provider.stackParameters`.
fn change_set_request(
    cfn: &aws_sdk_cloudformation::Client,
    svc: &Service,
    stack: &str,
    name: &str,
    kind: ChangeSetType,
    template: &TemplateSource,
    service_template: bool,
) -> aws_sdk_cloudformation::operation::create_change_set::builders::CreateChangeSetFluentBuilder {
    let mut req = cfn
        .create_change_set()
        .stack_name(stack)
        .change_set_name(name)
        .change_set_type(kind)
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        .set_tags(Some(tags(svc)));
    req = match template {
        TemplateSource::Body(b) => req.template_body(b),
        TemplateSource::Url(u) => req.template_url(u),
    };
    for arn in &svc.provider.notification_arns {
        if let Some(s) = arn.as_str() {
            req = req.notification_arns(s);
        }
    }
    if let Some(rc) = svc.provider.rollback_configuration.as_ref() {
        req = req.rollback_configuration(rollback_configuration(rc));
    }
    match svc.provider.iam.deployment_role.as_ref() {
        Some(Value::String(role)) => req = req.role_arn(role),
        Some(_) => eprintln!(
            "warning: provider.iam.deploymentRole is not a plain ARN (an intrinsic cannot be \
             resolved before the stack exists): the change set runs with your own credentials"
        ),
        None => {}
    }
    if service_template {
        let transform = svc
            .resources
            .as_ref()
            .is_some_and(|r| r.get("Transform").is_some());
        if transform {
            req = req.capabilities(Capability::CapabilityAutoExpand);
        }
        for p in &svc.provider.stack_parameters {
            req = req.parameters(parameter(p));
        }
    }
    req
}

/// One of `provider.stackParameters` (`{ParameterKey, ParameterValue, UsePreviousValue,
/// ResolvedValue}`).
fn parameter(v: &Value) -> Parameter {
    // a number or boolean YAML read is the text CloudFormation takes (SF's validator coerces)
    let text = |k: &str| match v.get(k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    Parameter::builder()
        .set_parameter_key(text("ParameterKey"))
        .set_parameter_value(text("ParameterValue"))
        .set_use_previous_value(v.get("UsePreviousValue").and_then(Value::as_bool))
        .set_resolved_value(text("ResolvedValue"))
        .build()
}

fn rollback_configuration(v: &Value) -> RollbackConfiguration {
    let triggers = v
        .get("RollbackTriggers")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .filter_map(|t| {
                    Some(
                        RollbackTrigger::builder()
                            .arn(t.get("Arn")?.as_str()?)
                            .r#type(t.get("Type")?.as_str()?)
                            .build(),
                    )
                })
                .collect()
        });
    RollbackConfiguration::builder()
        .set_rollback_triggers(triggers)
        .set_monitoring_time_in_minutes(
            v.get("MonitoringTimeInMinutes")
                .and_then(Value::as_i64)
                .map(|m| m as i32),
        )
        .build()
}

async fn wait_change_set(c: &Clients, stack: &str, name: &str) -> Result<Option<Vec<Change>>> {
    loop {
        let d = c
            .cfn
            .describe_change_set()
            .stack_name(stack)
            .change_set_name(name)
            .send()
            .await
            .map_err(|e| error::aws(&format!("cannot describe change set {name}"), &e))?;
        match d.status() {
            Some(ChangeSetStatus::CreateComplete) => return Ok(Some(d.changes().to_vec())),
            Some(ChangeSetStatus::Failed) => {
                let reason = d.status_reason().unwrap_or_default().to_string();
                if reason.contains("didn't contain changes")
                    || reason.contains("No updates are to be performed")
                {
                    delete_change_set(c, stack).await;
                    return Ok(None);
                }
                return Err(Failure::new(format!("change set {name} failed: {reason}")));
            }
            _ => tokio::time::sleep(poll_interval()).await,
        }
    }
}

/// Deletes the stack's change set, if there is one.
pub async fn delete_change_set(c: &Clients, stack: &str) {
    let _ = c
        .cfn
        .delete_change_set()
        .stack_name(stack)
        .change_set_name(change_set_name(stack))
        .send()
        .await;
}

/// Executes the stack's change set (keeping what a failure leaves when `disable_rollback`).
pub async fn execute_change_set(c: &Clients, stack: &str, disable_rollback: bool) -> Result<()> {
    c.cfn
        .execute_change_set()
        .stack_name(stack)
        .change_set_name(change_set_name(stack))
        .set_disable_rollback(disable_rollback.then_some(true))
        .send()
        .await
        .map_err(|e| error::aws(&format!("update of stack {stack} failed"), &e))?;
    Ok(())
}

/// How often to poll: `SLSC_POLL_MS` milliseconds, default 2000 (1000 for change sets
/// would not save much: CloudFormation itself takes seconds).
pub fn poll_interval() -> Duration {
    let ms = std::env::var("SLSC_POLL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    Duration::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline_client() -> aws_sdk_cloudformation::Client {
        let conf = aws_sdk_cloudformation::Config::builder()
            .behavior_version(aws_sdk_cloudformation::config::BehaviorVersion::latest())
            .region(aws_sdk_cloudformation::config::Region::new("us-east-1"))
            .build();
        aws_sdk_cloudformation::Client::from_conf(conf)
    }

    #[test]
    fn the_change_set_request_carries_role_parameters_and_capabilities() {
        let svc = crate::pipeline::service_from_yaml(
            r#"
service: svc
provider:
  name: aws
  iam: { deploymentRole: 'arn:aws:iam::123456789012:role/deployer' }
  notificationArns: ['arn:aws:sns:us-east-1:123456789012:topic']
  stackParameters:
    - { ParameterKey: QueueName, ParameterValue: jobs }
    - { ParameterKey: Size, ParameterValue: 3 }
resources:
  Transform: AWS::Serverless-2016-10-31
"#,
        );
        let cfn = offline_client();
        let body = TemplateSource::Body("{}".into());
        let service = change_set_request(
            &cfn,
            &svc,
            "svc-dev",
            "cs",
            ChangeSetType::Update,
            &body,
            true,
        );
        let input = service.as_input();
        assert_eq!(input.get_stack_name().as_deref(), Some("svc-dev"));
        assert_eq!(
            input.get_role_arn().as_deref(),
            Some("arn:aws:iam::123456789012:role/deployer")
        );
        assert_eq!(
            input.get_capabilities().clone().unwrap_or_default(),
            vec![
                Capability::CapabilityIam,
                Capability::CapabilityNamedIam,
                Capability::CapabilityAutoExpand
            ]
        );
        let params: Vec<(Option<&str>, Option<&str>)> = input
            .get_parameters()
            .iter()
            .flatten()
            .map(|p| (p.parameter_key(), p.parameter_value()))
            .collect();
        assert_eq!(
            params,
            vec![(Some("QueueName"), Some("jobs")), (Some("Size"), Some("3"))]
        );
        assert_eq!(
            input.get_notification_arns().clone().unwrap_or_default(),
            vec!["arn:aws:sns:us-east-1:123456789012:topic".to_string()]
        );
        // the first template (the deployment bucket only) declares no parameter and no macro
        let create = change_set_request(
            &cfn,
            &svc,
            "svc-dev",
            "cs",
            ChangeSetType::Create,
            &body,
            false,
        );
        let input = create.as_input();
        assert!(input.get_parameters().is_none());
        assert_eq!(input.get_capabilities().as_ref().map(Vec::len), Some(2));
        assert_eq!(
            input.get_role_arn().as_deref(),
            Some("arn:aws:iam::123456789012:role/deployer")
        );
    }

    #[test]
    fn stage_tag_unless_a_stack_tag_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = "service: svc\nprovider:\n  name: aws\n  stackTags:\n    team: a\n";
        std::fs::write(dir.path().join("serverless.yml"), yaml).unwrap();
        let inv = crate::pipeline::PipelineInput {
            cwd: dir.path().to_path_buf(),
            ..Default::default()
        };
        let mut svc = crate::pipeline::run(&inv).service.unwrap();
        let pairs = |svc: &Service| -> Vec<(String, String)> {
            tags(svc)
                .into_iter()
                .map(|t| {
                    (
                        t.key().unwrap_or_default().to_string(),
                        t.value().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        };
        assert_eq!(
            pairs(&svc),
            vec![("STAGE".into(), "dev".into()), ("team".into(), "a".into())]
        );
        svc.provider
            .stack_tags
            .insert("stage".into(), Value::String("x".into()));
        assert_eq!(
            pairs(&svc),
            vec![("team".into(), "a".into()), ("stage".into(), "x".into())]
        );
        assert_eq!(crate::ir::naming::stack_name(&svc), "svc-dev");
    }
}
