//! Definitions shared by the events that become Lambda event source mappings (`sqs`, `stream`,
//! `kafka`, `msk`, `activemq`, `rabbitmq`), named and constrained as SF v3.40's AWS provider
//! schema (`provider.js`) defines them.

use super::defs::*;
use serde_json::json;

def!(
    /// Lambda event filters: 1 to 10 patterns, each an object (SF writes each as a JSON string).
    FilterPatterns(Vec<serde_json::Map<String, serde_json::Value>>) = "filterPatterns",
    |g| json!({"type": "array", "minItems": 1, "maxItems": 10, "items": {"type": "object"}})
);

def!(
    /// A Secrets Manager secret's ARN (SF's pattern is not anchored).
    SecretsManagerArnString(String) = "awsSecretsManagerArnString",
    |g| json!({"type": "string", "pattern": "arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]+:secret:[A-Za-z0-9/_+=.@-]+"})
);

def!(
    /// `{"Ref": name}`.
    CfRef(serde_json::Value) = "awsCfRef",
    |g| json!({
        "type": "object",
        "properties": {"Ref": {"type": "string", "minLength": 1}},
        "required": ["Ref"],
        "additionalProperties": false
    })
);

def!(
    /// `ReportBatchItemFailures`: the function reports which records of a batch failed.
    FunctionResponseType(String) = "eventSourceFunctionResponseType",
    |g| json!({"enum": ["ReportBatchItemFailures"]})
);

def!(
    /// Where a stream or a Kafka topic is read from: `LATEST`, `TRIM_HORIZON` or `AT_TIMESTAMP`.
    StartingPosition(String) = "eventSourceStartingPosition",
    |g| json!({"enum": ["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"]})
);
