//! Event compilation in the cases the fixtures leave out (each checked against SF 3.40 once).

use crate::cfn::functions::tests::resources_of;
use crate::cfn::{CompileOptions, compile};
use serde_json::{Value, json};

const EVENT_BRIDGE: &str = "functions:\n  a:\n    handler: h.a\n    events:\n      - eventBridge:\n          eventBus: arnold\n          pattern: {source: [a]}\n          retryPolicy: {}\n      - eventBridge:\n          eventBus: ''\n          pattern: {source: [b]}\n";

#[test]
fn event_bridge_without_provider_settings_is_the_cloudformation_path() {
    let head = "service: demo\nprovider:\n  name: aws\n";
    let by_default = resources_of(&format!("{head}{EVENT_BRIDGE}"));
    let opted_in = resources_of(&format!(
        "{head}  eventBridge:\n    useCloudFormation: true\n{EVENT_BRIDGE}"
    ));
    assert_eq!(
        serde_json::to_string(&by_default).unwrap(),
        serde_json::to_string(&opted_in).unwrap()
    );
}

#[test]
fn sf_reads_a_bus_starting_with_arn_as_existing_and_keeps_an_empty_one() {
    let r = resources_of(&format!(
        "service: demo\nprovider:\n  name: aws\n{EVENT_BRIDGE}"
    ));
    assert!(!r.values().any(|v| v["Type"] == "AWS::Events::EventBus"));
    let arnold = &r["Demodevarule1EventBridgeRule"];
    assert_eq!(arnold.get("DependsOn"), None);
    assert_eq!(arnold["Properties"]["EventBusName"], "arnold");
    assert_eq!(arnold["Properties"]["Targets"][0]["RetryPolicy"], json!({}));
    assert_eq!(
        r["AEventBridgeLambdaPermission1"]["Properties"]["SourceArn"]["Fn::Join"][1][5],
        json!({"Fn::Join": ["/", ["rule", "arnold", "demo-dev-a-rule-1"]]})
    );
    let empty = &r["Demodevarule2EventBridgeRule"]["Properties"];
    assert_eq!(empty["EventBusName"], "");
    assert_eq!(
        r["AEventBridgeLambdaPermission2"]["Properties"]["SourceArn"]["Fn::Join"][1][5],
        json!({"Fn::Join": ["/", ["rule", "demo-dev-a-rule-2"]]})
    );
}

#[test]
fn a_scheduler_schedule_without_sfs_role_leaves_the_roles_alone() {
    let r = resources_of(
        "service: demo\nprovider:\n  name: aws\n  iam:\n    role: arn:aws:iam::1:role/mine\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - schedule:\n          method: scheduler\n          rate: rate(1 hour)\n",
    );
    assert!(!r.contains_key("IamRoleLambdaExecution"));
    assert_eq!(
        r["ASchedulerSchedule1"]["Properties"]["Target"]["RoleArn"],
        "arn:aws:iam::1:role/mine"
    );
}

#[test]
fn event_bridge_on_the_default_bus_through_sfs_custom_resource_may_not_touch_buses() {
    // checked against SF 3.40: `provider.eventBridge: {}` takes the custom resource path, and
    // no event names a bus other than the default one, by name or by ARN
    let r = resources_of(
        "service: demo\nprovider:\n  name: aws\n  eventBridge: {}\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - eventBridge:\n          pattern: {source: [a]}\n      - eventBridge:\n          eventBus: default\n          pattern: {source: [b]}\n      - eventBridge:\n          eventBus: arn:aws:events:us-east-1:1:event-bus/default\n          pattern: {source: [c]}\n",
    );
    assert!(!r.values().any(|v| v["Type"] == "AWS::Events::Rule"));
    assert_eq!(
        r["ACustomEventBridge2"]["Properties"]["EventBridgeConfig"]["EventBus"],
        "default"
    );
    let statements = &r["IamRoleCustomResourcesLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"];
    let actions: Vec<&Value> = statements
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["Action"][0])
        .collect();
    assert_eq!(actions, ["events:PutRule", "lambda:AddPermission"]);
}

#[test]
fn force_deploy_is_the_deploy_time() {
    let yaml = "service: demo\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - s3: {bucket: old, existing: true, forceDeploy: true}\n      - cognitoUserPool: {pool: p, trigger: PreSignUp, existing: true, forceDeploy: true}\n  b:\n    handler: h.b\n    events:\n      - s3: {bucket: old, existing: true}\n";
    let service = crate::ir::lower::tests::svc(yaml);
    let at = |deploy_time| {
        let opts = CompileOptions {
            deploy_time,
            ..CompileOptions::default()
        };
        compile(&service, &opts).0["Resources"].clone()
    };
    let (deployed, fixed) = (at(Some(1_700_000_000_123)), at(None));
    for id in ["ACustomS31", "ACustomCognitoUserPool1"] {
        assert_eq!(
            deployed[id]["Properties"]["ForceDeploy"],
            1_700_000_000_123u64
        );
        assert_eq!(fixed[id]["Properties"]["ForceDeploy"], 0);
    }
    assert_eq!(
        deployed["BCustomS31"]["Properties"].get("ForceDeploy"),
        None
    );
    assert_eq!(
        deployed["BCustomS31"]["DependsOn"],
        json!([
            "BLambdaFunction",
            "CustomDashresourceDashexistingDashs3LambdaFunction",
            "ACustomS31"
        ])
    );
}
