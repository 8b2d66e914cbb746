//! The `cloudFront` event (Lambda@Edge) and `provider.cloudFront`, typed as SF v3.40's
//! `cloud-front.js` and `provider.js` describe them: the event's origin (a URL or an
//! `AWS::CloudFront::Distribution` origin), its cache behaviour and cache policy, and the
//! cache policies the service defines.

use super::defs::*;
use serde_json::{Value, json};

/// A string or an intrinsic function.
fn string_or_cf(g: &mut schemars::SchemaGenerator) -> Value {
    json!({"anyOf": [{"type": "string"}, sub::<CfFunction>(g)]})
}

/// A distribution origin in CloudFormation's own property names.
fn origin_object(g: &mut schemars::SchemaGenerator) -> Value {
    json!({
        "type": "object",
        "properties": {
            "ConnectionAttempts": {"type": "integer", "minimum": 1, "maximum": 3},
            "ConnectionTimeout": {"type": "integer", "minimum": 1, "maximum": 10},
            "CustomOriginConfig": {
                "type": "object",
                "properties": {
                    "HTTPPort": {"type": "integer", "minimum": 0, "maximum": 65535},
                    "HTTPSPort": {"type": "integer", "minimum": 0, "maximum": 65535},
                    "OriginKeepaliveTimeout": {"type": "integer", "minimum": 1, "maximum": 60},
                    "OriginProtocolPolicy": {"enum": ["http-only", "match-viewer", "https-only"]},
                    "OriginReadTimeout": {"type": "integer", "minimum": 1, "maximum": 60},
                    "OriginSSLProtocols": {
                        "type": "array",
                        "items": {"enum": ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"]}
                    }
                },
                "additionalProperties": false,
                "required": ["OriginProtocolPolicy"]
            },
            "DomainName": string_or_cf(g),
            "OriginAccessControlId": string_or_cf(g),
            "OriginCustomHeaders": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "HeaderName": {"type": "string"},
                        "HeaderValue": {"type": "string"}
                    },
                    "additionalProperties": false,
                    "required": ["HeaderName", "HeaderValue"]
                }
            },
            "OriginPath": {"type": "string"},
            "S3OriginConfig": {
                "type": "object",
                "properties": {
                    "OriginAccessIdentity": {"anyOf": [
                        {"type": "string", "pattern": "^origin-access-identity/cloudfront/.+"},
                        sub::<CfFunction>(g)
                    ]}
                },
                "additionalProperties": false
            }
        },
        "additionalProperties": false,
        "required": ["DomainName"],
        "oneOf": [{"required": ["CustomOriginConfig"]}, {"required": ["S3OriginConfig"]}]
    })
}

/// Methods lists CloudFront accepts: GET and HEAD, then OPTIONS, then all seven.
fn methods(sets: &[&[&str]]) -> Value {
    let branches: Vec<Value> = sets
        .iter()
        .map(|set| {
            json!({"type": "array", "uniqueItems": true, "minItems": set.len(), "items": {"enum": set}})
        })
        .collect();
    json!({ "anyOf": branches })
}

/// A cache behaviour in CloudFormation's own property names.
fn behavior_object(g: &mut schemars::SchemaGenerator) -> Value {
    const GET_HEAD: &[&str] = &["GET", "HEAD"];
    const WITH_OPTIONS: &[&str] = &["GET", "HEAD", "OPTIONS"];
    const ALL: &[&str] = &["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"];
    json!({
        "type": "object",
        "properties": {
            "AllowedMethods": methods(&[GET_HEAD, WITH_OPTIONS, ALL]),
            "CachedMethods": methods(&[GET_HEAD, WITH_OPTIONS]),
            "CachePolicyId": {"type": "string"},
            "Compress": {"type": "boolean"},
            "FieldLevelEncryptionId": {"type": "string"},
            "OriginRequestPolicyId": string_or_cf(g),
            "ResponseHeadersPolicyId": string_or_cf(g),
            "SmoothStreaming": {"type": "boolean"},
            "TrustedSigners": {"type": "array", "items": {"type": "string"}},
            "ViewerProtocolPolicy": {"enum": ["allow-all", "redirect-to-https", "https-only"]},
            "TrustedKeyGroups": {
                "type": "array",
                "items": {"anyOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "properties": {"Ref": {"type": "string", "minLength": 1}},
                        "required": ["Ref"],
                        "additionalProperties": false
                    }
                ]}
            },
            "MaxTTL": {"type": "number"},
            "MinTTL": {"type": "number"},
            "DefaultTTL": {"type": "number"},
            "ForwardedValues": {
                "type": "object",
                "properties": {
                    "Cookies": {"anyOf": [
                        {
                            "type": "object",
                            "properties": {"Forward": {"enum": ["all", "none"]}},
                            "additionalProperties": false,
                            "required": ["Forward"]
                        },
                        {
                            "type": "object",
                            "properties": {
                                "Forward": {"const": "whitelist"},
                                "WhitelistedNames": {"type": "array", "items": {"type": "string"}}
                            },
                            "additionalProperties": false,
                            "required": ["Forward", "WhitelistedNames"]
                        }
                    ]},
                    "Headers": {"type": "array", "items": {"type": "string"}},
                    "QueryString": {"type": "boolean"},
                    "QueryStringCacheKeys": {"type": "array", "items": {"type": "string"}}
                },
                "additionalProperties": false,
                "required": ["QueryString"]
            }
        },
        "additionalProperties": false
    })
}

def!(
    /// One `- cloudFront: …` event.
    CloudFrontEvent(Value) = "cloudFrontEvent",
    |g| json!({
        "type": "object",
        "properties": {
            "behavior": behavior_object(g),
            "cachePolicy": {
                "type": "object",
                "properties": {
                    "id": sub::<CfInstruction>(g),
                    "name": {"type": "string", "minLength": 1}
                },
                "oneOf": [{"required": ["id"]}, {"required": ["name"]}],
                "additionalProperties": false
            },
            "eventType": {"enum": ["viewer-request", "origin-request", "origin-response", "viewer-response"]},
            "isDefaultOrigin": {"type": "boolean"},
            "includeBody": {"type": "boolean"},
            // SF's `format: uri` is left out: 2020-12 reads `format` as an annotation only
            // (`check::cloud_front` requires a URL with a host instead)
            "origin": {"anyOf": [{"type": "string"}, origin_object(g)]},
            "pathPattern": {"type": "string", "pattern": "^([A-Za-z0-9_.*?$/~\"'@:+-]|&amp;)+$"}
        },
        "additionalProperties": false
    })
);

/// A `config` object whose keys follow `behavior` names, with the values `behaviors` allows.
fn behavior_config(name: &str, behaviors: &[&str], list: &str) -> Value {
    json!({
        "type": "object",
        "properties": {
            name: {"enum": behaviors},
            list: {"type": "array", "items": {"type": "string"}}
        },
        "required": [name],
        "additionalProperties": false
    })
}

def!(
    /// `provider.cloudFront`: cache policies the service creates, by name.
    ProviderCloudFront(Value) = "providerCloudFront",
    |g| json!({
        "type": "object",
        "properties": {
            "cachePolicies": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "Comment": {"type": "string"},
                        "DefaultTTL": {"type": "integer", "minimum": 0},
                        "MaxTTL": {"type": "integer", "minimum": 0},
                        "MinTTL": {"type": "integer", "minimum": 0},
                        "ParametersInCacheKeyAndForwardedToOrigin": {
                            "type": "object",
                            "properties": {
                                "CookiesConfig": behavior_config("CookieBehavior", &["none", "whitelist", "allExcept", "all"], "Cookies"),
                                "EnableAcceptEncodingBrotli": {"type": "boolean"},
                                "EnableAcceptEncodingGzip": {"type": "boolean"},
                                "HeadersConfig": behavior_config("HeaderBehavior", &["none", "whitelist"], "Headers"),
                                "QueryStringsConfig": behavior_config("QueryStringBehavior", &["none", "whitelist", "allExcept", "all"], "QueryStrings")
                            },
                            "required": ["CookiesConfig", "EnableAcceptEncodingGzip", "HeadersConfig", "QueryStringsConfig"],
                            "additionalProperties": false
                        }
                    },
                    "required": ["DefaultTTL", "MaxTTL", "MinTTL", "ParametersInCacheKeyAndForwardedToOrigin"],
                    "additionalProperties": false
                }
            }
        },
        "additionalProperties": false
    })
);
