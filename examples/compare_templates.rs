//! Compares two CloudFormation templates as the fixture tests do (the volatile ids and keys
//! normalized, see `slsc::cfn::compare`): `compare_templates <sf-v3.json> <slsc.json>` prints
//! the differences and exits 1 when there are any. `scripts/examples-sweep.sh` runs it.

use slsc::cfn::compare;
use std::process::ExitCode;

fn read(path: &str) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [want, got] = args.as_slice() else {
        eprintln!("usage: compare_templates <expected.json> <actual.json>");
        return ExitCode::from(2);
    };
    match (read(want), read(got)) {
        (Ok(want), Ok(got)) => match compare::difference(&want, &got) {
            None => ExitCode::SUCCESS,
            Some(d) => {
                println!("{d}");
                ExitCode::FAILURE
            }
        },
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
