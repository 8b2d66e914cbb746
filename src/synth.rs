//! Synthetic services of any size, for benchmarks and scale tests: realistic `serverless.yml`
//! text with a mix of every kind of `http` event, variables and CloudFormation tags.

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

#[cfg(test)]
mod tests {
    #[test]
    fn has_the_requested_number_of_endpoints() {
        let y = super::service_yaml(100);
        assert_eq!(y.matches("- http").count(), 100);
        assert_eq!(y.matches("\n  fn").count(), 25);
    }
}
