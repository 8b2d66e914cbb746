//! `slsc emulate`: serves a service locally the way API Gateway REST and Lambda do.

pub mod runtime;
