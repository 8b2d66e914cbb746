//! slsc: a compiler, deployer and local emulator for Serverless Framework `serverless.yml`
//! files (AWS provider).
//!
//! # The pipeline
//!
//! Every command runs the same front end ([`pipeline`]), one stage per module, in this order:
//!
//! 1. [`load`]: the file's bytes → a YAML tree that remembers every node's span ([`source`]),
//!    CloudFormation short tags in their long form, anchors and merge keys expanded within
//!    budgets.
//! 2. [`vars`]: every `${...}` variable resolved with Serverless Framework v3's semantics.
//! 3. [`schema`] and [`ir`] at once, on two cores ([`par`]): the schema validates the resolved
//!    tree against the JSON Schema generated from [`config`], while [`ir::lower`] turns the same
//!    tree into the typed, normalized service every backend reads, [`check`] runs the semantic
//!    checks the schema cannot express, and the command's next step (packaging, compiling) may
//!    start. The findings are merged as if the stages had run one after the other. The schema's
//!    validator itself is compiled on a background thread from the moment the command starts.
//!
//! Every finding is a [`diag::Diagnostic`] at its span, with a stable code and a hint.
//!
//! # Backends
//!
//! Backends read only the IR, never the YAML, and never each other's internals (packaging and
//! deploy use the CloudFormation backend through its public entry points: the options it
//! compiles with, and the template it returns):
//! - [`cfn`]: the CloudFormation template SF v3 would deploy (`slsc compile`). For a large API
//!   its API Gateway steps run on a second thread beside the functions', and the largest steps
//!   (methods, CORS preflights, the deployment fingerprint, finishing and printing the template)
//!   share their items between two threads ([`par::map`]).
//! - [`package`]: the service's code zipped as SF v3 zips it, reproducibly; [`deploy`] takes the
//!   zips and the compiled template to AWS (CloudFormation, S3).
//! - [`emulate`]: the service on the loopback, API Gateway (REST and HTTP APIs) in front of the
//!   user's handlers in warm workers speaking the Lambda Runtime API; its mapping templates run
//!   on a Velocity engine of our own, the crate [`slsc_vtl`] (`crates/vtl`), which depends on
//!   nothing else here.
//!
//! # Around them
//!
//! - [`commands`]: what each subcommand does on top of the pipeline (`main.rs` only parses the
//!   command line).
//! - [`lsp`]: `slsc lsp`, a language server giving editors the pipeline's diagnostics, hover on
//!   variables, definitions and completion; [`schema::editor`] is the schema's editor flavour.
//! - [`common`]: dates, random ids and digests, shared by every stage.
//! - [`schedule`]: EventBridge's `rate(...)` and `cron(...)` expressions, read once for the
//!   checks (what AWS rejects) and the emulator (when a schedule fires).
//! - [`custom_resources`]: the Node.js handlers of the custom resources in SF v3's templates,
//!   embedded and zipped once; [`cfn`] names the zip's key, [`package`] and [`deploy`] ship it.
//! - [`par`]: work split between two threads, each starting on its own core.
//! - [`alloc`]: the allocator's settings for one-shot commands and for the emulator.
//! - [`yaml_out`]: YAML as `slsc print` writes it.
//! - [`synth`]: generated services of any size, for benchmarks and scale tests.
//! - [`generate`]: `slsc generate function`: handler and test stubs from handlebars templates,
//!   and the function added to `serverless.yml` by editing its text at the loader's spans.
//! - [`sample_events`]: events shaped as AWS sends them (SQS, S3, API Gateway, ...), for
//!   `slsc generate-event` and `slsc invoke --event`.

pub mod alloc;
pub mod cfn;
pub mod check;
pub mod commands;
pub mod common;
pub mod config;
pub mod custom_resources;
pub mod deploy;
pub mod diag;
pub mod emulate;
pub mod generate;
pub mod ir;
pub mod load;
pub mod lsp;
pub mod package;
pub mod par;
pub mod pipeline;
pub mod sample_events;
pub mod schedule;
pub mod schema;
pub mod source;
pub mod synth;
pub mod vars;
pub mod yaml_out;
