//! Deploying to AWS with the SDK (aws-config, CloudFormation, S3), as `serverless deploy`,
//! `remove`, `info`, `deploy list` and `rollback` do: [`client`] (credentials, region,
//! endpoint), [`stack`] (CloudFormation calls), [`stage`] (the REST API stage's settings),
//! [`bucket`] (the deployment bucket and the
//! deploy state), [`monitor`] (following stack events), the flows in [`deploy`](mod@deploy),
//! [`dry_run`] and [`manage`], and what they print ([`summary`]); a deployed function's log
//! lines for `slsc logs` ([`logs`]).

pub mod bucket;
pub mod client;
#[allow(clippy::module_inception)]
pub mod deploy;
pub mod dry_run;
pub mod error;
pub mod logs;
pub mod manage;
pub mod monitor;
pub mod stack;
pub mod stage;
pub mod summary;
pub mod timestamp;

pub use client::{AwsOptions, Clients};
pub use error::Failure;
