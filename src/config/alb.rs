//! The `alb` event (Application Load Balancer listener rules) and `provider.alb`, typed as SF
//! v3.40's `compile/events/alb/index.js` (`defineFunctionEvent('aws', 'alb', …)`) and
//! `provider.js` describe them.

use super::defs::*;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// SF's `ALB_LISTENER_REGEXP` (`\w` spelled out): the load balancer's id and the listener's id
/// are the last two parts.
pub const ALB_LISTENER_PATTERN: &str = "^arn:aws[A-Za-z0-9_-]*:elasticloadbalancing:.+:listener\\/app\\/[A-Za-z0-9_-]+\\/([A-Za-z0-9_-]+)\\/([A-Za-z0-9_-]+)$";

/// One `- alb: …` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlbEvent {
    /// Names of `provider.alb.authorizers`, run in order before the function.
    pub authorizer: Option<AlbAuthorizerNames>,
    pub conditions: AlbConditions,
    pub health_check: Option<AlbHealthCheck>,
    pub listener_arn: AlbListenerArn,
    pub multi_value_headers: Option<bool>,
    #[schemars(range(min = 1, max = 50000))]
    pub priority: i64,
    pub target_group_name: Option<AlbTargetGroupName>,
}

/// The rule's conditions (at least one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlbConditions {
    pub header: Option<AlbHeaders>,
    pub host: Option<AlbHosts>,
    pub ip: Option<AlbIps>,
    pub method: Option<AlbMethods>,
    pub path: Option<AlbPaths>,
    pub query: Option<AlbQuery>,
}

// The lists are JSON values: SF's validator takes a single value for a one-item list
// (`coerceTypes: 'array'`), and so does lowering.

def!(
    /// Names of `provider.alb.authorizers`.
    AlbAuthorizerNames(Value) = "albAuthorizerNames",
    |g| json!({"type": "array", "items": {"type": "string"}})
);

def!(
    /// A header condition, or a list of them.
    AlbHeaders(Value) = "albHeaders",
    |g| {
        let header = json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "maxLength": 40},
                "values": {"type": "array", "items": {"type": "string", "maxLength": 128}}
            },
            "additionalProperties": false,
            "required": ["name", "values"]
        });
        json!({"anyOf": [{"type": "array", "items": header}, header]})
    }
);

def!(
    /// Host header patterns.
    AlbHosts(Value) = "albHosts",
    |g| json!({"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z0-9*?.-]+$", "maxLength": 128}})
);

def!(
    /// Source IP ranges (CIDR).
    AlbIps(Value) = "albIps",
    |g| json!({"type": "array", "items": {"type": "string"}})
);

def!(
    /// HTTP methods.
    AlbMethods(Value) = "albMethods",
    |g| json!({"type": "array", "items": {"type": "string", "pattern": "^[A-Z_-]+$", "maxLength": 40}})
);

def!(
    /// Path patterns.
    AlbPaths(Value) = "albPaths",
    |g| json!({"type": "array", "items": {"type": "string", "pattern": "^([A-Za-z0-9*?_.$/~\"'@:+-]|&amp;)+$", "maxLength": 128}})
);

def!(
    /// Query string key → value.
    AlbQuery(IndexMap<String, String>) = "albQuery",
    |g| json!({
        "type": "object",
        "additionalProperties": {"type": "string", "maxLength": 128},
        "propertyNames": {"type": "string", "maxLength": 128}
    })
);

def!(
    /// `true`, or the health check's settings.
    AlbHealthCheck(Value) = "albHealthCheck",
    |g| json!({"anyOf": [
        {"type": "boolean"},
        {"type": "object", "properties": {
            "healthyThresholdCount": {"type": "integer", "minimum": 2, "maximum": 10},
            "intervalSeconds": {"type": "integer", "minimum": 5, "maximum": 300},
            "matcher": {"type": "object", "properties": {
                "httpCode": {"type": "string", "pattern": "^[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*$"}
            }, "additionalProperties": false},
            "path": {"type": "string", "minLength": 1, "maxLength": 1024},
            "timeoutSeconds": {"type": "integer", "minimum": 2, "maximum": 120},
            "unhealthyThresholdCount": {"type": "integer", "minimum": 2, "maximum": 10}
        }, "additionalProperties": false}
    ]})
);

def!(
    /// A listener ARN, or `{Ref: <listener>}`.
    AlbListenerArn(Value) = "awsAlbListenerArn",
    |g| json!({"anyOf": [
        {"type": "string", "pattern": ALB_LISTENER_PATTERN},
        {"type": "object", "properties": {"Ref": {"type": "string", "minLength": 1}}, "required": ["Ref"], "additionalProperties": false}
    ]})
);

def!(
    /// A target group name.
    AlbTargetGroupName(String) = "albTargetGroupName",
    |g| json!({"type": "string", "minLength": 1, "maxLength": 32, "pattern": "^[a-zA-Z0-9-]+$"})
);

/// `provider.alb`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderAlb {
    /// Prefix of the generated target group names.
    #[schemars(length(max = 16))]
    pub target_group_prefix: Option<String>,
    pub authorizers: Option<IndexMap<String, AlbAuthorizer>>,
}

def!(
    /// A Cognito or OIDC authentication action.
    AlbAuthorizer(Value) = "albAuthorizer",
    |g| {
        let base = json!({
            "onUnauthenticatedRequest": {"enum": ["allow", "authenticate", "deny"]},
            "requestExtraParams": {"type": "object", "maxProperties": 10, "additionalProperties": {"type": "string"}},
            "scope": {"type": "string"},
            "sessionCookieName": {"type": "string"},
            "sessionTimeout": {"type": "integer", "minimum": 0}
        });
        let with_base = |mut props: serde_json::Map<String, Value>| {
            if let Value::Object(b) = &base {
                props.extend(b.clone());
            }
            Value::Object(props)
        };
        let oidc = with_base(serde_json::Map::from_iter([
            ("type".to_string(), json!({"const": "oidc"})),
            ("authorizationEndpoint".to_string(), json!({"type": "string"})),
            ("clientId".to_string(), json!({"type": "string"})),
            ("clientSecret".to_string(), json!({"type": "string"})),
            ("issuer".to_string(), json!({"type": "string"})),
            ("tokenEndpoint".to_string(), json!({"type": "string"})),
            ("userInfoEndpoint".to_string(), json!({"type": "string"})),
        ]));
        let cognito = with_base(serde_json::Map::from_iter([
            ("type".to_string(), json!({"const": "cognito"})),
            ("userPoolArn".to_string(), sub::<AwsArn>(g)),
            ("userPoolClientId".to_string(), json!({"type": "string"})),
            ("userPoolDomain".to_string(), json!({"type": "string"})),
        ]));
        json!({"anyOf": [
            {"type": "object", "properties": oidc, "additionalProperties": false,
             "required": ["type", "authorizationEndpoint", "clientId", "issuer", "tokenEndpoint", "userInfoEndpoint"]},
            {"type": "object", "properties": cognito, "additionalProperties": false,
             "required": ["type", "userPoolArn", "userPoolClientId", "userPoolDomain"]}
        ]})
    }
);
