//! Tests of the CloudFormation backend: hand-built IR for fixtures (until lowering lands),
//! compared with SF v3's templates.

mod builders;
mod fixtures;
mod hand_built;
mod hand_built_api;

