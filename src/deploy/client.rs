//! The AWS clients (CloudFormation, S3, API Gateway, CloudWatch Logs): the default credential chain (environment, profiles, SSO, processes) with
//! `--aws-profile`, the service's region, and `--endpoint-url` / `AWS_ENDPOINT_URL` (LocalStack,
//! moto), which also turns S3 to path-style addressing. Every HTTP request (retries included) is
//! counted, so commands can say how many they made.

use aws_config::BehaviorVersion;
use aws_sdk_s3::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_s3::config::{ConfigBag, Intercept, Region, RuntimeComponents};
use aws_sdk_s3::error::BoxError;
use aws_smithy_http_client::tls;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How to reach AWS.
#[derive(Clone, Debug, Default)]
pub struct AwsOptions {
    /// `--aws-profile`.
    pub profile: Option<String>,
    /// `--endpoint-url` or `AWS_ENDPOINT_URL`.
    pub endpoint_url: Option<String>,
}

/// The CloudFormation, S3 and API Gateway clients of one command.
#[derive(Clone, Debug)]
pub struct Clients {
    pub cfn: aws_sdk_cloudformation::Client,
    pub s3: aws_sdk_s3::Client,
    /// The REST API stage's settings after a deploy ([`super::stage`]).
    pub apigateway: aws_sdk_apigateway::Client,
    /// A deployed function's log lines (`slsc logs`).
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub region: String,
    pub endpoint_url: Option<String>,
    requests: Arc<AtomicUsize>,
}

impl Clients {
    /// Clients for `region`.
    pub async fn new(opts: &AwsOptions, region: &str) -> Clients {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .region(Region::new(region.to_string()));
        if let Some(p) = &opts.profile {
            loader = loader.profile_name(p);
        }
        if let Some(url) = &opts.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let shared = loader.load().await;
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Counter(requests.clone());
        let cfn_conf = aws_sdk_cloudformation::config::Builder::from(&shared)
            .interceptor(counter.clone())
            .build();
        let apigateway_conf = aws_sdk_apigateway::config::Builder::from(&shared)
            .interceptor(counter.clone())
            .build();
        let logs_conf = aws_sdk_cloudwatchlogs::config::Builder::from(&shared)
            .interceptor(counter.clone())
            .build();
        let s3_conf = aws_sdk_s3::config::Builder::from(&shared)
            .interceptor(counter)
            .force_path_style(opts.endpoint_url.is_some())
            .build();
        Clients {
            cfn: aws_sdk_cloudformation::Client::from_conf(cfn_conf),
            s3: aws_sdk_s3::Client::from_conf(s3_conf),
            apigateway: aws_sdk_apigateway::Client::from_conf(apigateway_conf),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(logs_conf),
            region: region.to_string(),
            endpoint_url: opts.endpoint_url.clone(),
            requests,
        }
    }

    /// HTTP requests sent so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }
}

#[derive(Clone, Debug)]
struct Counter(Arc<AtomicUsize>);

impl Intercept for Counter {
    fn name(&self) -> &'static str {
        "slsc-request-counter"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}
