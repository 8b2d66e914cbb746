//! The REST API stage's settings, made through the SDK once the stack is deployed, as SF v3 does
//! (`lib/hack/update-stage.js`): X-Ray tracing, CloudWatch metrics, execution and access
//! logging, and the stage's tags. The stage belongs to the API's deployment resource, so the
//! template cannot hold them. Only settings written in the configuration are touched; written
//! as off, they are turned off.

use super::client::Clients;
use super::error::{self, Failure, Result};
use crate::ir::{RestApiLogs, Service};
use aws_sdk_apigateway::types::{Op, PatchOperation};
use std::collections::HashMap;

/// SF v3's access log line when `logs.restApi.format` is not given.
pub const DEFAULT_ACCESS_LOG_FORMAT: &str = "requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, responseLength: $context.responseLength";

/// Applies the stage settings of `svc`'s REST API (stack `stack`, id `stack_id`). Nothing
/// happens when the service has no REST API of its own or writes none of the settings.
pub async fn update(c: &Clients, svc: &Service, stack: &str, stack_id: &str) -> Result<()> {
    let settings = &svc.api.stage_settings;
    let written = settings.tracing.is_some()
        || settings.metrics.is_some()
        || settings.logs_written
        || settings.tags_written;
    if !written || svc.endpoints.is_empty() || svc.api.rest_api_id.is_some() {
        return Ok(());
    }
    let Some(api_id) = super::stack::physical_id(c, stack, "ApiGatewayRestApi").await else {
        return Err(Failure::new(format!(
            "the REST API of stack {stack} could not be found: its stage settings (tracing, \
             logs, tags) were not applied"
        )));
    };
    let stage = svc.api.stage.clone().unwrap_or_else(|| svc.stage.clone());
    let account = Account::of_stack(stack_id, &c.region);
    let current = c
        .apigateway
        .get_stage()
        .rest_api_id(&api_id)
        .stage_name(&stage)
        .send()
        .await;
    let current_tags = match current {
        Ok(s) => s.tags().cloned().unwrap_or_default(),
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_not_found_exception()) =>
        {
            create_stage(c, &api_id, &stage).await?;
            HashMap::new()
        }
        Err(e) => {
            return Err(error::aws(
                &format!("cannot read stage {stage} of REST API {api_id}"),
                &e,
            ));
        }
    };
    let ops = patch_operations(svc, &account, &stage);
    if !ops.is_empty() {
        eprintln!("Updating stage {stage} of the REST API (tracing, metrics, logs)");
        c.apigateway
            .update_stage()
            .rest_api_id(&api_id)
            .stage_name(&stage)
            .set_patch_operations(Some(ops))
            .send()
            .await
            .map_err(|e| {
                error::aws(
                    &format!("cannot update stage {stage} of REST API {api_id}"),
                    &e,
                )
            })?;
    }
    if settings.tags_written {
        let arn = format!(
            "arn:{}:apigateway:{}::/restapis/{api_id}/stages/{stage}",
            account.partition, c.region
        );
        retag(c, &arn, &current_tags, &stage_tags(svc)).await?;
    }
    // SF then deletes `/aws/api-gateway/<service>-<stage>` when access logging is off, for
    // stacks older than the log group resource; here that group is the stack's own resource,
    // which CloudFormation removed with the template
    Ok(())
}

/// A fingerprint of what [`update`] applies: a deploy whose template and fingerprint equal the
/// deployed ones has nothing to do.
pub fn fingerprint(svc: &Service) -> String {
    let mut tags: Vec<(String, String)> = stage_tags(svc).into_iter().collect();
    tags.sort();
    crate::common::digest::json_sha256_hex(&(
        &svc.api.stage_settings,
        &svc.api.logs,
        &svc.api.stage,
        tags,
    ))
}

/// The account and partition, read from the stack's ARN
/// (`arn:<partition>:cloudformation:<region>:<account>:stack/...`).
struct Account {
    partition: String,
    id: String,
    region: String,
}

impl Account {
    fn of_stack(stack_id: &str, region: &str) -> Account {
        let mut parts = stack_id.split(':');
        let partition = parts.nth(1).unwrap_or("aws").to_string();
        let id = parts.nth(2).unwrap_or_default().to_string();
        Account {
            partition,
            id,
            region: region.to_string(),
        }
    }
}

/// A stage for the first deployment API Gateway lists (as SF does), when the stage does not
/// exist (a deployment resource always names it, so only a stage removed by hand gets here).
async fn create_stage(c: &Clients, api_id: &str, stage: &str) -> Result<()> {
    let deployments = c
        .apigateway
        .get_deployments()
        .rest_api_id(api_id)
        .limit(500)
        .send()
        .await
        .map_err(|e| {
            error::aws(
                &format!("cannot list the deployments of REST API {api_id}"),
                &e,
            )
        })?;
    let Some(deployment) = deployments.items().first().and_then(|d| d.id()) else {
        return Err(Failure::new(format!(
            "REST API {api_id} has no deployment to make stage {stage} from"
        )));
    };
    c.apigateway
        .create_stage()
        .rest_api_id(api_id)
        .stage_name(stage)
        .deployment_id(deployment)
        .send()
        .await
        .map_err(|e| error::aws(&format!("cannot create stage {stage}"), &e))?;
    Ok(())
}

/// The stage patch: tracing, then metrics, then logging, each when written (SF's order).
fn patch_operations(svc: &Service, account: &Account, stage: &str) -> Vec<PatchOperation> {
    let settings = &svc.api.stage_settings;
    let mut ops = Vec::new();
    if let Some(tracing) = settings.tracing {
        ops.push(replace("/tracingEnabled", &tracing.to_string()));
    }
    if let Some(metrics) = settings.metrics {
        ops.push(replace("/*/*/metrics/enabled", &metrics.to_string()));
    }
    if settings.logs_written {
        match &svc.api.logs {
            None => {
                ops.push(replace("/*/*/logging/dataTrace", "false"));
                ops.push(replace("/*/*/logging/loglevel", "OFF"));
            }
            Some(logs) => ops.extend(logging_operations(svc, logs, account, stage)),
        }
    }
    ops
}

fn logging_operations(
    svc: &Service,
    logs: &RestApiLogs,
    account: &Account,
    stage: &str,
) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    if logs.access_logging {
        let group = format!(
            "arn:{}:logs:{}:{}:log-group:/aws/api-gateway/{}-{stage}",
            account.partition, account.region, account.id, svc.name
        );
        ops.push(replace("/accessLogSettings/destinationArn", &group));
        let format = logs.format.as_deref().unwrap_or(DEFAULT_ACCESS_LOG_FORMAT);
        ops.push(replace("/accessLogSettings/format", format));
    } else {
        ops.push(
            PatchOperation::builder()
                .op(Op::Remove)
                .path("/accessLogSettings")
                .build(),
        );
    }
    let level = if !logs.execution_logging {
        "OFF"
    } else {
        logs.level.as_deref().unwrap_or("INFO")
    };
    ops.push(replace(
        "/*/*/logging/dataTrace",
        &logs.full_execution_data.to_string(),
    ));
    ops.push(replace("/*/*/logging/loglevel", level));
    ops
}

fn replace(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

/// `provider.stackTags` overlaid by `provider.tags`, values as strings (SF's `String(v)`).
fn stage_tags(svc: &Service) -> HashMap<String, String> {
    svc.provider
        .stack_tags
        .iter()
        .chain(&svc.provider.tags)
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

/// Makes the stage's tags `wanted`: removes the others (but AWS's own `aws:` tags), then tags.
async fn retag(
    c: &Clients,
    arn: &str,
    current: &HashMap<String, String>,
    wanted: &HashMap<String, String>,
) -> Result<()> {
    // AWS's own `aws:` tags are neither the service's to remove nor part of the comparison
    let own: HashMap<&String, &String> = current
        .iter()
        .filter(|(k, _)| !k.starts_with("aws:"))
        .collect();
    let stale: Vec<String> = own
        .keys()
        .filter(|k| !wanted.contains_key(**k))
        .map(|k| (*k).clone())
        .collect();
    let same = own.len() == wanted.len() && wanted.iter().all(|(k, v)| own.get(k) == Some(&v));
    if !same && !wanted.is_empty() {
        c.apigateway
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(wanted.clone()))
            .send()
            .await
            .map_err(|e| error::aws("cannot tag the REST API stage", &e))?;
    }
    if !stale.is_empty() {
        c.apigateway
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(stale))
            .send()
            .await
            .map_err(|e| error::aws("cannot untag the REST API stage", &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops_of(yaml: &str) -> Vec<(String, String, Option<String>)> {
        let svc = crate::pipeline::service_from_yaml(yaml);
        let account = Account::of_stack(
            "arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/s/1",
            "cn-north-1",
        );
        patch_operations(&svc, &account, "dev")
            .iter()
            .map(|o| {
                (
                    o.op().map(|x| x.as_str().to_string()).unwrap_or_default(),
                    o.path().unwrap_or_default().to_string(),
                    o.value().map(str::to_string),
                )
            })
            .collect()
    }

    fn op(op: &str, path: &str, value: Option<&str>) -> (String, String, Option<String>) {
        (op.into(), path.into(), value.map(str::to_string))
    }

    const HEAD: &str = "service: svc\nprovider:\n  name: aws\n";

    #[test]
    fn logs_true_turns_on_access_and_execution_logging_with_sf_defaults() {
        let ops = ops_of(&format!("{HEAD}  logs:\n    restApi: true\n"));
        assert_eq!(
            ops,
            [
                op(
                    "replace",
                    "/accessLogSettings/destinationArn",
                    Some(
                        "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/api-gateway/svc-dev"
                    )
                ),
                op(
                    "replace",
                    "/accessLogSettings/format",
                    Some(DEFAULT_ACCESS_LOG_FORMAT)
                ),
                op("replace", "/*/*/logging/dataTrace", Some("true")),
                op("replace", "/*/*/logging/loglevel", Some("INFO")),
            ]
        );
    }

    #[test]
    fn every_setting_in_sf_order() {
        let ops = ops_of(&format!(
            "{HEAD}  tracing:\n    apiGateway: true\n  apiGateway:\n    metrics: false\n  logs:\n    restApi:\n      accessLogging: false\n      executionLogging: false\n      fullExecutionData: false\n"
        ));
        assert_eq!(
            ops,
            [
                op("replace", "/tracingEnabled", Some("true")),
                op("replace", "/*/*/metrics/enabled", Some("false")),
                op("remove", "/accessLogSettings", None),
                op("replace", "/*/*/logging/dataTrace", Some("false")),
                op("replace", "/*/*/logging/loglevel", Some("OFF")),
            ]
        );
    }

    #[test]
    fn logs_false_turns_logging_off_and_unwritten_settings_are_left_alone() {
        assert_eq!(
            ops_of(&format!("{HEAD}  logs:\n    restApi: false\n")),
            [
                op("replace", "/*/*/logging/dataTrace", Some("false")),
                op("replace", "/*/*/logging/loglevel", Some("OFF")),
            ]
        );
        assert!(ops_of(HEAD).is_empty());
    }

    #[test]
    fn level_and_format_are_used_as_written() {
        let ops = ops_of(&format!(
            "{HEAD}  logs:\n    restApi:\n      level: ERROR\n      format: '$context.requestId'\n"
        ));
        assert_eq!(
            ops[1],
            op(
                "replace",
                "/accessLogSettings/format",
                Some("$context.requestId")
            )
        );
        assert_eq!(
            ops[3],
            op("replace", "/*/*/logging/loglevel", Some("ERROR"))
        );
    }

    #[test]
    fn stage_tags_are_stack_tags_overlaid_by_tags_as_strings() {
        let svc = crate::pipeline::service_from_yaml(&format!(
            "{HEAD}  stackTags:\n    team: a\n    cost: 1\n  tags:\n    team: b\n"
        ));
        let tags = stage_tags(&svc);
        assert_eq!(tags.get("team").map(String::as_str), Some("b"));
        assert_eq!(tags.get("cost").map(String::as_str), Some("1"));
        assert!(svc.api.stage_settings.tags_written);
    }
}
