//! Small building blocks every stage and backend shares, each with one home: dates and times
//! ([`time`]), random numbers and the ids built from them ([`ids`]), and SHA-256 digests
//! ([`digest`]). Nothing here knows about services, templates or requests.

pub mod digest;
pub mod ids;
pub mod time;
