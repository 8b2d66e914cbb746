//! slsc: a compiler and local emulator for Serverless Framework `serverless.yml` files
//! (AWS provider, API Gateway REST).
//!
//! One way through, each stage a module with one job:
//! [`load`] (YAML with spans) → [`vars`] (variables) → [`schema`] (JSON Schema) →
//! [`ir`] (typed, normalized service) → backends ([`cfn`], [`package`] + [`deploy`], and later
//! the emulator).
//! Backends read only the IR.

pub mod alloc;
pub mod cfn;
pub mod check;
pub mod commands;
pub mod common;
pub mod config;
pub mod deploy;
pub mod diag;
pub mod emulate;
pub mod ir;
pub mod load;
pub mod package;
pub mod par;
pub mod pipeline;
pub mod schema;
pub mod source;
pub mod synth;
pub mod vars;
pub mod vtl;
pub mod yaml_out;
