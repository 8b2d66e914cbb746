//! `slsc emulate`: API Gateway REST and Lambda on the loopback, from the same IR that
//! `compile` reads. [`routes`] derives the routing table, [`gateway`] answers HTTP requests as
//! API Gateway would, and the Lambda runtime runs the user's handlers behind
//! [`gateway::Lambda`].

pub mod gateway;
pub mod ids;
pub mod routes;

#[cfg(test)]
mod test_support;
