//! What the event source families share (SF v3 `sqs.js`, `stream.js`, `kafka.js`,
//! `msk/index.js`, `activemq.js`, `rabbitmq.js`): the function a mapping invokes and what it
//! waits for, the filter criteria, and the statements added to the execution role.

use super::super::functions::{Aliases, custom_execution_role};
use super::super::iam::ROLE;
use super::super::value::obj;
use super::super::{Ctx, js};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The resource type of every mapping.
pub const MAPPING_TYPE: &str = "AWS::Lambda::EventSourceMapping";

/// The network permissions Lambda needs to poll a source inside a VPC (Kafka, MSK, MQ).
pub const EC2_ACTIONS: [&str; 6] = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeVpcs",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
];

/// Reading the secrets that hold a source's credentials (no `kms:Decrypt`: SF cannot know
/// which keys).
pub const SECRETS_ACTIONS: [&str; 1] = ["secretsmanager:GetSecretValue"];

/// Each function's target and the resources its mappings wait for.
pub struct Targets<'a> {
    aliases: Aliases<'a>,
    roles: HashMap<&'a str, Option<String>>,
}

impl<'a> Targets<'a> {
    pub fn new(cx: &Ctx<'a>) -> Self {
        let svc = cx.svc;
        Targets {
            aliases: Aliases::new(svc),
            roles: svc
                .functions
                .iter()
                .map(|f| (f.key.as_str(), role_resource(custom_execution_role(cx, f))))
                .collect(),
        }
    }

    /// What the mapping invokes: the function, or its alias.
    pub fn function_name(&self, key: &str) -> Value {
        self.aliases.target(key)
    }

    /// `DependsOn`: the function's role when this template creates it, then its alias.
    pub fn depends_on(&self, key: &str) -> Vec<Value> {
        let mut out = Vec::with_capacity(2);
        if let Some(Some(r)) = self.roles.get(key) {
            out.push(Value::String(r.clone()));
        }
        if let Some(a) = self.aliases.of(key) {
            out.push(Value::String(a.logical_id(key)));
        }
        out
    }
}

/// The logical id of the role a function runs with, when the template creates it (SF
/// `resolveFunctionIamRoleResourceName`): SF's own role, a role given by logical name or by
/// `Fn::GetAtt [name, Arn]`; none for an ARN string, `Fn::ImportValue`, `Ref` or `Fn::Sub`.
fn role_resource(custom: Option<&Value>) -> Option<String> {
    let Some(custom) = custom.filter(|r| js::truthy(r)) else {
        return Some(ROLE.to_owned());
    };
    match custom {
        Value::String(s) if s.contains(':') => None,
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => {
            if let Some(Value::Array(att)) = o.get("Fn::GetAtt")
                && let [Value::String(target), Value::String(attribute)] = att.as_slice()
                && attribute == "Arn"
            {
                return Some(target.clone());
            }
            let external = ["Fn::ImportValue", "Ref", "Fn::Sub"]
                .iter()
                .any(|k| o.get(*k).is_some_and(js::truthy));
            (!external).then(|| ROLE.to_owned())
        }
        _ => Some(ROLE.to_owned()),
    }
}

/// The events of `events` grouped by function, in order (SF compiles function by function and
/// adds each function's statements after its events).
pub fn by_function<T>(events: &[T], key: impl Fn(&T) -> &str) -> impl Iterator<Item = &[T]> {
    events.chunk_by(move |a, b| key(a) == key(b))
}

/// `{"Filters": [{"Pattern": …}, …]}`.
pub fn filter_criteria(patterns: &[String]) -> Value {
    let filters = patterns
        .iter()
        .map(|p| obj([("Pattern", Value::String(p.clone()))]))
        .collect();
    obj([("Filters", Value::Array(filters))])
}

/// An `Allow` statement of `actions` on `resource`.
pub fn statement(actions: &[&str], resource: Value) -> Value {
    json!({"Effect": "Allow", "Action": actions, "Resource": resource})
}

/// The mapping resource: type, `DependsOn`, properties.
pub fn mapping(depends_on: Vec<Value>, properties: serde_json::Map<String, Value>) -> Value {
    obj([
        ("Type", MAPPING_TYPE.into()),
        ("DependsOn", Value::Array(depends_on)),
        ("Properties", Value::Object(properties)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{CompileOptions, compile};
    use crate::ir::lower::tests::svc;

    /// What SF v3.40 wrote for [`QUIRKS`] (`configValidationMode: off`): its mappings, and the
    /// statements after the two for the logs.
    const QUIRKS_BY_SF: &str = include_str!("source_mapping_quirks.json");

    /// Values SF's schema rejects but SF (and so slsc) compiles when validation is off: falsy
    /// defaults, `null`, scalars its validator turns into lists or into the schema's type (and
    /// one-item lists into scalars), a `Fn::GetAtt` string, a timestamp without a consumer, a
    /// consumer on a DynamoDB stream, a Lambda destination, integer-like keys in a filter
    /// pattern, falsy events.
    const QUIRKS: &str = r#"service: quirks
configValidationMode: off
provider:
  name: aws
  runtime: nodejs20.x
functions:
  q:
    handler: handler.queue
    events:
      - sqs:
          arn: arn:aws:sqs:us-east-1:123456789012:zero
          batchSize: 0
          maximumConcurrency: 0
          enabled: null
          filterPatterns: just-a-string
      - sqs:
          arn:
            Fn::GetAtt: Queue.Arn
          filterPatterns:
            - {"b": 1, "10": 2, "2": {"z": 1.5e-7, "y": 1e21}}
      - stream:
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/ts
          startingPosition: AT_TIMESTAMP
          startingPositionTimestamp: 1700000000
          parallelizationFactor: 0
          maximumRecordAgeInSeconds: 0
          destinations:
            onFailure:
              arn: arn:aws:lambda:us-east-1:123456789012:function:x
      - stream:
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/other
          type: dynamodb
          consumer: arn:aws:kinesis:us-east-1:123456789012:stream/other/consumer/c:1
      - kafka:
          topic: t
          bootstrapServers: b:9092
          accessConfigurations:
            saslPlainAuth: arn:aws:secretsmanager:us-east-1:1:secret:s
            vpcSubnet: []
            vpcSecurityGroup: []
      - sqs: ''
      - kafka: null
  c:
    handler: handler.queue
    events:
      - kafka:
          topic: 5
          batchSize: '7'
          enabled: 'false'
          bootstrapServers: [b:9092]
          accessConfigurations:
            saslPlainAuth: [arn:aws:secretsmanager:us-east-1:1:secret:s]
      - sqs:
          arn: arn:aws:sqs:us-east-1:1:q
          batchSize: '20'
          maximumBatchingWindow: '3'
          enabled: 'true'
          maximumConcurrency: '3'
      - activemq:
          arn: arn:aws:mq:us-east-1:1:broker:b:b-1
          basicAuthArn: arn:aws:secretsmanager:us-east-1:1:secret:s
          queue: 12
          batchSize: true
      - stream:
          arn: arn:aws:kinesis:us-east-1:1:stream/a
          batchSize: '30'
          parallelizationFactor: '2'
          bisectBatchOnFunctionError: 'true'
          startingPositionTimestamp: '17'
          consumer: true
      - sqs: 5
      - stream:
          arn: arn:aws:dynamodb:us-east-1:1:table/T/stream/1
          maximumRecordAgeInSeconds: '60'
          batchWindow: '0'
          tumblingWindowInSeconds: ['5']
      - kafka:
          topic: [t2]
          bootstrapServers: [9092]
          consumerGroupId: 7
          startingPosition: AT_TIMESTAMP
          startingPositionTimestamp: '1700000000'
          accessConfigurations:
            saslPlainAuth: arn:aws:secretsmanager:us-east-1:1:secret:s
      - msk:
          arn: arn:aws:kafka:us-east-1:1:cluster/c/u
          topic: 8
          saslScram512: 9
          enabled: 0
"#;

    #[test]
    fn warn_mode_values_compile_as_sf_compiles_them() {
        let template = compile(&svc(QUIRKS), &CompileOptions::default());
        let resources = template.resources().unwrap();
        let mut got: serde_json::Map<String, Value> = resources
            .iter()
            .filter(|(k, _)| k.contains("EventSource") || k.contains("StreamConsumer"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let statements = &resources["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"];
        got.insert(
            "statements".into(),
            Value::Array(statements.as_array().unwrap()[2..].to_vec()),
        );
        let want: Value = serde_json::from_str(QUIRKS_BY_SF).unwrap();
        // as text, so that key order counts too
        assert_eq!(
            serde_json::to_string_pretty(&Value::Object(got)).unwrap(),
            serde_json::to_string_pretty(&want).unwrap()
        );
    }

    #[test]
    fn role_resources_follow_sf() {
        let cases = [
            (None, Some("IamRoleLambdaExecution")),
            (Some(json!("MyRole")), Some("MyRole")),
            (Some(json!("arn:aws:iam::1:role/r")), None),
            (
                Some(json!({"Fn::GetAtt": ["MyRole", "Arn"]})),
                Some("MyRole"),
            ),
            (
                Some(json!({"Fn::GetAtt": ["MyRole", "RoleId"]})),
                Some("IamRoleLambdaExecution"),
            ),
            (Some(json!({"Fn::ImportValue": "x"})), None),
            (Some(json!({"Ref": "P"})), None),
            (
                Some(json!({"Fn::Sub": "arn:${AWS::Partition}:iam::1:role/r"})),
                None,
            ),
            (
                Some(json!({"Fn::Join": ["", ["arn:", "x"]]})),
                Some("IamRoleLambdaExecution"),
            ),
        ];
        for (custom, want) in cases {
            assert_eq!(
                role_resource(custom.as_ref()).as_deref(),
                want,
                "{custom:?}"
            );
        }
    }
}
