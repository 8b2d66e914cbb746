//! Logical IDs and names, following Serverless Framework v3's naming rules. They belong to the
//! service, not to one backend: the CloudFormation backend names its resources with them, and the
//! emulator reads the same names where a configuration refers to a resource by logical ID.

/// First character upper-cased, the rest unchanged (lodash `upperFirst`).
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// First character upper-cased, the rest lower-cased (lodash `capitalize`).
pub fn capitalize(s: &str) -> String {
    upper_first(&s.to_lowercase())
}

fn alnum_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A function, authorizer or other resource name: `-` → `Dash`, `_` → `Underscore`, first
/// letter upper-cased (`hello-world` → `HelloDashworld`).
pub fn normalize_resource_name(name: &str) -> String {
    upper_first(&name.replace('-', "Dash").replace('_', "Underscore"))
}

/// Only `[0-9A-Za-z]` kept, first letter upper-cased.
pub fn normalize_alnum(name: &str) -> String {
    upper_first(&alnum_only(name))
}

/// One path segment: capitalized, `-` → `Dash`, `{x}` → `xVar`, other characters dropped.
pub fn normalize_path_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len() + 4);
    push_path_part(&mut out, part);
    out
}

/// [`normalize_path_part`] appended to `out`: in one pass for ASCII (the usual case), through
/// lodash's steps one by one otherwise (Unicode case mapping can turn a non-ASCII character
/// into an ASCII one, the Kelvin sign into `k`).
fn push_path_part(out: &mut String, part: &str) {
    if !part.is_ascii() {
        out.push_str(&path_part_by_steps(part));
        return;
    }
    let b = part.as_bytes();
    // `{(.*)}` is greedy: from the first `{` to the last `}`
    let braces = match (
        b.iter().position(|&c| c == b'{'),
        b.iter().rposition(|&c| c == b'}'),
    ) {
        (Some(open), Some(close)) if open < close => Some((open, close)),
        _ => None,
    };
    let start = out.len();
    for (i, &c) in b.iter().enumerate() {
        match braces {
            Some((open, _)) if i == open => continue,
            Some((_, close)) if i == close => {
                out.push_str("Var");
                continue;
            }
            _ => {}
        }
        if c == b'-' {
            out.push_str("Dash");
        } else if c.is_ascii_alphanumeric() {
            // `capitalize`: the first character upper-cased, the rest lower-cased
            out.push(char::from(if i == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }));
        }
    }
    // `upperFirst` of what is left
    if let Some(first) = out.get_mut(start..start + 1) {
        first.make_ascii_uppercase();
    }
}

/// SF's `normalizePathPart`, step by step.
fn path_part_by_steps(part: &str) -> String {
    let s = capitalize(part).replace('-', "Dash");
    // `{(.*)}` is greedy: from the first `{` to the last `}`.
    let s = match (s.find('{'), s.rfind('}')) {
        (Some(open), Some(close)) if open < close => {
            format!(
                "{}{}Var{}",
                &s[..open],
                &s[open + 1..close],
                &s[close + 1..]
            )
        }
        _ => s,
    };
    upper_first(&alnum_only(&s))
}

/// A path's name: its parts' names joined (`users/{userId}` → `UsersUseridVar`).
pub fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for part in path.split('/') {
        push_path_part(&mut out, part);
    }
    out
}

pub fn function_logical_id(key: &str) -> String {
    format!("{}LambdaFunction", normalize_resource_name(key))
}

pub fn log_group_logical_id(key: &str) -> String {
    format!("{}LogGroup", normalize_resource_name(key))
}

pub fn log_group_name(function_name: &str) -> String {
    format!("/aws/lambda/{function_name}")
}

/// `<Fn>LambdaVersion<digest with every non-alphanumeric character removed>`.
pub fn version_logical_id(key: &str, digest: &str) -> String {
    format!(
        "{}LambdaVersion{}",
        normalize_resource_name(key),
        alnum_only(digest)
    )
}

pub fn version_output_logical_id(key: &str) -> String {
    format!("{}QualifiedArn", function_logical_id(key))
}

pub fn permission_logical_id(key: &str) -> String {
    format!("{}LambdaPermissionApiGateway", normalize_resource_name(key))
}

// --- SNS, S3, Cognito, IoT, Alexa and CloudFront events

/// `SNSTopic<topic name, alphanumerics only>` (`getTopicLogicalId`).
pub fn topic_logical_id(topic_name: &str) -> String {
    format!("SNSTopic{}", normalize_alnum(topic_name))
}

/// `<Topic>To<Fn>DLQPolicy`: the queue policy of an SNS subscription's dead-letter queue
/// (`getTopicDLQPolicyLogicalId`).
pub fn topic_dlq_policy_logical_id(key: &str, topic_name: &str) -> String {
    format!(
        "{}To{}DLQPolicy",
        normalize_alnum(topic_name),
        normalize_resource_name(key)
    )
}

/// `<Fn>SnsSubscription<Topic>` (`getLambdaSnsSubscriptionLogicalId`).
pub fn sns_subscription_logical_id(key: &str, topic_name: &str) -> String {
    format!(
        "{}SnsSubscription{}",
        normalize_resource_name(key),
        normalize_alnum(topic_name)
    )
}

/// `<Fn>LambdaPermission<Topic>SNS` (`getLambdaSnsPermissionLogicalId`).
pub fn sns_permission_logical_id(key: &str, topic_name: &str) -> String {
    format!(
        "{}LambdaPermission{}SNS",
        normalize_resource_name(key),
        normalize_alnum(topic_name)
    )
}

/// `S3Bucket<bucket, alphanumerics only>` (`getBucketLogicalId`).
pub fn bucket_logical_id(bucket: &str) -> String {
    format!("S3Bucket{}", normalize_alnum(bucket))
}

/// `<Fn>LambdaPermission<Bucket>S3` (`getLambdaS3PermissionLogicalId`).
pub fn s3_permission_logical_id(key: &str, bucket: &str) -> String {
    format!(
        "{}LambdaPermission{}S3",
        normalize_resource_name(key),
        normalize_alnum(bucket)
    )
}

/// `<Fn>CustomS31`: the one `Custom::S3` of a function's events on an existing bucket
/// (`getCustomResourceS3ResourceLogicalId`; the `1` is kept from older SF versions).
pub fn custom_s3_logical_id(key: &str) -> String {
    format!("{}CustomS31", normalize_resource_name(key))
}

/// `<Fn>CustomCognitoUserPool1`: the one `Custom::CognitoUserPool` of a function's events on
/// an existing pool (`getCustomResourceCognitoUserPoolResourceLogicalId`).
pub fn custom_cognito_user_pool_logical_id(key: &str) -> String {
    format!("{}CustomCognitoUserPool1", normalize_resource_name(key))
}

/// `CognitoUserPool<pool, alphanumerics only>` (`getCognitoUserPoolLogicalId`).
pub fn cognito_user_pool_logical_id(pool: &str) -> String {
    format!("CognitoUserPool{}", normalize_alnum(pool))
}

/// `<Fn>LambdaPermissionCognitoUserPool<Pool>TriggerSource<Trigger>`
/// (`getLambdaCognitoUserPoolPermissionLogicalId`).
pub fn cognito_user_pool_permission_logical_id(key: &str, pool: &str, trigger: &str) -> String {
    format!(
        "{}LambdaPermissionCognitoUserPool{}TriggerSource{}",
        normalize_resource_name(key),
        normalize_alnum(pool),
        normalize_alnum(trigger)
    )
}

/// `<Fn>IotTopicRule<n>` (`getIotLogicalId`).
pub fn iot_topic_rule_logical_id(key: &str, index: usize) -> String {
    format!("{}IotTopicRule{index}", normalize_resource_name(key))
}

/// `<Fn>LambdaPermissionIotTopicRule<n>` (`getLambdaIotPermissionLogicalId`).
pub fn iot_permission_logical_id(key: &str, index: usize) -> String {
    format!(
        "{}LambdaPermissionIotTopicRule{index}",
        normalize_resource_name(key)
    )
}

/// `<Fn>IotProvisioningTemplate` (`getIotFleetProvisioningLogicalId`).
pub fn iot_provisioning_template_logical_id(key: &str) -> String {
    format!("{}IotProvisioningTemplate", normalize_resource_name(key))
}

/// `<Fn>LambdaPermissionIotProvisioningTemplate`
/// (`getLambdaIotFleetProvisioningPermissionLogicalId`).
pub fn iot_provisioning_permission_logical_id(key: &str) -> String {
    format!(
        "{}LambdaPermissionIotProvisioningTemplate",
        normalize_resource_name(key)
    )
}

/// `<Fn>LambdaPermissionAlexaSkill<n>` (`getLambdaAlexaSkillPermissionLogicalId`).
pub fn alexa_skill_permission_logical_id(key: &str, index: usize) -> String {
    format!(
        "{}LambdaPermissionAlexaSkill{index}",
        normalize_resource_name(key)
    )
}

/// `<Fn>LambdaPermissionAlexaSmartHome<n>` (`getLambdaAlexaSmartHomePermissionLogicalId`).
pub fn alexa_smart_home_permission_logical_id(key: &str, index: usize) -> String {
    format!(
        "{}LambdaPermissionAlexaSmartHome{index}",
        normalize_resource_name(key)
    )
}

/// `CloudFrontDistribution` (`getCloudFrontDistributionLogicalId`).
pub const CLOUD_FRONT_DISTRIBUTION: &str = "CloudFrontDistribution";
/// `CloudFrontDistributionDomainName`, the output of the distribution's domain name.
pub const CLOUD_FRONT_DISTRIBUTION_DOMAIN_NAME: &str = "CloudFrontDistributionDomainName";

/// `<Fn>LambdaFunctionInvokePermission` (`getLambdaAtEdgeInvokePermissionLogicalId`).
pub fn lambda_at_edge_permission_logical_id(key: &str) -> String {
    format!("{}InvokePermission", function_logical_id(key))
}

/// `CloudFrontCachePolicy<Name>` (`getCloudFrontCachePolicyLogicalId`).
pub fn cloud_front_cache_policy_logical_id(name: &str) -> String {
    format!("CloudFrontCachePolicy{}", normalize_resource_name(name))
}

/// `<service>-<stage>-<name>` (`getCloudFrontCachePolicyName`).
pub fn cloud_front_cache_policy_name(service: &str, stage: &str, name: &str) -> String {
    format!("{service}-{stage}-{name}")
}

/// A distribution origin's id (`getCloudFrontOriginId`): `s3/` or `custom/`, the domain (an
/// intrinsic's JSON, alphanumerics only), then the origin path.
pub fn cloud_front_origin_id(
    is_s3: bool,
    domain: &serde_json::Value,
    path: Option<&str>,
) -> String {
    let kind = if is_s3 { "s3" } else { "custom" };
    let domain = match domain {
        serde_json::Value::String(s) => s.clone(),
        other => normalize_alnum(&other.to_string()),
    };
    format!("{kind}/{domain}{}", path.unwrap_or_default())
}

pub fn authorizer_logical_id(name: &str) -> String {
    format!("{}ApiGatewayAuthorizer", normalize_resource_name(name))
}

/// `path_name` is the path's [`normalize_path`] name.
pub fn resource_logical_id(path_name: &str) -> String {
    format!("ApiGatewayResource{path_name}")
}

/// `resource_name` is the path's name (`""` for the root).
pub fn method_logical_id(resource_name: &str, method: &str) -> String {
    format!("ApiGatewayMethod{resource_name}{}", capitalize(method))
}

pub fn validator_logical_id(service: &str) -> String {
    format!("ApiGateway{}RequestValidator", normalize_alnum(service))
}

/// A provider-level model: `ApiGateway{UpperFirst(camelCase(id))}Model`.
pub fn model_logical_id(schema_id: &str) -> String {
    let camel: String = words(schema_id)
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = w.to_lowercase();
            if i == 0 { w } else { capitalize(&w) }
        })
        .collect();
    format!("ApiGateway{}Model", upper_first(&camel))
}

/// An inline model: method id + `startCase(contentType)` without spaces + `Model`.
pub fn endpoint_model_logical_id(resource_name: &str, method: &str, content_type: &str) -> String {
    let start_case: String = words(content_type).iter().map(|w| upper_first(w)).collect();
    format!(
        "{}{start_case}Model",
        method_logical_id(resource_name, method)
    )
}

pub fn api_key_logical_id(number: usize, plan: Option<&str>) -> String {
    match plan {
        Some(p) => format!("ApiGatewayApiKey{}{number}", upper_first(p)),
        None => format!("ApiGatewayApiKey{number}"),
    }
}

pub fn usage_plan_logical_id(plan: Option<&str>) -> String {
    match plan {
        Some(p) => format!("ApiGatewayUsagePlan{}", upper_first(p)),
        None => "ApiGatewayUsagePlan".to_owned(),
    }
}

pub fn usage_plan_key_logical_id(number: usize, plan: Option<&str>) -> String {
    match plan {
        Some(p) => format!("ApiGatewayUsagePlanKey{}{number}", upper_first(p)),
        None => format!("ApiGatewayUsagePlanKey{number}"),
    }
}

/// `provider.apiName`, else `<service>-<stage>` with `shouldStartNameWithService`, else
/// `<stage>-<service>`.
pub fn api_name(
    api_name: Option<&str>,
    start_with_service: bool,
    service: &str,
    stage: &str,
) -> String {
    match api_name {
        Some(n) => n.to_owned(),
        None if start_with_service => format!("{service}-{stage}"),
        None => format!("{stage}-{service}"),
    }
}

/// The authorizer name SF derives from a function ARN: last `:` segment, then its last `-`
/// segment.
pub fn authorizer_name_from_arn(arn: &str) -> String {
    let last = arn.rsplit(':').next().unwrap_or(arn);
    last.rsplit('-').next().unwrap_or(last).to_owned()
}

/// The HTTP API (`httpApi` events); there is one per service.
pub const HTTP_API_LOGICAL_ID: &str = "HttpApi";
pub const HTTP_API_STAGE_LOGICAL_ID: &str = "HttpApiStage";
pub const HTTP_API_LOG_GROUP_LOGICAL_ID: &str = "HttpApiLogGroup";

/// `HttpApiIntegration<Fn>`: one integration per function.
pub fn http_api_integration_logical_id(function_key: &str) -> String {
    format!(
        "HttpApiIntegration{}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaPermissionHttpApi`.
pub fn http_api_permission_logical_id(function_key: &str) -> String {
    format!(
        "{}LambdaPermissionHttpApi",
        normalize_resource_name(function_key)
    )
}

/// `HttpApiAuthorizer<Name>` (`name` is the authorizer's name, not its key).
pub fn http_api_authorizer_logical_id(name: &str) -> String {
    format!("HttpApiAuthorizer{}", normalize_resource_name(name))
}

/// `<Name>LambdaAuthorizerPermissionHttpApi`.
pub fn http_api_authorizer_permission_logical_id(name: &str) -> String {
    format!(
        "{}LambdaAuthorizerPermissionHttpApi",
        normalize_resource_name(name)
    )
}

/// `HttpApiRouteDefault` for the catch-all route, else `HttpApiRoute` and the route key
/// (`GET /users/{id}`) named as a path (`GetUsersIdVar`).
pub fn http_api_route_logical_id(route_key: &str, is_catch_all: bool) -> String {
    if is_catch_all {
        return "HttpApiRouteDefault".to_owned();
    }
    format!("HttpApiRoute{}", normalize_path(route_key))
}

/// `/aws/http-api/<stack name>`.
pub fn http_api_log_group_name(stack_name: &str) -> String {
    format!("/aws/http-api/{stack_name}")
}
/// A stream's event source mapping: `<Fn>EventSourceMapping<Type><StreamName>`, the type
/// upper-first (`Dynamodb`, `Kinesis`), the name with only its letters and digits.
pub fn stream_logical_id(function_key: &str, stream_type: &str, stream_name: &str) -> String {
    format!(
        "{}EventSourceMapping{}{}",
        normalize_resource_name(function_key),
        upper_first(stream_type),
        normalize_alnum(stream_name)
    )
}

/// The name of the Kinesis consumer SF creates for a function: `<key><stream>Consumer`, with
/// the service and stage before `Consumer` when `provider.kinesis.consumerNamingMode` is set.
pub fn stream_consumer_name(
    function_key: &str,
    stream_name: &str,
    service_and_stage: Option<(&str, &str)>,
) -> String {
    match service_and_stage {
        Some((service, stage)) => format!("{function_key}{stream_name}{service}{stage}Consumer"),
        None => format!("{function_key}{stream_name}Consumer"),
    }
}

/// `<consumer name, as a function name>StreamConsumer`.
pub fn stream_consumer_logical_id(consumer_name: &str) -> String {
    format!("{}StreamConsumer", normalize_resource_name(consumer_name))
}

/// An SQS queue's event source mapping: `<Fn>EventSourceMappingSQS<QueueName>`.
pub fn queue_logical_id(function_key: &str, queue_name: &str) -> String {
    format!(
        "{}EventSourceMappingSQS{}",
        normalize_resource_name(function_key),
        normalize_alnum(queue_name)
    )
}

/// The first `n` characters of `s` (the names cut short here are ASCII already).
fn cut(s: String, n: usize) -> String {
    s.chars().take(n).collect()
}

/// An MSK topic's event source mapping: `<Fn>EventSourceMappingMSK<Cluster><Topic>`, cluster
/// and topic names cut to 79 characters each (SF keeps the id under 255).
pub fn msk_logical_id(function_key: &str, cluster_name: &str, topic: &str) -> String {
    format!(
        "{}EventSourceMappingMSK{}{}",
        normalize_resource_name(function_key),
        cut(normalize_alnum(cluster_name), 79),
        cut(normalize_alnum(topic), 79)
    )
}

/// A self-managed Kafka topic's event source mapping: `<Fn>EventSourceMappingKafka<Topic>`,
/// the topic cut to 158 characters.
pub fn kafka_logical_id(function_key: &str, topic: &str) -> String {
    format!(
        "{}EventSourceMappingKafka{}",
        normalize_resource_name(function_key),
        cut(normalize_alnum(topic), 158)
    )
}

/// An ActiveMQ queue's event source mapping: `<Fn>EventSourceMappingActiveMQ<Queue>`, the
/// queue cut to 150 characters.
pub fn activemq_logical_id(function_key: &str, queue: &str) -> String {
    format!(
        "{}EventSourceMappingActiveMQ{}",
        normalize_resource_name(function_key),
        cut(normalize_alnum(queue), 150)
    )
}

/// A RabbitMQ queue's event source mapping: `<Fn>EventSourceMappingRabbitMQ<Queue>`, the
/// queue cut to 150 characters.
pub fn rabbitmq_logical_id(function_key: &str, queue: &str) -> String {
    format!(
        "{}EventSourceMappingRabbitMQ{}",
        normalize_resource_name(function_key),
        cut(normalize_alnum(queue), 150)
    )
}

/// `<key>Schedule`: the target id of a schedule rule (`getScheduleId`).
pub fn schedule_target_id(function_key: &str) -> String {
    format!("{function_key}Schedule")
}

/// `<Fn>EventsRuleSchedule<n>` (`getScheduleLogicalId`).
pub fn schedule_logical_id(function_key: &str, n: usize) -> String {
    format!(
        "{}EventsRuleSchedule{n}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>SchedulerSchedule<n>` (`getSchedulerScheduleLogicalId`).
pub fn scheduler_schedule_logical_id(function_key: &str, n: usize) -> String {
    format!(
        "{}SchedulerSchedule{n}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaPermissionEventsRuleSchedule<n>` (`getLambdaSchedulePermissionLogicalId`).
pub fn schedule_permission_logical_id(function_key: &str, n: usize) -> String {
    format!(
        "{}LambdaPermissionEventsRuleSchedule{n}",
        normalize_resource_name(function_key)
    )
}

/// `<key>CloudWatchEvent`: the target id of a `cloudwatchEvent` rule (`getCloudWatchEventId`).
pub fn cloudwatch_event_target_id(function_key: &str) -> String {
    format!("{function_key}CloudWatchEvent")
}

/// `<Fn>EventsRuleCloudWatchEvent<n>` (`getCloudWatchEventLogicalId`).
pub fn cloudwatch_event_logical_id(function_key: &str, n: usize) -> String {
    format!(
        "{}EventsRuleCloudWatchEvent{n}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaPermissionEventsRuleCloudWatchEvent<n>`
/// (`getLambdaCloudWatchEventPermissionLogicalId`).
pub fn cloudwatch_event_permission_logical_id(function_key: &str, n: usize) -> String {
    format!(
        "{}LambdaPermissionEventsRuleCloudWatchEvent{n}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LogsSubscriptionFilterCloudWatchLog<n>` (`getCloudWatchLogLogicalId`).
pub fn cloudwatch_log_logical_id(function_key: &str, n: usize) -> String {
    format!(
        "{}LogsSubscriptionFilterCloudWatchLog{n}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaPermissionLogsSubscriptionFilterCloudWatchLog`: one per function
/// (`getLambdaCloudWatchLogPermissionLogicalId`).
pub fn cloudwatch_log_permission_logical_id(function_key: &str) -> String {
    format!(
        "{}LambdaPermissionLogsSubscriptionFilterCloudWatchLog",
        normalize_resource_name(function_key)
    )
}

/// `<deployed function name>-rule-<position>` (`makeRuleName` of `event-bridge/utils.js`).
pub fn event_bridge_rule_stub(function_name: &str, position: usize) -> String {
    format!("{function_name}-rule-{position}")
}

/// The rule name SF gives an `eventBridge` event without `name`: [`event_bridge_rule_stub`],
/// hashed when longer than the 64 characters a rule name may have (`makeAndHashRuleName`).
pub fn event_bridge_rule_name(function_name: &str, position: usize) -> String {
    let name = event_bridge_rule_stub(function_name, position);
    if js_length(&name) > 64 {
        return hash_name(&name, &format!("rule-{position}"));
    }
    name
}

/// `<rule name>-target`, hashed when longer than 64 characters (`makeEventBusTargetId`).
pub fn event_bridge_target_id(rule_name: &str) -> String {
    let id = format!("{rule_name}-target");
    if js_length(&id) > 64 {
        return hash_name(&id, "target");
    }
    id
}

/// `<first 31 - |suffix| characters of name><md5 hex of name>-<suffix>` (`hashName`).
fn hash_name(name: &str, suffix: &str) -> String {
    let keep = 31usize.saturating_sub(js_length(suffix));
    let hex = crate::common::digest::md5_hex(name.as_bytes());
    format!("{}{hex}-{suffix}", js_slice(name, keep))
}

/// A string's JavaScript `length` (UTF-16 code units).
fn js_length(s: &str) -> usize {
    s.encode_utf16().count()
}

/// JavaScript `s.slice(0, n)`, stopping before a character that would be cut in two.
fn js_slice(s: &str, n: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > n {
            return &s[..i];
        }
    }
    s
}

/// `<rule stub, letters and digits only, first upper-cased>EventBridgeRule`: named after the
/// unhashed [`event_bridge_rule_stub`], whatever the rule's own name
/// (`getEventBridgeRuleLogicalId`).
pub fn event_bridge_rule_logical_id(function_name: &str, position: usize) -> String {
    format!(
        "{}EventBridgeRule",
        normalize_alnum(&event_bridge_rule_stub(function_name, position))
    )
}

/// `<Bus>EventBridgeEventBus` (`getEventBridgeEventBusLogicalId`).
pub fn event_bridge_event_bus_logical_id(bus_name: &str) -> String {
    format!("{}EventBridgeEventBus", normalize_resource_name(bus_name))
}

/// `<Fn>EventBridgeLambdaPermission<position>` (`getEventBridgeLambdaPermissionLogicalId`).
pub fn event_bridge_permission_logical_id(function_key: &str, position: usize) -> String {
    format!(
        "{}EventBridgeLambdaPermission{position}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaFunctionUrl`: the function URL resource, and its output.
pub fn function_url_logical_id(key: &str) -> String {
    format!("{}LambdaFunctionUrl", normalize_resource_name(key))
}

/// `<Fn>LambdaPermissionFnUrl`: anyone may call a URL without IAM auth.
pub fn function_url_permission_logical_id(key: &str) -> String {
    format!("{}LambdaPermissionFnUrl", normalize_resource_name(key))
}

/// `<Fn>LambdaEvConf`: the function's `AWS::Lambda::EventInvokeConfig`.
pub fn event_invoke_config_logical_id(key: &str) -> String {
    format!("{}LambdaEvConf", normalize_resource_name(key))
}

/// `<Layer>LambdaLayer` (a retained layer's id is followed by its hash).
pub fn layer_logical_id(layer: &str) -> String {
    format!("{}LambdaLayer", normalize_resource_name(layer))
}

/// `<Layer><account>LambdaLayerPermission`, `*` spelled `Wild` (a retained layer's id is
/// followed by its hash).
pub fn layer_permission_logical_id(layer: &str, account: &str) -> String {
    format!(
        "{}{}LambdaLayerPermission",
        normalize_resource_name(layer),
        account.replacen('*', "Wild", 1)
    )
}

/// `<Layer>LambdaLayerQualifiedArn`, `…Hash` and `…S3Key`: the layer's outputs.
pub fn layer_output_logical_ids(layer: &str) -> [String; 3] {
    let id = layer_logical_id(layer);
    [
        format!("{id}QualifiedArn"),
        format!("{id}Hash"),
        format!("{id}S3Key"),
    ]
}

/// The WebSocket API (`websocket` events); there is one per service.
pub const WEBSOCKETS_API_LOGICAL_ID: &str = "WebsocketsApi";
pub const WEBSOCKETS_STAGE_LOGICAL_ID: &str = "WebsocketsDeploymentStage";
pub const WEBSOCKETS_LOG_GROUP_LOGICAL_ID: &str = "WebsocketsLogGroup";

/// `provider.websocketsApiName`, else `<stage>-<service>-websockets`.
pub fn websockets_api_name(name: Option<&str>, service: &str, stage: &str) -> String {
    match name {
        Some(n) => n.to_owned(),
        None => format!("{stage}-{service}-websockets"),
    }
}

/// `<Fn>WebsocketsIntegration`: one integration per function.
pub fn websockets_integration_logical_id(function_key: &str) -> String {
    format!(
        "{}WebsocketsIntegration",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaPermissionWebsockets` (authorizer functions get one by their name too).
pub fn websockets_permission_logical_id(function_key: &str) -> String {
    format!(
        "{}LambdaPermissionWebsockets",
        normalize_resource_name(function_key)
    )
}

/// A route key as SF writes it in logical ids: `$` → `S`, `/` → `Slash`, `-` → `Dash`, `_` →
/// `Underscore`, `.` → `Period`; other characters stay and no letter changes case.
pub fn normalize_websockets_route_key(route: &str) -> String {
    route
        .replace('$', "S")
        .replace('/', "Slash")
        .replace('-', "Dash")
        .replace('_', "Underscore")
        .replace('.', "Period")
}

/// `<route>WebsocketsRoute`.
pub fn websockets_route_logical_id(route: &str) -> String {
    format!("{}WebsocketsRoute", normalize_websockets_route_key(route))
}

/// `<route>WebsocketsRouteResponse`.
pub fn websockets_route_response_logical_id(route: &str) -> String {
    format!("{}Response", websockets_route_logical_id(route))
}

/// `<Name>WebsocketsAuthorizer`.
pub fn websockets_authorizer_logical_id(name: &str) -> String {
    format!("{}WebsocketsAuthorizer", normalize_resource_name(name))
}

/// `WebsocketsDeployment<hash with every non-alphanumeric character removed>`.
pub fn websockets_deployment_logical_id(hash: &str) -> String {
    format!("WebsocketsDeployment{}", alnum_only(hash))
}

/// `<Fn>Alb[MultiValue]TargetGroup<alb id>`.
pub fn alb_target_group_logical_id(function_key: &str, alb_id: &str, multi_value: bool) -> String {
    let multi = if multi_value { "MultiValue" } else { "" };
    format!(
        "{}Alb{multi}TargetGroup{alb_id}",
        normalize_resource_name(function_key)
    )
}

/// `<service>-<fn>-<alb id>-[multi-value-]<stage>`: the target group's `Name` tag (SF passes
/// no `multiValueHeaders` when it writes the tag, so the tag never says `multi-value`).
pub fn alb_target_group_name_tag(
    service: &str,
    function_key: &str,
    alb_id: &str,
    multi_value: bool,
    stage: &str,
) -> String {
    let multi = if multi_value { "multi-value-" } else { "" };
    format!("{service}-{function_key}-{alb_id}-{multi}{stage}")
}

/// The target group's generated name: `provider.alb.targetGroupPrefix` and the hex MD5 of
/// the name tag (with `multi-value-` when the group has multi-value headers), cut to 32
/// characters.
pub fn alb_target_group_name(prefix: &str, name_tag: &str) -> String {
    let mut name = format!(
        "{prefix}{}",
        crate::common::digest::md5_hex(name_tag.as_bytes())
    );
    if let Some((cut, _)) = name.char_indices().nth(32) {
        name.truncate(cut);
    }
    name
}

/// `<Fn>AlbListenerRule<priority>`.
pub fn alb_listener_rule_logical_id(function_key: &str, priority: &str) -> String {
    format!(
        "{}AlbListenerRule{priority}",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaPermissionAlb`: the load balancer may invoke the function.
pub fn alb_permission_logical_id(function_key: &str) -> String {
    format!(
        "{}LambdaPermissionAlb",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>LambdaPermissionRegisterTarget`: the target group may register the function.
pub fn alb_register_target_permission_logical_id(function_key: &str) -> String {
    format!(
        "{}LambdaPermissionRegisterTarget",
        normalize_resource_name(function_key)
    )
}

/// `<Fn>CustomEventBridge<position>`: the `Custom::EventBridge` of an `eventBridge` event
/// set up by SF's custom resource (`getCustomResourceEventBridgeResourceLogicalId`).
pub fn custom_event_bridge_logical_id(function_key: &str, position: usize) -> String {
    format!(
        "{}CustomEventBridge{position}",
        normalize_resource_name(function_key)
    )
}

/// lodash `startCase`: the [`words`], each with its first letter upper-cased, joined by
/// spaces (`prefix` → `Prefix`, `fooBar` → `Foo Bar`).
pub fn start_case(s: &str) -> String {
    words(s)
        .iter()
        .map(|w| upper_first(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// lodash `words` for ASCII text: runs of letters and digits, split where a lower-case letter
/// is followed by an upper-case one, before the last capital of an upper-case run followed by a
/// lower-case letter (`XMLHttp` → `XML`, `Http`), and between letters and digits.
pub fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(&p) = i.checked_sub(1).and_then(|j| chars.get(j)) {
            let next = chars.get(i + 1).copied();
            let boundary = !cur.is_empty()
                && ((p.is_lowercase() && c.is_uppercase())
                    || (p.is_ascii_digit() != c.is_ascii_digit())
                    || (p.is_uppercase()
                        && c.is_uppercase()
                        && next.is_some_and(char::is_lowercase)));
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The CloudFormation stack's name: `provider.stackName`, else `<service>-<stage>`.
pub fn stack_name(svc: &crate::ir::Service) -> String {
    svc.provider
        .stack_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}", svc.name, svc.stage))
}

/// The deployment bucket folder of the service's artifacts and templates:
/// `<provider.deploymentPrefix or serverless>/<service>/<stage>`.
pub fn deployment_key_prefix(svc: &crate::ir::Service) -> String {
    let prefix = svc
        .provider
        .deployment_prefix
        .as_deref()
        .unwrap_or("serverless");
    format!("{prefix}/{}/{}", svc.name, svc.stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn path_parts_in_one_pass_equal_lodash_steps(part in "[-a-zA-Z0-9{}_.+*:~ ]{0,12}|\\PC{0,6}") {
            proptest::prop_assert_eq!(normalize_path_part(&part), path_part_by_steps(&part));
        }
    }

    #[test]
    fn paths() {
        for (path, want) in [
            ("users/{userId}", "UsersUseridVar"),
            ("users/{userId}/my-posts", "UsersUseridVarMyDashposts"),
            ("foo/{foo_id}/bar", "FooFooidVarBar"),
            (
                "my/path/to/a-${var}-resource",
                "MyPathToADashvarVarDashresource",
            ),
            ("proxy/{proxy+}", "ProxyProxyVar"),
            (
                "api/v1/items/{itemId}/sub-items",
                "ApiV1ItemsItemidVarSubDashitems",
            ),
            ("", ""),
        ] {
            assert_eq!(normalize_path(path), want, "{path}");
        }
    }

    #[test]
    fn function_names() {
        for (name, want) in [
            ("hello-world", "HelloDashworld"),
            ("api_handler", "ApiUnderscorehandler"),
            ("createUser", "CreateUser"),
            ("get_order", "GetUnderscoreorder"),
        ] {
            assert_eq!(normalize_resource_name(name), want);
        }
        assert_eq!(
            function_logical_id("hello-world"),
            "HelloDashworldLambdaFunction"
        );
        assert_eq!(
            permission_logical_id("authFn"),
            "AuthFnLambdaPermissionApiGateway"
        );
        assert_eq!(
            authorizer_logical_id("authFn"),
            "AuthFnApiGatewayAuthorizer"
        );
    }

    #[test]
    fn methods_and_models() {
        assert_eq!(method_logical_id("", "get"), "ApiGatewayMethodGet");
        assert_eq!(
            method_logical_id("UsersUseridVarMyDashposts", "any"),
            "ApiGatewayMethodUsersUseridVarMyDashpostsAny"
        );
        assert_eq!(
            method_logical_id("Items", "OPTIONS"),
            "ApiGatewayMethodItemsOptions"
        );
        assert_eq!(
            endpoint_model_logical_id("Items", "post", "application/json"),
            "ApiGatewayMethodItemsPostApplicationJsonModel"
        );
        assert_eq!(
            endpoint_model_logical_id(
                "UsersUseridVarAddresses",
                "post",
                "application/vnd.signup.address+json"
            ),
            "ApiGatewayMethodUsersUseridVarAddressesPostApplicationVndSignupAddressJsonModel"
        );
        assert_eq!(model_logical_id("user-create"), "ApiGatewayUserCreateModel");
        assert_eq!(
            model_logical_id("address-model"),
            "ApiGatewayAddressModelModel"
        );
        assert_eq!(
            model_logical_id("postCreateRequest"),
            "ApiGatewayPostCreateRequestModel"
        );
        assert_eq!(
            validator_logical_id("anchor-svc"),
            "ApiGatewayAnchorsvcRequestValidator"
        );
    }

    #[test]
    fn versions_keys_plans() {
        assert_eq!(
            version_logical_id("hello-world", "KGl+plj8/yx="),
            "HelloDashworldLambdaVersionKGlplj8yx"
        );
        assert_eq!(api_key_logical_id(2, None), "ApiGatewayApiKey2");
        assert_eq!(api_key_logical_id(1, Some("free")), "ApiGatewayApiKeyFree1");
        assert_eq!(
            usage_plan_logical_id(Some("free")),
            "ApiGatewayUsagePlanFree"
        );
        assert_eq!(
            usage_plan_key_logical_id(3, None),
            "ApiGatewayUsagePlanKey3"
        );
    }

    #[test]
    fn api_names_and_arns() {
        assert_eq!(api_name(None, false, "anchor-svc", "dev"), "dev-anchor-svc");
        assert_eq!(api_name(None, true, "anchor-two", "dev"), "anchor-two-dev");
        assert_eq!(api_name(Some("mine"), true, "a", "dev"), "mine");
        assert_eq!(
            authorizer_name_from_arn("arn:aws:lambda:us-east-1:1:function:other-svc-dev-tokenAuth"),
            "tokenAuth"
        );
    }

    #[test]
    fn event_bridge_names_hash_past_64_characters() {
        assert_eq!(
            event_bridge_rule_name("events-eventbridge-dev-orders", 1),
            "events-eventbridge-dev-orders-rule-1"
        );
        // SF 3.40's own output (fixtures/events-eventbridge)
        let long = "events-eventbridge-dev-a-function-name-long-enough-to-be-hashed";
        let rule = event_bridge_rule_name(long, 1);
        assert_eq!(
            rule,
            "events-eventbridge-dev-a-6221a7767f84c3927737541bed3535d2-rule-1"
        );
        assert_eq!(
            event_bridge_target_id(&rule),
            "events-eventbridge-dev-a-9ea38fdbb807fdad5773270f6a1de0d6-target"
        );
        assert_eq!(
            event_bridge_rule_logical_id(long, 1),
            "Eventseventbridgedevafunctionnamelongenoughtobehashedrule1EventBridgeRule"
        );
        assert_eq!(
            event_bridge_event_bus_logical_id("billing-bus"),
            "BillingDashbusEventBridgeEventBus"
        );
        assert_eq!(js_slice("añb", 2), "añ");
        assert_eq!(js_slice("a😀b", 2), "a");
    }

    #[test]
    fn lodash_words() {
        for (s, want) in [
            ("application/json", vec!["application", "json"]),
            ("XMLHttpRequest", vec!["XML", "Http", "Request"]),
            ("v1beta", vec!["v", "1", "beta"]),
        ] {
            assert_eq!(words(s), want, "{s}");
        }
    }

    #[test]
    fn event_source_mappings() {
        assert_eq!(
            queue_logical_id("my-fn", "orders.fifo"),
            "MyDashfnEventSourceMappingSQSOrdersfifo"
        );
        assert_eq!(
            stream_logical_id("f", "dynamodb", "Orders-v2"),
            "FEventSourceMappingDynamodbOrdersv2"
        );
        assert_eq!(
            stream_consumer_name("click-reader", "Clicks", None),
            "click-readerClicksConsumer"
        );
        let name = stream_consumer_name("f", "s", Some(("svc", "prod")));
        assert_eq!(name, "fssvcprodConsumer");
        assert_eq!(
            stream_consumer_logical_id("click-reader_x"),
            "ClickDashreaderUnderscorexStreamConsumer"
        );
        let long = "a".repeat(200);
        let msk = msk_logical_id("f", &long, &long);
        assert_eq!(msk.len(), "FEventSourceMappingMSK".len() + 79 + 79);
        assert_eq!(
            kafka_logical_id("f", &long).len(),
            "FEventSourceMappingKafka".len() + 158
        );
        assert_eq!(
            activemq_logical_id("f", "q.in"),
            "FEventSourceMappingActiveMQQin"
        );
        assert_eq!(rabbitmq_logical_id("f", "/"), "FEventSourceMappingRabbitMQ");
    }

    #[test]
    fn custom_resource_ids_and_start_case() {
        // SF 3.40's own output (fixtures/events-existing-resources, events-eventbridge-custom-resource)
        assert_eq!(custom_s3_logical_id("audit-log"), "AuditDashlogCustomS31");
        assert_eq!(
            custom_cognito_user_pool_logical_id("signup"),
            "SignupCustomCognitoUserPool1"
        );
        assert_eq!(
            custom_event_bridge_logical_id("billing", 2),
            "BillingCustomEventBridge2"
        );
        for (s, want) in [
            ("prefix", "Prefix"),
            ("suffix", "Suffix"),
            ("fooBar", "Foo Bar"),
            ("__x-y", "X Y"),
            ("", ""),
        ] {
            assert_eq!(start_case(s), want, "{s}");
        }
    }
}
