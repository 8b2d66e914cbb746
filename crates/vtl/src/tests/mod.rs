//! Tests of the VTL engine: language golden tests, API Gateway objects, Serverless Framework's
//! default templates, and robustness.

mod apigw;
mod java;
mod lang;
mod robust;
mod sf;
