//! `rampart diff` and `rampart merge` (SPEC §9.3), and `rampart merge` as a
//! git merge driver in a real repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_rampart");

fn rampart(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("rampart runs")
}

fn example(name: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "examples", "merge", name].iter().collect();
    p.to_string_lossy().into_owned()
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rampart-travel-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn risk<'a>(register: &'a Value, id: &str) -> &'a Value {
    register["risks"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()
}

#[test]
fn diff_exits_0_for_the_same_register_1_for_changes_2_for_an_unreadable_file() {
    let same = rampart(&["diff", &example("base.json"), &example("base.json")]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    assert!(text(&same).contains("are the same register"));
    let o =
        rampart(&["diff", &example("base.json"), &example("theirs.json"), "--today", "2026-11-23", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["equal"], false);
    // SPEC §9.5's shape: one entry per object, a changed one with its fields, paths by key.
    let changes = v["changes"].as_array().unwrap();
    let r2 = changes.iter().find(|c| c["array"] == "risks" && c["id"] == "R-002").unwrap();
    assert_eq!((r2["kind"].as_str(), r2["path"].as_str()), (Some("changed"), Some("$.risks[id=\"R-002\"]")));
    let owner = &r2["fields"][0];
    assert_eq!(owner["path"], "$.risks[id=\"R-002\"].owner");
    assert_eq!(
        (owner["old"].as_str(), owner["new"].as_str()),
        (Some("Head of Network Services"), Some("Head of Digital Channels"))
    );
    let added = changes.iter().find(|c| c["id"] == "R-025").unwrap();
    assert_eq!((added["kind"].as_str(), added["new"]["title"].as_str().is_some()), (Some("added"), true));
    let header = changes.iter().find(|c| c["array"].is_null()).unwrap();
    assert_eq!(header["fields"][0]["path"], "$.lineage");
    assert!(v["analysis"]["risks_rescored"].is_array());
    let added: Vec<&str> =
        v["analysis"]["findings_added"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(added.contains(&"RISK_ABOVE_APPETITE"), "{added:?}");
    let missing = rampart(&["diff", &example("base.json"), "/nonexistent.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing).contains("/nonexistent.json"));
}

#[test]
fn merge_writes_both_sides_changes_or_lists_conflicts_and_writes_nothing() {
    let dir = scratch("merge");
    let ours = dir.join("ours.json");
    std::fs::copy(example("ours.json"), &ours).unwrap();
    let out = dir.join("merged.json");
    let o = rampart(&[
        "merge",
        &example("base.json"),
        ours.to_str().unwrap(),
        &example("theirs.json"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let merged = json(&out);
    assert_eq!(risk(&merged, "R-001")["owner"], "Head of Technology Risk", "ours");
    assert_eq!(risk(&merged, "R-002")["owner"], "Head of Digital Channels", "theirs");
    assert_eq!(risk(&merged, "R-002")["review_date"], "2027-01-15", "ours, in the same risk");
    assert!(merged["risks"].as_array().unwrap().iter().any(|r| r["id"] == "R-025"));
    assert_eq!(merged["lineage"].as_array().unwrap().len(), 4, "ours, then theirs' new id");
    assert_eq!(json(&ours), json(Path::new(&example("ours.json"))), "-o leaves ours alone");

    // A conflict: both sides changed R-002's owner.
    let mut conflicting = json(Path::new(&example("ours.json")));
    let r2 = conflicting["risks"].as_array_mut().unwrap().iter_mut().find(|r| r["id"] == "R-002").unwrap();
    r2["owner"] = "Chief Digital Officer".into();
    std::fs::write(&ours, conflicting.to_string()).unwrap();
    let before = std::fs::read(&ours).unwrap();
    let o = rampart(&["merge", &example("base.json"), ours.to_str().unwrap(), &example("theirs.json")]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains("1 conflict") && said.contains("$.risks[id=\"R-002\"].owner"), "{said}");
    // For programs: SPEC §9.5's shape on standard output.
    let listed: Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = &listed["conflicts"][0];
    assert_eq!(
        (c["path"].as_str(), c["ours"].as_str(), c["theirs"].as_str()),
        (Some("$.risks[id=\"R-002\"].owner"), Some("Chief Digital Officer"), Some("Head of Digital Channels"))
    );
    assert!(said.contains("\"Chief Digital Officer\"") && said.contains("\"Head of Digital Channels\""), "{said}");
    assert_eq!(std::fs::read(&ours).unwrap(), before, "nothing written");
    let unreadable = rampart(&["merge", "/nonexistent.json", ours.to_str().unwrap(), &example("theirs.json")]);
    assert_eq!(unreadable.status.code(), Some(2));
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(["-c", "user.name=Rampart Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

/// A repository with the base register committed, a branch `theirs` that made
/// theirs' changes and `main` that made `ours` (the given file), with
/// `rampart merge` as the merge driver for `*.json`.
fn repository(test: &str, ours: &str) -> PathBuf {
    let dir = scratch(test);
    assert!(git(&dir, &["init", "-q", "-b", "main"]).status.success());
    std::fs::write(dir.join(".gitattributes"), "*.json merge=rampart\n").unwrap();
    let driver = format!("{BIN} merge %O %A %B");
    assert!(git(&dir, &["config", "merge.rampart.driver", &driver]).status.success());
    std::fs::copy(example("base.json"), dir.join("register.json")).unwrap();
    assert!(git(&dir, &["add", "."]).status.success());
    assert!(git(&dir, &["commit", "-q", "-m", "base"]).status.success());
    assert!(git(&dir, &["checkout", "-q", "-b", "theirs"]).status.success());
    std::fs::copy(example("theirs.json"), dir.join("register.json")).unwrap();
    assert!(git(&dir, &["commit", "-q", "-am", "theirs"]).status.success());
    assert!(git(&dir, &["checkout", "-q", "main"]).status.success());
    std::fs::write(dir.join("register.json"), ours).unwrap();
    assert!(git(&dir, &["commit", "-q", "-am", "ours"]).status.success());
    dir
}

#[test]
fn as_a_git_merge_driver_it_merges_changes_to_different_risks_and_reports_a_conflict_to_git() {
    if Command::new("git").arg("--version").output().is_err() {
        panic!("git is needed for this test (it runs a real merge)");
    }
    let dir = repository("git-clean", &std::fs::read_to_string(example("ours.json")).unwrap());
    let o = git(&dir, &["merge", "--no-edit", "theirs"]);
    assert!(o.status.success(), "{}", text(&o));
    let merged = json(&dir.join("register.json"));
    assert_eq!(risk(&merged, "R-001")["owner"], "Head of Technology Risk");
    assert_eq!(risk(&merged, "R-002")["owner"], "Head of Digital Channels");

    let mut conflicting = json(Path::new(&example("ours.json")));
    let r2 = conflicting["risks"].as_array_mut().unwrap().iter_mut().find(|r| r["id"] == "R-002").unwrap();
    r2["owner"] = "Chief Digital Officer".into();
    let dir = repository("git-conflict", &serde_json::to_string_pretty(&conflicting).unwrap());
    let o = git(&dir, &["merge", "--no-edit", "theirs"]);
    assert!(!o.status.success(), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains("CONFLICT") && said.contains("register.json"), "{said}");
    assert!(said.contains("$.risks[id=\"R-002\"].owner"), "the driver's list reaches the user: {said}");
    assert_eq!(risk(&json(&dir.join("register.json")), "R-002")["owner"], "Chief Digital Officer", "ours kept");
}
