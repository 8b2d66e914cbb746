//! `slsc deploy --dry-run`: the update change set's changes (add, modify, replace, remove), then
//! the change set is deleted and the stack left as it was.

use super::client::Clients;
use super::error::Result;
use super::stack::{self, TemplateSource};
use crate::ir::Service;
use aws_sdk_cloudformation::types::{Change, ChangeSetType};

/// Prints what the change set would do, then deletes it.
pub async fn dry_run(
    c: &Clients,
    svc: &Service,
    kind: ChangeSetType,
    source: &TemplateSource,
) -> Result<()> {
    let name = crate::ir::naming::stack_name(svc);
    stack::delete_change_set(c, &name).await;
    let changes = stack::create_change_set(c, svc, kind, source, true).await?;
    stack::delete_change_set(c, &name).await;
    match changes {
        None => println!("no changes"),
        Some(changes) => {
            for line in change_lines(&changes) {
                println!("{line}");
            }
        }
    }
    eprintln!("Dry run: change set deleted, stack {name} left as it was");
    Ok(())
}

/// `add     HelloLambdaFunction (AWS::Lambda::Function)`, one per change.
pub fn change_lines(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .filter_map(|ch| ch.resource_change())
        .map(|rc| {
            let action = rc.action().map(|a| a.as_str()).unwrap_or("?");
            let replace = rc.replacement().is_some_and(|r| r.as_str() == "True");
            let word = match action {
                "Add" => "add",
                "Remove" => "remove",
                "Modify" if replace => "replace",
                "Modify" => "modify",
                other => other,
            };
            format!(
                "{word:<8}{} ({})",
                rc.logical_resource_id().unwrap_or_default(),
                rc.resource_type().unwrap_or_default()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudformation::types::{ChangeAction, Replacement, ResourceChange};

    #[test]
    fn change_lines_name_the_action() {
        let change = |action: ChangeAction, replace: Option<Replacement>, id: &str| {
            Change::builder()
                .resource_change(
                    ResourceChange::builder()
                        .action(action)
                        .set_replacement(replace)
                        .logical_resource_id(id)
                        .resource_type("AWS::Lambda::Function")
                        .build(),
                )
                .build()
        };
        let lines = change_lines(&[
            change(ChangeAction::Add, None, "A"),
            change(ChangeAction::Modify, Some(Replacement::False), "B"),
            change(ChangeAction::Modify, Some(Replacement::True), "C"),
            change(ChangeAction::Remove, None, "D"),
        ]);
        assert_eq!(
            lines,
            vec![
                "add     A (AWS::Lambda::Function)",
                "modify  B (AWS::Lambda::Function)",
                "replace C (AWS::Lambda::Function)",
                "remove  D (AWS::Lambda::Function)",
            ]
        );
    }
}
