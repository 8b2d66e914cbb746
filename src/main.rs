//! The `slsc` command line: argument parsing and dispatch, nothing else.

use clap::{Args, Parser, Subcommand, ValueEnum};
use slsc::commands::{self, Format, Global};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: the emulator's request path and the compiler's value trees are allocation-bound,
/// and it serves them markedly faster than the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "slsc",
    version,
    about = "Compile, check, deploy and run Serverless Framework v3 services (AWS: REST and HTTP APIs)",
    propagate_version = true
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct GlobalArgs {
    /// Configuration file (default: serverless.yml, then serverless.yaml, in the current folder)
    #[arg(short = 'c', long = "config", global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Stage (default: provider.stage, then dev)
    #[arg(short = 's', long, global = true)]
    stage: Option<String>,
    /// Region (default: provider.region, then us-east-1)
    #[arg(short = 'r', long, global = true)]
    region: Option<String>,
    /// A parameter for ${param:KEY}, as KEY=VALUE (repeatable)
    #[arg(long = "param", global = true, value_name = "KEY=VALUE", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// Colors in diagnostics
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check serverless.yml: YAML, variables, schema and what AWS would reject
    Validate {
        /// Output format for diagnostics
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the CloudFormation template (the one Serverless Framework v3 would deploy)
    Compile {
        /// The create-stack template (deployment bucket only) instead of the update-stack one
        #[arg(long)]
        create: bool,
        /// Write to FILE instead of stdout
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Suffix of the ApiGatewayDeployment logical ID (default: a hash of the API)
        #[arg(long, value_name = "ID")]
        deployment_id: Option<String>,
        /// Compile the rest of the service when some events are not supported yet
        #[arg(long)]
        skip_unsupported: bool,
    },
    /// Write a generated service with N http endpoints into DIR (for benchmarks)
    #[command(hide = true)]
    Synth {
        #[arg(long, default_value_t = 1000)]
        endpoints: usize,
        dir: PathBuf,
    },
    /// Serve the API on 127.0.0.1 as API Gateway + Lambda would, running the real handlers
    Emulate(commands::emulate::Options),
    /// Run one function locally, once, with an event (like `serverless invoke local`)
    Invoke(commands::invoke::Options),
    /// Generate code: `slsc generate function NAME` writes a handler and adds it to serverless.yml
    Generate {
        #[command(subcommand)]
        what: commands::generate::What,
    },
    /// Print a sample event of SOURCE (sqs, s3, apigateway, ...), shaped as AWS sends it
    GenerateEvent(Box<commands::generate_event::Options>),
    /// Print a function's log lines: from the running emulator, else from CloudWatch
    Logs(Box<commands::logs::Options>),
    /// List the routes the emulator serves (method, path, function, integration, auth)
    Routes(commands::routes::Options),
    /// Print the configuration with every variable resolved, like `serverless print`
    Print {
        /// yaml or json
        #[arg(long, value_enum, default_value_t = PrintFormat::Yaml)]
        format: PrintFormat,
    },
    /// Serve the Language Server Protocol on stdin/stdout (diagnostics, hover, completion)
    Lsp,
    /// Print the JSON Schema of serverless.yml for editors (yaml-language-server and the like)
    Schema {
        /// The strict schema `slsc validate` checks resolved configurations with instead
        #[arg(long)]
        strict: bool,
    },
    #[command(flatten)]
    Aws(commands::aws::AwsCommand),
}

#[derive(Clone, Copy, ValueEnum)]
enum PrintFormat {
    Yaml,
    Json,
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not KEY=VALUE")),
    }
}

fn main() -> ExitCode {
    // commands run once and exit: freed memory is reused, never handed back (src/alloc.rs)
    slsc::alloc::keep_freed_memory();
    // Most commands validate the configuration, and compiling the schema's validator is most
    // of a small service's run: it starts before the command line is even parsed.
    slsc::schema::prepare_in_background();
    let cli = Cli::parse();
    let g = cli.global;
    let global = Global {
        config: g.config,
        stage: g.stage,
        region: g.region,
        params: g.params,
        color: match g.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => commands::stderr_supports_color(),
        },
    };
    let code = match cli.command {
        Command::Validate { format } => commands::validate::run(&global, format),
        Command::Compile {
            create,
            output,
            deployment_id,
            skip_unsupported,
        } => commands::compile::run(
            &global,
            &commands::compile::Options {
                create,
                output,
                deployment_id,
                skip_unsupported,
            },
        ),
        Command::Emulate(opts) => {
            slsc::alloc::return_freed_memory();
            commands::emulate::run(&global, &opts)
        }
        Command::Routes(opts) => commands::routes::run(&global, &opts),
        Command::Invoke(opts) => commands::invoke::run(&global, &opts),
        Command::Logs(opts) => commands::logs::run(&global, &opts),
        Command::Generate { what } => commands::generate::run(&global, &what),
        Command::GenerateEvent(opts) => commands::generate_event::run(&global, &opts),
        Command::Synth { endpoints, dir } => commands::synth(&dir, endpoints),
        Command::Print { format } => {
            commands::print::run(&global, matches!(format, PrintFormat::Json))
        }
        Command::Lsp => {
            // a long-running server, like the emulator: freed memory goes back to the system
            slsc::alloc::return_freed_memory();
            slsc::lsp::run(slsc::lsp::Settings::new(
                global.stage.clone(),
                global.region.clone(),
                global.params.clone(),
            ))
        }
        Command::Schema { strict } => {
            let text = if strict {
                slsc::schema::schema_text()
            } else {
                slsc::schema::editor_schema_text()
            };
            print!("{text}");
            0
        }
        Command::Aws(cmd) => commands::aws::run(&global, cmd),
    };
    ExitCode::from(code)
}
