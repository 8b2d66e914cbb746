//! The subcommands that package the service or talk to AWS (`package`, `deploy`, `deploy list`,
//! `remove`, `info`, `rollback`): their arguments (flattened into `main.rs`'s command list) and
//! how each runs.

use super::Global;
use super::{load_service, prepare};
use crate::deploy::deploy::{DeployOptions, deploy};
use crate::deploy::{AwsOptions, Clients, Failure, manage};
use clap::{Args, Subcommand};
use std::future::Future;
use std::path::PathBuf;

/// How to reach AWS.
#[derive(Args, Clone, Debug, Default)]
pub struct AwsArgs {
    /// AWS profile (default: the default credential chain: environment, AWS_PROFILE, SSO, ...)
    #[arg(long = "aws-profile", value_name = "NAME")]
    pub profile: Option<String>,
    /// Endpoint of an AWS emulator (LocalStack, moto); S3 then uses path-style addresses
    #[arg(long = "endpoint-url", env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
}

#[derive(Subcommand, Clone, Debug)]
pub enum AwsCommand {
    /// Zip the service and write the zips and both templates into .serverless/
    Package {
        /// Output folder (default: .serverless in the service folder)
        #[arg(short = 'p', long = "package", value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Deploy the service to AWS with CloudFormation, like `serverless deploy`
    Deploy {
        #[command(subcommand)]
        list: Option<DeploySub>,
        /// Create the change set, print what it would change, delete it
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// Empty the deployment bucket's service folder and delete the stack
    Remove {
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// Print the deployed stack's status, endpoints, functions and outputs
    Info {
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// Redeploy an earlier deployment (see `slsc deploy list`)
    Rollback {
        /// The deployment's timestamp
        #[arg(short = 't', long)]
        timestamp: Option<String>,
        #[command(flatten)]
        aws: AwsArgs,
    },
}

#[derive(Subcommand, Clone, Debug)]
pub enum DeploySub {
    /// List the deployments kept in the deployment bucket
    List {
        #[command(flatten)]
        aws: AwsArgs,
    },
}

pub fn run(global: &Global, cmd: AwsCommand) -> u8 {
    match cmd {
        AwsCommand::Package { out } => super::package::run(global, out),
        AwsCommand::Deploy {
            list: Some(DeploySub::List { aws }),
            ..
        } => with_service(global, "deploy list", &aws, |c, svc| async move {
            manage::list(&c, &svc).await
        }),
        AwsCommand::Deploy { dry_run, aws, .. } => {
            let p = match prepare(global, "deploy") {
                Ok(p) => p,
                Err(code) => return code,
            };
            if !dry_run && let Err(e) = p.package.write(&p.service.dir.join(".serverless")) {
                eprintln!("error: {e}");
                return 1;
            }
            let opts = DeployOptions { dry_run };
            on_aws(&aws, &p.service.region.clone(), |c| async move {
                deploy(&c, &p.service, &p.package, &opts).await
            })
        }
        AwsCommand::Remove { aws } => with_service(global, "remove", &aws, |c, svc| async move {
            manage::remove(&c, &svc).await
        }),
        AwsCommand::Info { aws } => with_service(global, "info", &aws, |c, svc| async move {
            manage::info(&c, &svc).await
        }),
        AwsCommand::Rollback { timestamp, aws } => {
            with_service(global, "rollback", &aws, |c, svc| async move {
                manage::rollback(&c, &svc, timestamp.as_deref()).await
            })
        }
    }
}

/// Loads the service (no packaging) for `command` and runs `f` with AWS clients.
fn with_service<F, Fut>(global: &Global, command: &str, aws: &AwsArgs, f: F) -> u8
where
    F: FnOnce(Clients, crate::ir::Service) -> Fut,
    Fut: Future<Output = Result<(), Failure>>,
{
    let (svc, _) = match load_service(global, command) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let region = svc.region.clone();
    on_aws(aws, &region, |c| f(c, svc))
}

/// Runs `f` on a runtime with clients for `region`; prints a failure as one line, then how
/// many AWS requests were made and how long it all took.
fn on_aws<F, Fut>(aws: &AwsArgs, region: &str, f: F) -> u8
where
    F: FnOnce(Clients) -> Fut,
    Fut: Future<Output = Result<(), Failure>>,
{
    let rt = match super::async_runtime(false) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let opts = AwsOptions {
        profile: aws.profile.clone(),
        endpoint_url: aws.endpoint_url.clone().filter(|u| !u.is_empty()),
    };
    let started = std::time::Instant::now();
    rt.block_on(async {
        let c = Clients::new(&opts, region).await;
        let result = f(c.clone()).await;
        eprintln!(
            "({} AWS requests, {:.2} s)",
            c.requests(),
            started.elapsed().as_secs_f64()
        );
        match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {}", e.message);
                e.code
            }
        }
    })
}
