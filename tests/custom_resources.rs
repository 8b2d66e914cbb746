//! The custom resource handlers (`custom-resources/`, Node.js) under their own tests: each
//! handler's Create, Update and Delete against a fake AWS, and its answer (success or
//! failure) received by a local server standing in for CloudFormation's response URL. Moto
//! cannot run Lambda, so this is where their behaviour is checked.

use std::process::Command;

#[test]
fn every_custom_resource_handler_passes_its_node_tests() {
    let Ok(version) = Command::new("node").arg("--version").output() else {
        // CI installs Node.js (.ci/run); a developer machine without it skips, loudly.
        assert!(std::env::var_os("CI").is_none(), "node is not installed");
        eprintln!("node not installed: skipping the custom resource handler tests");
        return;
    };
    assert!(version.status.success());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("custom-resources");
    // the files by name: Node.js 20 and 22 read a folder argument differently
    let mut files: Vec<String> = std::fs::read_dir(dir.join("test"))
        .expect("custom-resources/test")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".test.js"))
        .map(|n| format!("test/{n}"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    let out = Command::new("node")
        .arg("--test")
        .args(&files)
        .current_dir(&dir)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "node --test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the suite ran (a runner that finds no file passes with no test)
    let passed = stdout
        .lines()
        .find_map(|l| l.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(0);
    assert!(passed >= 20, "only {passed} handler tests ran:\n{stdout}");
}
