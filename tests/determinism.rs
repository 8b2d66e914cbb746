//! The three parts Serverless Framework v3 fills from the clock or the zip come from content
//! hashes in slsc: compiling twice gives the same bytes, the deployment id changes exactly when
//! the API changes, the version id exactly when the function's code or configuration changes.

mod support;

use slsc::cfn::{self, ArtifactInfo, CompileOptions, Template, Threads, compare};
use slsc::ir::{Service, UsagePlans};

fn features_a() -> Service {
    support::run_fixture("features-a").service.expect("service")
}

fn ids(t: &Template) -> Vec<String> {
    t.resources().expect("resources").keys().cloned().collect()
}

fn id_starting(t: &Template, prefix: &str) -> String {
    ids(t)
        .into_iter()
        .find(|k| k.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}* resource"))
}

fn deployment(t: &Template) -> String {
    id_starting(t, "ApiGatewayDeployment")
}

fn version(t: &Template) -> String {
    id_starting(t, "HelloDashworldLambdaVersion")
}

#[test]
fn compiling_twice_gives_identical_bytes() {
    for name in support::fixture_names() {
        let svc = support::run_fixture(&name).service.expect("service");
        let a = cfn::compile(&svc, &CompileOptions::default()).to_pretty_string();
        let b = cfn::compile(&svc, &CompileOptions::default()).to_pretty_string();
        assert_eq!(a, b, "{name}");
    }
}

/// Both thread counts give the same bytes.
fn one_and_two_threads(svc: &Service) -> (String, String) {
    let with = |threads| {
        let opts = CompileOptions {
            threads,
            ..CompileOptions::default()
        };
        cfn::compile(svc, &opts).to_pretty_string()
    };
    (with(Threads::One), with(Threads::Two))
}

#[test]
fn the_api_on_its_own_thread_gives_the_same_template() {
    for name in support::fixture_names() {
        let svc = support::run_fixture(&name).service.expect("service");
        let (one, two) = one_and_two_threads(&svc);
        assert_eq!(one, two, "{name}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    slsc::synth::write_service(dir.path(), 300).expect("synth");
    let svc = support::run_in(dir.path()).service.expect("service");
    let (one, two) = one_and_two_threads(&svc);
    assert_eq!(one, two, "generated service");
    let auto = cfn::compile(&svc, &CompileOptions::default()).to_pretty_string();
    assert_eq!(auto, one, "generated service, default threads");
}

/// Packaging's keys and hashes reach the functions on either thread count, and its result is
/// handed back.
#[test]
fn packaging_beside_the_api_gives_the_same_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    slsc::synth::write_service(dir.path(), 300).expect("synth");
    let svc = support::run_in(dir.path()).service.expect("service");
    let with = |threads| {
        let opts = CompileOptions {
            threads,
            ..CompileOptions::default()
        };
        let (t, said) = cfn::compile_packaged(&svc, opts, |o| {
            o.artifact = Some(ArtifactInfo {
                s3_key: "serverless/x/dev/code/x.zip".into(),
                sha256_base64: "Y29kZQ==".into(),
            });
            "packaged"
        });
        assert_eq!(said, "packaged");
        t.to_pretty_string()
    };
    let (one, two) = (with(Threads::One), with(Threads::Two));
    assert_eq!(one, two);
    assert!(one.contains("\"S3Key\": \"serverless/x/dev/code/x.zip\""));
    assert!(one.contains("\"CodeSha256\": \"Y29kZQ==\""));
}

/// An API logical id equal to another step's (usage plan `xLogGroup` →
/// `ApiGatewayUsagePlanXLogGroup`, also the log group of function `ApiGatewayUsagePlanX`): SF
/// merges the two, and so does the two-thread compile, by falling back to one thread.
#[test]
fn a_colliding_logical_id_is_merged_on_two_threads_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut yaml = String::from(
        "service: demo\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  apiGateway:\n    apiKeys:\n      - xLogGroup:\n        - k1\n    usagePlan:\n      - xLogGroup:\n          quota:\n            limit: 10\n            period: DAY\nfunctions:\n  ApiGatewayUsagePlanX:\n    handler: h.f\n    events:\n",
    );
    for i in 0..70 {
        yaml.push_str(&format!("      - http: GET p{i}\n"));
    }
    std::fs::write(dir.path().join("serverless.yml"), yaml).expect("write");
    std::fs::write(dir.path().join("h.js"), "exports.f = async () => ({});\n").expect("write");
    let svc = support::run_in(dir.path()).service.expect("service");
    let (one, two) = one_and_two_threads(&svc);
    assert_eq!(one, two);
    let t: serde_json::Value = serde_json::from_str(&one).expect("json");
    let merged = &t["Resources"]["ApiGatewayUsagePlanXLogGroup"];
    assert_eq!(merged["Type"], "AWS::ApiGateway::UsagePlan", "{merged}");
    assert!(
        merged["Properties"].get("LogGroupName").is_some(),
        "{merged}"
    );
    assert!(merged["Properties"].get("Quota").is_some(), "{merged}");
}

#[test]
fn deployment_id_can_be_given() {
    let opts = CompileOptions {
        deployment_id: Some("42".into()),
        ..CompileOptions::default()
    };
    let t = cfn::compile(&features_a(), &opts);
    assert_eq!(deployment(&t), "ApiGatewayDeployment42");
    assert_eq!(
        t.resources().expect("resources")["ApiGatewayApiKey1"]["DependsOn"],
        "ApiGatewayDeployment42"
    );
}

#[test]
fn artifact_drives_code_and_version_not_deployment() {
    let svc = features_a();
    let base = cfn::compile(&svc, &CompileOptions::default());
    let art = ArtifactInfo {
        s3_key: "serverless/anchor-svc/dev/x/anchor-svc.zip".into(),
        sha256_base64: "abc=".into(),
    };
    let t = cfn::compile(
        &svc,
        &CompileOptions {
            artifact: Some(art),
            ..CompileOptions::default()
        },
    );
    let r = t.resources().expect("resources");
    assert_eq!(
        r["HelloDashworldLambdaFunction"]["Properties"]["Code"]["S3Key"],
        "serverless/anchor-svc/dev/x/anchor-svc.zip"
    );
    assert_ne!(version(&t), version(&base));
    assert_eq!(deployment(&t), deployment(&base));
    assert_eq!(r[&version(&t)]["Properties"]["CodeSha256"], "abc=");
}

/// With the code fixed (the artifact packaging will give), only the function's own settings move
/// its version, and only the API moves the deployment.
#[test]
fn config_change_moves_version_api_change_moves_deployment() {
    let opts = CompileOptions {
        artifact: Some(ArtifactInfo {
            s3_key: "serverless/anchor-svc/dev/code/anchor-svc.zip".into(),
            sha256_base64: "Y29kZQ==".into(),
        }),
        ..CompileOptions::default()
    };
    let base = cfn::compile(&features_a(), &opts);

    let mut more_memory = features_a();
    more_memory.functions[0].memory_size = 2048;
    let t = cfn::compile(&more_memory, &opts);
    assert_ne!(version(&t), version(&base));
    assert_eq!(deployment(&t), deployment(&base), "no API change");

    let mut api_change = features_a();
    api_change.endpoints[0].private = true;
    let t = cfn::compile(&api_change, &opts);
    assert_ne!(deployment(&t), deployment(&base));
    assert_eq!(version(&t), version(&base), "no function change");
}

#[test]
fn the_comparison_catches_differences() {
    let want = support::read_json(&support::fixtures_dir().join("features-a/expected/sls-v3.json"))
        .expect("expected template");
    let mut svc = features_a();
    svc.endpoints[1].cors = None;
    let report = compare::difference(&want, &cfn::compile(&svc, &CompileOptions::default()).0)
        .expect("a difference");
    assert!(
        report.contains("ApiGatewayMethodUsersUseridVarOptions: missing"),
        "{report}"
    );

    let mut svc = features_a();
    svc.api.usage_plans = UsagePlans::None;
    let report = compare::difference(&want, &cfn::compile(&svc, &CompileOptions::default()).0)
        .expect("a difference");
    assert!(
        report.contains("Resources.ApiGatewayUsagePlan differs"),
        "{report}"
    );
}
