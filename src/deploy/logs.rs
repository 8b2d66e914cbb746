//! A deployed function's log lines from its CloudWatch Logs group (`/aws/lambda/<name>`), as
//! `sls logs` reads them: `FilterLogEvents` over the group from a start time (10 minutes back
//! unless told; 10 seconds when following), `END` lines left out, and, following, asked again
//! every second from past the last line seen.

use super::Clients;
use super::error::{Result, aws};
use crate::emulate::log_ring::{Level, level_of};

/// Which lines to read.
#[derive(Clone, Debug)]
pub struct LogQuery {
    pub group: String,
    /// Milliseconds since the epoch.
    pub start: u64,
    pub level: Option<Level>,
    /// The latest this many.
    pub limit: Option<usize>,
}

/// Lines read at most in one go (a page of `FilterLogEvents` holds up to 10,000).
const MAX_EVENTS: usize = 100_000;

/// One line: (time in milliseconds, event id, message).
pub type Event = (u64, String, String);

/// The lines `q` asks for, oldest first.
pub async fn read(c: &Clients, q: &LogQuery) -> Result<Vec<Event>> {
    let mut out: Vec<Event> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let resp = c
            .logs
            .filter_log_events()
            .log_group_name(&q.group)
            .start_time(i64::try_from(q.start).unwrap_or(i64::MAX))
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| aws(&format!("cannot read the log group {}", q.group), &e))?;
        for e in resp.events() {
            let message = e.message().unwrap_or("").trim_end_matches('\n').to_string();
            if message.starts_with("END") {
                continue;
            }
            // Lambda's own lines (START, REPORT) have no level: they pass a level filter
            // only when no level is asked for
            if let Some(min) = q.level
                && level_of(&message).is_none_or(|l| l < min)
            {
                continue;
            }
            let time = e.timestamp().map_or(0, |t| u64::try_from(t).unwrap_or(0));
            out.push((time, e.event_id().unwrap_or("").to_string(), message));
        }
        token = resp.next_token().map(str::to_string);
        if token.is_none() || out.len() >= MAX_EVENTS {
            break;
        }
    }
    out.sort_by_key(|e| e.0);
    if let Some(n) = q.limit
        && out.len() > n
    {
        out.drain(..out.len() - n);
    }
    Ok(out)
}
