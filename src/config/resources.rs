//! `resources:` (extra CloudFormation, merged into the template) and `layers:`.

use super::defs::*;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `resources:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub aws_template_format_version: Option<String>,
    #[serde(rename = "Conditions")]
    pub conditions: Option<AnyObject>,
    #[serde(rename = "Description")]
    pub description: Option<String>,
    #[serde(rename = "Mappings")]
    pub mappings: Option<AnyObject>,
    #[serde(rename = "Metadata")]
    pub metadata: Option<AnyObject>,
    #[serde(rename = "Outputs")]
    pub outputs: Option<AnyObject>,
    #[serde(rename = "Parameters")]
    pub parameters: Option<AnyObject>,
    #[serde(rename = "Resources")]
    pub resources: Option<CfnResources>,
    #[serde(rename = "Transform")]
    pub transform: Option<StringList>,
    /// Properties merged into resources SF generates.
    pub extensions: Option<Extensions>,
}

fn resource_attributes(g: &mut schemars::SchemaGenerator) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("Properties".into(), json!({"type": "object"}));
    m.insert("CreationPolicy".into(), json!({"type": "object"}));
    m.insert("DeletionPolicy".into(), json!({"type": "string"}));
    m.insert("DependsOn".into(), sub::<ResourceDependsOn>(g));
    m.insert("Metadata".into(), json!({"type": "object"}));
    m.insert("UpdatePolicy".into(), json!({"type": "object"}));
    m.insert("UpdateReplacePolicy".into(), json!({"type": "string"}));
    m.insert("Condition".into(), sub::<ResourceCondition>(g));
    m
}

def!(
    /// `resources.Resources`: logical id → `{Type, Properties, ...}`.
    CfnResources(IndexMap<String, Value>) = "cfnResources",
    |g| {
        let mut props = resource_attributes(g);
        props.insert("Type".into(), json!({"type": "string"}));
        json!({
            "type": "object",
            "properties": {"Fn::Transform": {
                "type": "object",
                "properties": {"Name": {"type": "string"}, "Parameters": {"type": "object"}},
                "required": ["Name"],
                "additionalProperties": false
            }},
            "patternProperties": {"^[a-zA-Z0-9]{1,255}$": {
                "type": "object", "properties": props, "required": ["Type"], "additionalProperties": false
            }},
            "additionalProperties": false
        })
    }
);

def!(
    /// `resources.extensions`: logical id → attributes to merge.
    Extensions(IndexMap<String, Value>) = "cfnExtensions",
    |g| json!({
        "type": "object",
        "patternProperties": {"^[a-zA-Z0-9]{1,255}$": {
            "type": "object", "properties": resource_attributes(g), "additionalProperties": false
        }},
        "additionalProperties": false
    })
);

/// One entry of `layers:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Layer {
    pub allowed_accounts: Option<Vec<LayerAccount>>,
    #[schemars(length(max = 2))]
    pub compatible_architectures: Option<Vec<Architecture>>,
    #[schemars(length(max = 15))]
    pub compatible_runtimes: Option<Vec<Runtime>>,
    #[schemars(length(max = 256))]
    pub description: Option<String>,
    #[schemars(length(max = 512))]
    pub license_info: Option<String>,
    pub name: Option<LayerName>,
    pub package: Option<super::function::FunctionPackage>,
    pub path: Option<String>,
    pub retain: Option<bool>,
}

def!(
    /// An account allowed to use a layer: account id, `*` or a root ARN.
    LayerAccount(String) = "layerAccount",
    |g| json!({"type": "string", "pattern": "^([0-9]{12}|\\*|arn:(aws[a-zA-Z-]*):iam::[0-9]{12}:root)$"})
);

def!(
    /// A layer name or layer ARN.
    LayerName(String) = "layerName",
    |g| json!({
        "type": "string", "minLength": 1, "maxLength": 140,
        "pattern": "^((arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:[0-9]{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+)$"
    })
);
