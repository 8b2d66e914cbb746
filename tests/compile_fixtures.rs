//! Every fixture compiles to the template real Serverless Framework v3 produced for it
//! (`expected/sls-v3.json`, `expected/sls-v3-create.json`), after normalizing only the three
//! volatile parts; and compiling twice gives the same bytes.

mod support;

use slsc::cfn::{self, CompileOptions, compare};

#[test]
fn every_fixture_matches_serverless_v3() {
    let mut report = String::new();
    let names = support::fixture_names();
    assert!(names.len() >= 15, "only {} fixtures", names.len());
    for name in &names {
        let session = support::run_fixture(name);
        let service = session.service.expect("lowered service");
        let dir = support::fixtures_dir().join(name).join("expected");
        let update = cfn::compile(&service, &CompileOptions::default());
        match support::read_json(&dir.join("sls-v3.json")) {
            Some(want) => {
                if let Some(d) = compare::difference(&want, &update.0) {
                    report += &format!("== {name}: update-stack template differs\n{d}\n");
                }
            }
            None => report += &format!("== {name}: no expected/sls-v3.json\n"),
        }
        if let Some(want) = support::read_json(&dir.join("sls-v3-create.json"))
            && let Some(d) = compare::difference(&want, &cfn::compile_create(&service).0)
        {
            report += &format!("== {name}: create-stack template differs\n{d}\n");
        }
        let again = cfn::compile(&service, &CompileOptions::default());
        if again.to_pretty_string() != update.to_pretty_string() {
            report += &format!("== {name}: two compilations differ\n");
        }
    }
    assert!(report.is_empty(), "{report}");
}
