//! Waiting for a stack operation: polls the stack's events, prints each new one as a line
//! (`  UPDATE_COMPLETE - AWS::Lambda::Function - HelloLambdaFunction`), keeps a spinner with the
//! count of resources done, collects the failures with their reasons, and stops at the
//! operation's final status. Ctrl-C stops waiting (not the operation) and says how to follow it.

use super::client::Clients;
use super::error::{Failure, Result};
use super::stack::poll_interval;
use aws_sdk_cloudformation::types::StackEvent;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashSet;

/// The stack operation being waited for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    fn word(self) -> &'static str {
        match self {
            Action::Create => "CREATE",
            Action::Update => "UPDATE",
            Action::Delete => "DELETE",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Action::Create => "Creating",
            Action::Update => "Updating",
            Action::Delete => "Removing",
        }
    }
}

/// How the operation ended.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The stack's final status (`UPDATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`, ...).
    pub status: String,
    /// `(logical id, type, status, reason)` of every failed resource, first failure first.
    pub failures: Vec<(String, String, String, String)>,
}

impl Outcome {
    /// Whether the operation did what was asked.
    pub fn succeeded(&self, action: Action) -> bool {
        self.status == format!("{}_COMPLETE", action.word())
    }
}

/// The id of the newest event of `stack` (events up to it belong to earlier operations).
pub async fn newest_event(c: &Clients, stack: &str) -> Option<String> {
    let out = c
        .cfn
        .describe_stack_events()
        .stack_name(stack)
        .send()
        .await
        .ok()?;
    out.stack_events().first()?.event_id().map(String::from)
}

fn final_status(action: Action, status: &str) -> bool {
    match action {
        Action::Create => matches!(
            status,
            "CREATE_COMPLETE"
                | "CREATE_FAILED"
                | "ROLLBACK_COMPLETE"
                | "ROLLBACK_FAILED"
                | "DELETE_COMPLETE"
                | "DELETE_FAILED"
        ),
        Action::Update => matches!(
            status,
            "UPDATE_COMPLETE"
                | "UPDATE_FAILED"
                | "UPDATE_ROLLBACK_COMPLETE"
                | "UPDATE_ROLLBACK_FAILED"
        ),
        Action::Delete => matches!(status, "DELETE_COMPLETE" | "DELETE_FAILED"),
    }
}

/// A stack operation to follow: `action` on stack `stack_id` (name or ARN), whose events start
/// after `after`; `total` is the number of changes, for the progress count.
pub struct Operation<'a> {
    pub stack_name: &'a str,
    pub stack_id: &'a str,
    pub action: Action,
    pub after: Option<String>,
    pub total: usize,
}

/// Waits for `op` to finish, showing its progress.
pub async fn wait(c: &Clients, op: Operation<'_>) -> Result<Outcome> {
    let action = op.action;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar.set_message(format!("{} CloudFormation stack", action.verb()));
    let result = tokio::select! {
        r = poll(c, op, &bar) => r,
        _ = tokio::signal::ctrl_c() => Err(Failure {
            message: format!(
                "interrupted: stopped waiting, the stack operation goes on on AWS; follow it with `slsc info` or at https://{region}.console.aws.amazon.com/cloudformation/home?region={region}#/stacks",
                region = c.region
            ),
            code: 130,
        }),
    };
    bar.finish_and_clear();
    result
}

async fn poll(c: &Clients, op: Operation<'_>, bar: &ProgressBar) -> Result<Outcome> {
    let Operation {
        stack_name,
        stack_id,
        action,
        after,
        total,
    } = op;
    let mut seen: HashSet<String> = HashSet::new();
    let mut done: HashSet<String> = HashSet::new();
    let mut outcome = Outcome {
        status: String::new(),
        failures: Vec::new(),
    };
    loop {
        let events = match c
            .cfn
            .describe_stack_events()
            .stack_name(stack_id)
            .send()
            .await
        {
            Ok(out) => out.stack_events().to_vec(),
            Err(e) if action == Action::Delete && super::error::is_missing_stack(&e) => {
                outcome.status = "DELETE_COMPLETE".into();
                return Ok(outcome);
            }
            Err(e) => return Err(super::error::aws("cannot read the stack events", &e)),
        };
        // newest first: keep those after `after`, then oldest first
        let mut fresh: Vec<&StackEvent> = events
            .iter()
            .take_while(|e| after.is_none() || e.event_id() != after.as_deref())
            .collect();
        fresh.reverse();
        for e in fresh {
            let id = e.event_id().unwrap_or_default().to_string();
            if !seen.insert(id) {
                continue;
            }
            let status = e
                .resource_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            let kind = e.resource_type().unwrap_or_default();
            let logical = e.logical_resource_id().unwrap_or_default();
            let reason = e.resource_status_reason().unwrap_or_default();
            let mut line = format!("  {status} - {kind} - {logical}");
            if status.ends_with("FAILED") && !reason.is_empty() {
                line.push_str(&format!(" ({reason})"));
            }
            say(bar, &line);
            if kind == "AWS::CloudFormation::Stack" && logical == stack_name {
                outcome.status = status.clone();
            } else if status.ends_with("COMPLETE") {
                done.insert(logical.to_string());
            }
            if status.ends_with("FAILED") && kind != "AWS::CloudFormation::Stack" {
                outcome.failures.push((
                    logical.to_string(),
                    kind.to_string(),
                    status.clone(),
                    reason.to_string(),
                ));
            }
        }
        if total > 0 {
            bar.set_message(format!(
                "{} CloudFormation stack ({}/{total})",
                action.verb(),
                done.len().min(total)
            ));
        }
        if final_status(action, &outcome.status) {
            return Ok(outcome);
        }
        tokio::time::sleep(poll_interval()).await;
    }
}

/// Prints `line` above the spinner (or plainly when stderr is not a terminal).
pub fn say(bar: &ProgressBar, line: &str) {
    if bar.is_hidden() {
        eprintln!("{line}");
    } else {
        bar.println(line);
    }
}

/// The failure explanation: each failed resource with its status and reason.
pub fn explain(stack: &str, action: Action, o: &Outcome) -> String {
    let mut s = format!(
        "stack {stack} failed to {} (final status {})",
        action.word().to_lowercase(),
        o.status
    );
    for (logical, kind, status, reason) in &o.failures {
        s.push_str(&format!("\n  {status}: {logical} ({kind}): {reason}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_listed_with_reasons() {
        let o = Outcome {
            status: "UPDATE_ROLLBACK_COMPLETE".into(),
            failures: vec![(
                "HelloLambdaFunction".into(),
                "AWS::Lambda::Function".into(),
                "UPDATE_FAILED".into(),
                "S3 key does not exist".into(),
            )],
        };
        assert!(!o.succeeded(Action::Update));
        assert_eq!(
            explain("svc-dev", Action::Update, &o),
            "stack svc-dev failed to update (final status UPDATE_ROLLBACK_COMPLETE)\n  UPDATE_FAILED: HelloLambdaFunction (AWS::Lambda::Function): S3 key does not exist"
        );
    }

    #[test]
    fn final_statuses_per_action() {
        let cases = [
            (Action::Create, "CREATE_COMPLETE", true),
            (Action::Create, "ROLLBACK_COMPLETE", true),
            (Action::Create, "CREATE_IN_PROGRESS", false),
            (Action::Update, "UPDATE_ROLLBACK_COMPLETE", true),
            (Action::Update, "UPDATE_ROLLBACK_IN_PROGRESS", false),
            (Action::Update, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", false),
            (Action::Delete, "DELETE_COMPLETE", true),
            (Action::Delete, "DELETE_IN_PROGRESS", false),
        ];
        for (a, s, want) in cases {
            assert_eq!(final_status(a, s), want, "{a:?} {s}");
        }
    }
}
