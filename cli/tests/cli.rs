//! The `rampart` command line: output shapes and exit statuses (SPEC §7).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn rampart(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rampart")).args(args).output().expect("rampart runs")
}

fn example(name: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "examples", name].iter().collect();
    p.to_string_lossy().into_owned()
}

fn temp_file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("rampart-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

fn stdout_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn json_report_has_the_spec_shape() {
    let o = rampart(&["check", &example("online-banking.json"), "--today", "2026-11-23", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v = stdout_json(&o);
    assert!(v["file"].as_str().unwrap().ends_with("online-banking.json"));
    let r1 = &v["risks"][0];
    assert_eq!(r1["id"], "R-001");
    assert_eq!(r1["inherent"], serde_json::json!({"impact": 5, "likelihood": 4, "score": 20, "band": "Extreme"}));
    assert_eq!(r1["residual"]["score"], 9);
    assert_eq!((r1["target"]["score"].as_i64(), r1["target"]["band"].as_str()), (Some(6), Some("Moderate")));
    let first = &v["recovery"][0];
    assert!(first["rto"].is_null() && first["late"] == 0.0, "{first}");
    let late: Vec<&Value> =
        v["recovery"].as_array().unwrap().iter().filter(|s| s["late"].as_f64().unwrap() > 0.0).collect();
    assert!(!late.is_empty());
    let codes: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    for code in
        ["RISK_ABOVE_APPETITE", "BIA_RTO_BREACH", "SLA_RESOLUTION_MISALIGNED", "SLA_NO_UNDERPINNING", "SLA_TERM_GAP"]
    {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn several_files_print_an_array_and_teams_change_the_plan() {
    let files = [example("manufacturing-bia.json"), example("hospital-risk-register.json")];
    let o = rampart(&["check", &files[0], &files[1], "--today", "2026-11-23", "--format", "json", "--teams", "1"]);
    assert_eq!(o.status.code(), Some(0));
    let v = stdout_json(&o);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let one_team_finish = v[0]["recovery"].as_array().unwrap().last().unwrap()["finish"].as_f64().unwrap();
    let o = rampart(&["check", &files[0], "--today", "2026-11-23", "--format", "json"]);
    let unlimited = stdout_json(&o);
    let max_finish =
        unlimited["recovery"].as_array().unwrap().iter().map(|s| s["finish"].as_f64().unwrap()).fold(0.0, f64::max);
    assert!(
        one_team_finish > max_finish,
        "one team ({one_team_finish} h) must take longer than unlimited ({max_finish} h)"
    );
}

#[test]
fn an_error_finding_exits_1() {
    let f = temp_file(
        "cycle.json",
        r#"{"format": "rampart-register", "version": 1, "name": "Loop",
        "services": [{"id": "a", "name": "A", "depends_on": ["b"]}, {"id": "b", "name": "B", "depends_on": ["a"]}]}"#,
    );
    let o = rampart(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Errors") && text.contains("BIA_CYCLE"), "{text}");
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_still_printed_with_exit_2() {
    let bad = temp_file("broken.json", "{\"format\": \"rampart-register\",\n \"version\": 1, \"name\": }");
    let o = rampart(&["check", &example("manufacturing-bia.json"), &bad, "missing-file.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.json: $.name (line 2, column 24): the file is not valid JSON"), "{err}");
    assert!(err.contains("missing-file.json: cannot read it"), "{err}");
    assert_eq!(stdout_json(&o).as_array().unwrap().len(), 1);
}

#[test]
fn a_newer_version_is_refused_with_exit_2() {
    let f = temp_file("v2.json", r#"{"format": "rampart-register", "version": 2, "name": "Future"}"#);
    let o = rampart(&["check", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("newer Rampart"));
    assert!(o.stdout.is_empty());
}

#[test]
fn bad_usage_exits_2() {
    let file = example("manufacturing-bia.json");
    for args in [
        vec!["check", &file, "--teams", "0"],
        vec!["check", &file, "--teams", "two"],
        vec!["check", &file, "--teams", "1.5"],
        vec!["check", &file, "--today", "2026-13-01"],
        vec!["check", &file, "--format", "xml"],
        vec!["check"],
    ] {
        assert_eq!(rampart(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn text_report_groups_findings_and_lists_the_recovery_order() {
    let o = rampart(&["check", &example("manufacturing-bia.json"), "--today", "2026-11-23", "--teams", "2"]);
    let text = String::from_utf8_lossy(&o.stdout);
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("\"Plant 2 business impact analysis\" (Hartwell Components Ltd): 5 risks, 17 services"),
        "{first}"
    );
    for part in ["Warnings", "Continuity (", "SLA alignment (", "Information", "Recovery order (2 teams)"] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
}

#[test]
fn help_explains_every_flag() {
    let help = String::from_utf8_lossy(&rampart(&["check", "--help"]).stdout).to_string();
    for flag in ["--today", "--teams", "--format", "Exit status"] {
        assert!(help.contains(flag), "{flag} missing from help:\n{help}");
    }
}

#[test]
fn generated_registers_import_and_the_schema_prints() {
    let o = rampart(&["gen", "--risks", "50", "--services", "40", "--customer-slas", "5", "--underpinning", "10"]);
    assert_eq!(o.status.code(), Some(0));
    let r = rampart_core::import_bytes(&o.stdout).expect("generated register imports");
    assert_eq!((r.risks.len(), r.services.len(), r.agreements.len()), (50, 40, 15));
    let schema = stdout_json(&rampart(&["schema"]));
    assert_eq!(schema["title"], "Rampart register, format v1");
}

#[test]
fn ics_writes_the_reminders_of_a_register_and_refuses_what_it_cannot_read() {
    let o = rampart(&["ics", &example("online-banking.json"), "--today", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    let register = rampart_core::import(&std::fs::read_to_string(example("online-banking.json")).unwrap()).unwrap();
    let today = rampart_core::model::Date::parse("2026-11-23").unwrap();
    let expected = rampart_core::ics::calendar(&register, rampart_core::ics::Stamp::day(today));
    assert_eq!(Some(text.clone()), expected, "the engine's calendar, as it is");
    assert!(text.contains("UID:action-R-001-A1@5d0c3f8a2b7e4c19a6f1e0b9d2c7a834.rampart\r\n"));
    let bad = temp_file("bad.json", "{");
    let o = rampart(&["ics", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.json"));
    assert!(o.stdout.is_empty(), "nothing half written");
}

#[test]
fn a_scenario_plans_only_what_it_affects_and_the_report_names_waits_and_single_points() {
    let banking = example("online-banking.json");
    let o = rampart(&["check", &banking, "--today", "2026-11-23", "--format", "json"]);
    let v = stdout_json(&o);
    let payments = v["recovery"].as_array().unwrap().iter().find(|s| s["id"] == "payments").unwrap();
    assert_eq!((payments["waits_for"].as_str(), payments["team_wait"].as_f64()), (Some("payments-api"), Some(0.0)));
    let online = v["single_points"].as_array().unwrap().iter().find(|s| s["service"] == "online-banking").unwrap();
    assert!(online["nodes"].as_array().unwrap().iter().any(|n| n == "dc-primary"));
    assert!(!online["nodes"].as_array().unwrap().iter().any(|n| n == "isp-north"), "two ISPs: not a single point");
    assert_eq!(v["risks"][0]["kind"], "threat");

    let o = rampart(&["check", &banking, "--today", "2026-11-23", "--format", "json", "--scenario", "scn-isp-north"]);
    assert_eq!(o.status.code(), Some(0));
    let ids: Vec<String> =
        stdout_json(&o)["recovery"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["isp-north"], "the other ISP carries online banking");

    // A file without the scenario is reported like an unreadable one; the others are printed.
    let manufacturing = example("manufacturing-bia.json");
    let o = rampart(&["check", &banking, &manufacturing, "--format", "json", "--scenario", "scn-isp-north"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no scenario has the id \"scn-isp-north\""));
    assert_eq!(stdout_json(&o).as_array().unwrap().len(), 1);
}

#[test]
fn folders_are_checked_file_by_file_in_path_order_and_fail_on_sets_the_severity_that_fails() {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "examples"].iter().collect();
    let o = rampart(&["check", dir.to_str().unwrap(), "--today", "2026-11-23", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let files: Vec<String> = stdout_json(&o)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap().rsplit(['/', '\\']).next().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "hospital-risk-register.json",
            "manufacturing-bia.json",
            "base.json",
            "ours.json",
            "theirs.json",
            "online-banking.json"
        ]
        .map(String::from),
        "every *.json below the folder, by path (examples/merge/ before examples/online-banking.json)"
    );
    // The same reports whether the files are analysed on one thread or several.
    let one = rampart(&["check", dir.to_str().unwrap(), "--today", "2026-11-23", "--format", "json", "--jobs", "1"]);
    assert_eq!(one.stdout, o.stdout);

    let banking = example("online-banking.json");
    assert_eq!(rampart(&["check", &banking, "--today", "2026-11-23"]).status.code(), Some(0), "warnings only");
    let gated = rampart(&["check", &banking, "--today", "2026-11-23", "--fail-on", "warning"]);
    assert_eq!(gated.status.code(), Some(1), "a warning fails the gate");
}

#[test]
fn the_text_report_shows_the_first_20_of_each_code_unless_all_and_sums_up_several_files() {
    let big = rampart(&["gen", "--risks", "300", "--services", "60", "--customer-slas", "5", "--underpinning", "10"]);
    let file = temp_file("many-findings.json", &String::from_utf8(big.stdout).unwrap());
    let o = rampart(&["check", &file, "--today", "2026-11-23"]);
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    // The warnings (an accepted risk above its appetite is information, listed apart).
    let text = text.split("\n  Information").next().unwrap().to_string();
    let above = text.lines().filter(|l| l.trim_start().starts_with("RISK_ABOVE_APPETITE ")).count();
    assert_eq!(above, 20, "{text}");
    let count: usize = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("RISK_ABOVE_APPETITE: ")?.strip_suffix(" findings")?.parse().ok())
        .expect("the count of the code");
    assert!(text.contains(&format!("… and {} more (use --all)", count - 20)), "{text}");
    let all = String::from_utf8_lossy(&rampart(&["check", &file, "--today", "2026-11-23", "--all"]).stdout).to_string();
    let all = all.split("\n  Information").next().unwrap().to_string();
    assert_eq!(all.lines().filter(|l| l.trim_start().starts_with("RISK_ABOVE_APPETITE ")).count(), count);
    assert!(!all.contains("(use --all)"));

    let two = rampart(&["check", &file, &example("online-banking.json"), "--today", "2026-11-23"]);
    let text = String::from_utf8_lossy(&two.stdout).to_string();
    let table = text.split("Summary of 2 files").nth(1).expect("a summary table after the reports");
    assert!(table.contains("many-findings.json") && table.contains("online-banking.json"), "{table}");
    assert!(
        table.lines().any(|l| l.contains("online-banking.json") && l.split_whitespace().any(|w| w == "24")),
        "{table}"
    );
}

#[test]
fn a_folder_prints_a_list_even_of_one_file_and_a_folder_without_registers_is_an_error() {
    let dir = std::env::temp_dir().join(format!("rampart-cli-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::create_dir_all(dir.join("one")).unwrap();
    std::fs::copy(example("manufacturing-bia.json"), dir.join("one/plant.json")).unwrap();
    let o = rampart(&["check", dir.join("one").to_str().unwrap(), "--format", "json", "--today", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout_json(&o).as_array().map(Vec::len), Some(1), "a list: the folder's size is not the user's choice");
    let o = rampart(&["check", dir.join("empty").to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "a pipeline pointed at the wrong folder must not pass");
    assert!(String::from_utf8_lossy(&o.stderr).contains("no *.json file found"));
}

#[test]
fn report_writes_one_self_contained_page_the_same_bytes_each_time() {
    let file = example("online-banking.json");
    let (a, b) = (temp_file("pack-a.html", ""), temp_file("pack-b.html", ""));
    for out in [&a, &b] {
        let o = rampart(&["report", &file, "--today", "2026-11-30", "-o", out]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let html = std::fs::read_to_string(&a).unwrap();
    assert_eq!(html, std::fs::read_to_string(&b).unwrap(), "reproducible");
    let sha = rampart_core::review::sha256_hex(&std::fs::read(&file).unwrap());
    assert!(html.contains(&sha), "the cover names the file by its SHA-256");
    assert!(
        !html.contains("<script") && !html.contains("<link") && !html.contains("src="),
        "nothing runs or is fetched"
    );
    // The example's Q3 review: its decisions, one of them overdue, and the changes counted from it.
    assert!(html.contains("Q3 operational resilience review") && html.contains("MR-2026-Q3-D2"));
    assert!(html.contains("Compared with the review of 2026-09-15."));
    for section in [
        "cover",
        "previous-review",
        "changes",
        "bands",
        "escalated",
        "accepted",
        "overdue",
        "opportunities",
        "continuity",
        "sla",
        "decisions",
        "register",
    ] {
        assert!(html.contains(&format!("<section id=\"{section}\"")), "{section}");
    }
    // Without -o the page goes to standard output, byte for byte the same.
    let o = rampart(&["report", &file, "--today", "2026-11-30"]);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), html);
}

#[test]
fn export_writes_an_xlsx_workbook_and_an_unreadable_file_exits_2() {
    let out = temp_file("bank.xlsx", "");
    let o = rampart(&["export", &example("online-banking.json"), "--today", "2026-11-30", "-o", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04") && bytes.len() > 10_000, "a zip container (XLSX), {} bytes", bytes.len());
    let o = rampart(&["export", "no-such.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such.json: cannot read it"));
}

#[test]
fn report_since_a_file_or_a_date_and_a_bad_since_file_exits_2() {
    let file = example("online-banking.json");
    let mut earlier: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    earlier["risks"].as_array_mut().unwrap().pop();
    let earlier = temp_file("earlier.json", &earlier.to_string());
    let o = rampart(&["report", &file, "--today", "2026-11-30", "--since", &earlier]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("<h3>New risks (1)</h3>") && html.contains("the file "), "{html}");
    let o = rampart(&["report", &file, "--today", "2026-11-30", "--since", "2026-10-01"]);
    assert!(String::from_utf8(o.stdout).unwrap().contains("Compared with 2026-10-01."));
    let o = rampart(&["report", &file, "--since", "2026-13-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2026-13-01"), "a date that is not one is said so");
    let o = rampart(&["report", &file, "--since", "no-such-file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-file.json: cannot read it"));
}

#[test]
fn import_prints_the_changes_and_writes_only_with_out() {
    let bank = example("online-banking.json");
    let book = temp_file("import.xlsx", "");
    let o = rampart(&["export", &bank, "--today", "2026-11-30", "-o", &book]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    // Its own workbook changes nothing.
    let o = rampart(&["import", &book, "--into", &bank, "--today", "2026-11-30"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("changes nothing in"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("inherent_impact      I \"inherent impact\""));

    // A sheet of other headers: one risk re-scored, one added, an owner left out with --map.
    let sheet = temp_file(
        "import.csv",
        "Ref;Risk;Impact;Likelihood;Owner\nR-001;Ransomware;2;2;\nR-950;Flood;3;3;Facilities\n",
    );
    let out = temp_file("imported.json", "");
    let o = rampart(&["import", &sheet, "--into", &bank, "--today", "2026-11-30", "--map", "owner=0", "-o", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let printed = String::from_utf8_lossy(&o.stdout);
    assert!(printed.contains("changed  $.risks[id=\"R-001\"].inherent: {\"impact\":5,\"likelihood\":4} → {\"impact\":2,\"likelihood\":2}"), "{printed}");
    assert!(printed.contains("added    $.risks[id=\"R-950\"]"), "{printed}");
    assert!(!printed.contains(".owner"), "the owner column is not imported: {printed}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let risks = written["risks"].as_array().unwrap();
    assert_eq!(risks.last().unwrap()["id"], "R-950");
    assert_eq!(risks[0]["inherent"], serde_json::json!({"impact": 2, "likelihood": 2}));
    assert_eq!(risks[0]["owner"], "Chief Information Security Officer");

    // Refused rows: named, exit 1, nothing written.
    let bad = temp_file("bad.csv", "id,title,impact,likelihood\nR-960,,9,1\n");
    let untouched = temp_file("untouched.json", "");
    let o = rampart(&["import", &bad, "--into", &bank, "-o", &untouched]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Row 2, column B \"title\": a new risk needs a title"), "{err}");
    assert!(err.contains("Row 2, column C \"impact\": \"9\" is not a level of the scale"), "{err}");
    assert_eq!(std::fs::read_to_string(&untouched).unwrap(), "");

    let o = rampart(&["import", &book, "--into", &bank, "--sheet", "Nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("no sheet is named \"Nope\"; its sheets are \"Risks\", \"Controls\""));
    let o = rampart(&["import", &sheet, "--into", &bank, "--map", "colour=1"]);
    assert_eq!(o.status.code(), Some(2));
    // One column for two fields: allowed, with a warning naming both.
    let o = rampart(&["import", &sheet, "--into", &bank, "--map", "residual_impact=Impact"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains(
        "rampart: warning: Column C \"Impact\" fills Inherent impact and Residual impact: check that each field has \
         the column meant for it."
    ));
}
