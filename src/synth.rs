//! Synthetic services of any size, for benchmarks and scale tests: realistic `serverless.yml`
//! text with a mix of every kind of `http` event, variables and CloudFormation tags
//! ([`service_yaml`]), or functions triggered by the events real services mix most
//! ([`mixed_events_yaml`]).

use std::fmt::Write;

/// A service with `endpoints` http events spread over `endpoints / 4` functions (at least one).
pub fn service_yaml(endpoints: usize) -> String {
    let functions = (endpoints / 4).max(1);
    let mut y = String::with_capacity(endpoints * 200);
    y.push_str(concat!(
        "service: synth-svc\n",
        "frameworkVersion: '3'\n",
        "provider:\n",
        "  name: aws\n",
        "  runtime: nodejs18.x\n",
        "  stage: ${opt:stage, 'dev'}\n",
        "  region: ${opt:region, 'us-east-1'}\n",
        "  memorySize: ${self:custom.memory}\n",
        "  environment:\n",
        "    TABLE: ${self:service}-${sls:stage}-table\n",
        "    BUCKET: !Ref DataBucket\n",
        "  apiGateway:\n",
        "    apiKeys:\n",
        "      - synth-key\n",
        "    usagePlan:\n",
        "      throttle:\n",
        "        burstLimit: 200\n",
        "        rateLimit: 100\n",
        "custom:\n",
        "  memory: 512\n",
        "functions:\n",
        "  auth:\n",
        "    handler: handler.auth\n",
    ));
    let per_fn = endpoints.div_ceil(functions);
    let mut made = 0;
    for f in 0..functions {
        let _ = write!(
            y,
            "  fn{f}:\n    handler: src/fn{f}.handler\n    timeout: 10\n    environment:\n      INDEX: '{f}'\n    events:\n"
        );
        for e in 0..per_fn {
            if made == endpoints {
                break;
            }
            let path = format!("res{f}/{{id}}/sub{e}");
            let _ = match made % 6 {
                0 => writeln!(y, "      - http: GET /{path}"),
                1 => writeln!(
                    y,
                    "      - http:\n          path: {path}\n          method: post\n          cors: true"
                ),
                2 => writeln!(
                    y,
                    "      - http:\n          path: {path}\n          method: put\n          authorizer: auth"
                ),
                3 => writeln!(
                    y,
                    "      - http:\n          path: {path}\n          method: delete\n          private: true"
                ),
                4 => writeln!(
                    y,
                    "      - http:\n          path: {path}\n          method: patch\n          integration: lambda\n          request:\n            parameters:\n              paths:\n                id: true"
                ),
                _ => writeln!(
                    y,
                    "      - http:\n          path: {path}\n          method: any\n          cors:\n            origins: ['https://a.example.com', 'https://b.example.com']\n            allowCredentials: true"
                ),
            };
            made += 1;
        }
    }
    y.push_str(concat!(
        "resources:\n",
        "  Resources:\n",
        "    DataBucket:\n",
        "      Type: AWS::S3::Bucket\n",
        "  Outputs:\n",
        "    BucketArn:\n",
        "      Value: !GetAtt DataBucket.Arn\n",
    ));
    y
}

/// Writes the service of [`service_yaml`] into `dir`, with a handler file for every function.
pub fn write_service(dir: &std::path::Path, endpoints: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("serverless.yml"), service_yaml(endpoints))?;
    std::fs::write(
        dir.join("handler.js"),
        "module.exports.auth = async () => ({ principalId: 'u' });\n",
    )?;
    for f in 0..(endpoints / 4).max(1) {
        std::fs::write(
            dir.join(format!("src/fn{f}.js")),
            "module.exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n",
        )?;
    }
    Ok(())
}

/// A service of `functions` functions whose events cycle through the kinds real services mix:
/// REST and HTTP API routes, schedules, queues, topics, buckets, streams, EventBridge rules,
/// log subscriptions, IoT rules, each function with two events.
pub fn mixed_events_yaml(functions: usize) -> String {
    let mut y = String::with_capacity(functions * 400);
    y.push_str(concat!(
        "service: synth-mixed\n",
        "frameworkVersion: '3'\n",
        "provider:\n",
        "  name: aws\n",
        "  runtime: nodejs20.x\n",
        "  environment:\n",
        "    STAGE: ${sls:stage}\n",
        "functions:\n",
    ));
    for f in 0..functions {
        let _ = write!(
            y,
            "  fn{f}:\n    handler: src/fn{f}.handler\n    events:\n{}{}",
            mixed_event(f, 0),
            mixed_event(f, 1)
        );
    }
    y.push_str(concat!(
        "resources:\n",
        "  Resources:\n",
        "    Jobs:\n",
        "      Type: AWS::SQS::Queue\n",
    ));
    y
}

/// The `second`-th event (0 or 1) of function `f` in [`mixed_events_yaml`].
fn mixed_event(f: usize, second: usize) -> String {
    match (f * 2 + second) % 10 {
        0 => format!("      - http: GET /items{f}/{{id}}\n"),
        1 => format!("      - httpApi: 'POST /orders{f}'\n"),
        2 => format!(
            "      - schedule:\n          rate: rate({} minutes)\n          input:\n            fn: {f}\n",
            f % 50 + 2
        ),
        3 => format!(
            "      - sqs:\n          arn: arn:aws:sqs:us-east-1:123456789012:queue{f}\n          batchSize: 5\n"
        ),
        4 => format!("      - sns: topic{f}\n"),
        5 => format!(
            "      - s3:\n          bucket: synth-mixed-bucket{f}\n          event: s3:ObjectCreated:*\n          rules:\n            - suffix: .json\n"
        ),
        6 => format!(
            "      - stream:\n          type: dynamodb\n          arn: arn:aws:dynamodb:us-east-1:123456789012:table/T{f}/stream/2024-01-01T00:00:00.000\n"
        ),
        7 => format!(
            "      - eventBridge:\n          pattern:\n            source:\n              - synth.{f}\n"
        ),
        8 => format!("      - cloudwatchLog: /aws/lambda/other{f}\n"),
        _ => format!("      - iot:\n          sql: \"SELECT * FROM 'topic/{f}'\"\n"),
    }
}

/// Writes the service of [`mixed_events_yaml`] into `dir`, with a handler file per function.
pub fn write_mixed_service(dir: &std::path::Path, functions: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("serverless.yml"), mixed_events_yaml(functions))?;
    for f in 0..functions {
        std::fs::write(
            dir.join(format!("src/fn{f}.js")),
            "module.exports.handler = async (event) => event;\n",
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_the_requested_number_of_endpoints() {
        let y = super::service_yaml(100);
        assert_eq!(y.matches("- http").count(), 100);
        assert_eq!(y.matches("\n  fn").count(), 25);
    }

    #[test]
    fn the_mixed_service_compiles_whole() {
        let dir = tempfile::tempdir().unwrap();
        super::write_mixed_service(dir.path(), 100).unwrap();
        let session = crate::pipeline::run(&crate::pipeline::PipelineInput {
            cwd: dir.path().to_path_buf(),
            ..Default::default()
        });
        let problems: Vec<String> = session
            .diagnostics
            .0
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(problems.is_empty(), "{problems:#?}");
        let service = session.service.expect("service");
        let template = crate::cfn::compile(&service, &Default::default());
        let resources = template.resources().expect("resources");
        for kind in [
            "AWS::Events::Rule",
            "AWS::Lambda::EventSourceMapping",
            "AWS::SNS::Topic",
            "AWS::S3::Bucket",
            "AWS::Logs::SubscriptionFilter",
            "AWS::IoT::TopicRule",
            "AWS::ApiGatewayV2::Route",
            "AWS::ApiGateway::Method",
        ] {
            assert!(
                resources.values().any(|r| r["Type"] == kind),
                "no {kind} in the template"
            );
        }
    }
}
