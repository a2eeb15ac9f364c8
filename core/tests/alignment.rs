//! SLA alignment (SPEC §5, §8 "SLA alignment").

mod common;

use common::*;
use serde_json::{json, Value};

fn office_hours() -> Value {
    json!({"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"})
}

fn sla(id: &str, service: &str, extra: Value) -> Value {
    let mut a = json!({"id": id, "name": id, "kind": "customer_sla", "party": "Retail customers", "service": service});
    for (k, v) in extra.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

fn contract(id: &str, service: &str, extra: Value) -> Value {
    let mut a = json!({"id": id, "name": id, "kind": "supplier_contract", "party": "acme", "service": service});
    for (k, v) in extra.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

/// A web service on a hosting supplier service, with the given agreements.
fn setup(agreements: Value) -> Value {
    json!({
        "suppliers": [{"id": "acme", "name": "Acme Hosting"}],
        "services": [
            {"id": "web", "name": "Online banking", "depends_on": ["hosting"]},
            {"id": "hosting", "name": "Web hosting", "kind": "supplier_service"},
        ],
        "agreements": agreements,
    })
}

fn target(p: &str, response: f64, resolution: f64) -> Value {
    json!({"priority": p, "response": response, "resolution": resolution})
}

#[test]
fn both_24x7_the_lateness_is_the_difference_of_targets() {
    let a = run(setup(json!([
        sla("sla", "web", json!({"targets": [target("P1", 1.0, 8.0)]})),
        contract("uc", "hosting", json!({"targets": [target("P1", 0.5, 12.0)]})),
    ])));
    assert!(with_code(&a, "SLA_RESPONSE_MISALIGNED").is_empty());
    let f = with_code(&a, "SLA_RESOLUTION_MISALIGNED");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["sla", "uc"]);
    let v = as_json(&f[0]);
    assert_eq!(v["late_hours"], 4.0);
    assert_eq!(v["priority"], "P1");
    assert_eq!((v["customer_target"].as_f64(), v["underpinning_target"].as_f64()), (Some(8.0), Some(12.0)));
}

#[test]
fn office_hours_supplier_behind_a_24x7_customer_is_64_hours_late() {
    let a = run(setup(json!([
        sla("sla", "web", json!({"targets": [target("P1", 8.0, 8.0)]})),
        contract("uc", "hosting", json!({"hours": office_hours(), "targets": [target("P1", 8.0, 8.0)]})),
    ])));
    for code in ["SLA_RESPONSE_MISALIGNED", "SLA_RESOLUTION_MISALIGNED"] {
        let f = with_code(&a, code);
        assert_eq!(f.len(), 1, "{code}");
        assert_eq!(as_json(&f[0])["late_hours"], 64.0);
        assert!(f[0].message().contains("Fri"), "{}", f[0].message());
    }
}

#[test]
fn a_supplier_with_more_hours_than_the_customer_is_aligned() {
    let a = run(setup(json!([
        sla("sla", "web", json!({"hours": office_hours(), "targets": [target("P2", 4.0, 8.0)]})),
        contract("uc", "hosting", json!({"targets": [target("P2", 4.0, 8.0)]})),
    ])));
    assert!(with_code(&a, "SLA_RESOLUTION_MISALIGNED").is_empty());
    assert!(with_code(&a, "SLA_RESPONSE_MISALIGNED").is_empty());
}

#[test]
fn a_priority_the_underpinning_agreement_lacks_is_uncovered() {
    let a = run(setup(json!([
        sla("sla", "web", json!({"targets": [target("P1", 1.0, 4.0), target("P2", 2.0, 8.0)]})),
        contract("uc", "hosting", json!({"targets": [target("P1", 1.0, 4.0), target("p2", 1.0, 1.0)]})),
        contract("bare", "hosting", json!({})),
    ])));
    let f = with_code(&a, "SLA_PRIORITY_UNCOVERED");
    let pairs: Vec<(String, String)> =
        f.iter().map(|f| (f.subjects[1].to_string(), as_json(f)["priority"].as_str().unwrap().to_owned())).collect();
    assert_eq!(pairs, [("uc".into(), "P2".into()), ("bare".into(), "P1".into()), ("bare".into(), "P2".into())]);
}

#[test]
fn rto_and_rpo_are_compared_only_when_both_give_one() {
    let a = run(setup(json!([
        sla("sla", "web", json!({"rto": 4, "rpo": 1})),
        contract("slow", "hosting", json!({"rto": 8, "rpo": 0.5})),
        contract("silent", "hosting", json!({})),
    ])));
    let f = with_code(&a, "SLA_RTO_MISALIGNED");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["sla", "slow"]);
    let v = as_json(&f[0]);
    assert_eq!((v["customer"].as_f64(), v["underpinning"].as_f64()), (Some(4.0), Some(8.0)));
    assert!(with_code(&a, "SLA_RPO_MISALIGNED").is_empty());

    let a = run(setup(json!([sla("sla", "web", json!({"rpo": 1})), contract("uc", "hosting", json!({"rpo": 4})),])));
    assert_eq!(with_code(&a, "SLA_RPO_MISALIGNED").len(), 1);
}

#[test]
fn term_gaps_follow_the_settled_rules() {
    let a = run(setup(json!([
        sla("open-ended", "web", json!({})),
        sla("to-2027", "web", json!({"end": "2027-12-31"})),
        contract("ends-2027-06", "hosting", json!({"end": "2027-06-30"})),
        contract("ends-2028", "hosting", json!({"end": "2028-12-31"})),
        contract("no-end", "hosting", json!({})),
        contract("ended", "hosting", json!({"end": "2026-11-22"})),
        contract("ends-today", "hosting", json!({"end": "2026-11-23"})),
    ])));
    let mut pairs: Vec<String> =
        with_code(&a, "SLA_TERM_GAP").iter().map(|f| format!("{}/{}", f.subjects[0], f.subjects[1])).collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            "open-ended/ended",
            "open-ended/ends-2027-06",
            "open-ended/ends-2028",
            "open-ended/ends-today",
            "to-2027/ended",
            "to-2027/ends-2027-06",
            "to-2027/ends-today",
        ]
    );
    let f = with_code(&a, "SLA_TERM_GAP");
    let v = as_json(f.iter().find(|f| f.subjects == ["open-ended", "ended"]).unwrap());
    assert_eq!(v["end"], "2026-11-22");
    assert!(v["customer_end"].is_null());
}

#[test]
fn underpinning_follows_dependencies_transitively_and_through_alternatives() {
    let a = run(json!({
        "suppliers": [{"id": "isp1", "name": "ISP one"}, {"id": "isp2", "name": "ISP two"}],
        "services": [
            {"id": "web", "name": "Web", "depends_on": ["app"]},
            {"id": "app", "name": "App", "depends_on": [{"any_of": ["line-1", "line-2"]}]},
            {"id": "line-1", "name": "Line 1", "kind": "supplier_service"},
            {"id": "line-2", "name": "Line 2", "kind": "supplier_service"},
            {"id": "unrelated", "name": "Unrelated"},
        ],
        "agreements": [
            sla("sla", "web", json!({"rto": 2})),
            contract("c1", "line-1", json!({"party": "isp1", "rto": 4})),
            contract("c-other", "unrelated", json!({"party": "isp1", "rto": 4})),
        ],
    }));
    let f = with_code(&a, "SLA_RTO_MISALIGNED");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["sla", "c1"]);
    assert_eq!(a.alignment.underpinning[0], [1]);
    // line-2 is reached through the any_of group and has no contract.
    let nc = with_code(&a, "SLA_NO_UNDERPINNING");
    assert_eq!(nc.len(), 1);
    assert_eq!(nc[0].subjects, ["sla", "line-2"]);
}

#[test]
fn the_slas_own_service_counts_for_no_cover_and_an_ola_is_cover() {
    let a = run(json!({
        "suppliers": [{"id": "it", "name": "Internal IT", "type": "internal"}],
        "services": [
            {"id": "cloud", "name": "Cloud", "kind": "supplier_service"},
            {"id": "desk", "name": "Service desk", "kind": "supplier_service"},
        ],
        "agreements": [
            sla("s1", "cloud", json!({})),
            sla("s2", "desk", json!({})),
            {"id": "ola", "name": "Desk OLA", "kind": "ola", "party": "it", "service": "desk"},
        ],
    }));
    let nc = with_code(&a, "SLA_NO_UNDERPINNING");
    assert_eq!(nc.len(), 1);
    assert_eq!(nc[0].subjects, ["s1", "cloud"]);
}

#[test]
fn composed_availability_multiplies_dependencies_and_combines_alternatives() {
    let a = run(json!({
        "suppliers": [{"id": "isp", "name": "ISP"}],
        "services": [
            {"id": "web", "name": "Web", "availability": 99.9, "depends_on": ["db", {"any_of": ["isp-a", "isp-b"]}]},
            {"id": "db", "name": "DB", "availability": 99.5},
            {"id": "isp-a", "name": "ISP A", "availability": 99.0},
            {"id": "isp-b", "name": "ISP B"},
        ],
        "agreements": [
            sla("sla", "web", json!({"availability": 99.9})),
            contract("isp-b-contract", "isp-b", json!({"party": "isp", "availability": 98.0})),
            sla("sla-on-db", "db", json!({"availability": 90})),
        ],
    }));
    let expected = 0.999 * 0.995 * (1.0 - 0.01 * 0.02) * 100.0;
    let f = with_code(&a, "SLA_AVAILABILITY_SHORTFALL");
    assert_eq!(f.len(), 1, "the customer SLA on db (90%) does not lower db's own figure");
    assert_eq!(f[0].subjects, ["sla", "web"]);
    let v = as_json(&f[0]);
    assert!((v["composed"].as_f64().unwrap() - expected).abs() < 1e-9);
    assert_eq!(v["committed"], 99.9);
}

#[test]
fn a_shared_dependency_counts_on_each_path() {
    let a = run(json!({
        "services": [
            {"id": "top", "name": "Top", "depends_on": ["left", "right"]},
            {"id": "left", "name": "L", "depends_on": ["base"]},
            {"id": "right", "name": "R", "depends_on": ["base"]},
            {"id": "base", "name": "Base", "availability": 90},
        ],
    }));
    let top = a.alignment.composed_availability[0].unwrap();
    assert!((top - 81.0).abs() < 1e-9, "{top}");
}

#[test]
fn a_composed_availability_is_known_only_when_some_figure_in_its_tree_is() {
    let a = run(json!({
        "suppliers": [{"id": "acme", "name": "Acme"}],
        "services": [
            {"id": "web", "name": "Web", "depends_on": ["app"]},
            {"id": "app", "name": "App", "depends_on": [{"any_of": ["host-a", "host-b"]}]},
            {"id": "host-a", "name": "Host A"},
            {"id": "host-b", "name": "Host B"},
            {"id": "mail", "name": "Mail"},
        ],
        "agreements": [contract("uc", "host-b", json!({"availability": 99.0}))],
    }));
    // host-b's contract is a figure for host-b, app and web; nothing is known of host-a or mail.
    assert_eq!(a.alignment.availability_known, [true, true, false, true, false]);
    assert_eq!(a.alignment.own_known, [false, false, false, true, false]);
    assert_eq!(a.alignment.composed_availability[4], Some(100.0), "the default the rules compose with");
}

#[test]
fn a_service_on_a_cycle_has_no_composed_availability_but_other_checks_apply() {
    let a = run(json!({
        "suppliers": [{"id": "acme", "name": "Acme"}],
        "services": [
            {"id": "web", "name": "Web", "depends_on": ["loop"]},
            {"id": "loop", "name": "Loop", "depends_on": ["web"], "availability": 10},
        ],
        "agreements": [
            sla("sla", "web", json!({"availability": 99.9, "rto": 1})),
            contract("uc", "loop", json!({"rto": 2})),
        ],
    }));
    assert!(with_code(&a, "SLA_AVAILABILITY_SHORTFALL").is_empty());
    assert_eq!(with_code(&a, "SLA_RTO_MISALIGNED").len(), 1);
    assert_eq!(a.alignment.composed_availability, [None, None]);
}

#[test]
fn exactly_meeting_the_commitment_is_no_shortfall() {
    let a = run(json!({
        "services": [
            {"id": "web", "name": "Web", "availability": 99.5, "depends_on": ["db"]},
            {"id": "db", "name": "DB", "availability": 99.0},
        ],
        "agreements": [sla("sla", "web", json!({"availability": 98.505}))],
    }));
    assert!(with_code(&a, "SLA_AVAILABILITY_SHORTFALL").is_empty());
}

#[test]
fn a_customer_sla_without_a_known_service_gets_no_checks() {
    let a = run(setup(json!([
        sla("nowhere", "ghost", json!({"rto": 1, "availability": 100})),
        {"id": "no-service", "name": "x", "kind": "customer_sla", "rto": 1},
        contract("uc", "hosting", json!({"rto": 8})),
    ])));
    assert_eq!(codes(&a), ["REF_UNKNOWN"]);
    assert_eq!(with_code(&a, "REF_UNKNOWN")[0].subjects, ["nowhere", "ghost"]);
}

#[test]
fn a_contract_party_must_name_a_supplier_but_a_customer_is_free_text() {
    let a = run(setup(json!([
        sla("sla", "web", json!({"party": "Anyone at all"})),
        contract("uc", "hosting", json!({"party": "web"})),
    ])));
    let f = with_code(&a, "REF_UNKNOWN");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["uc", "web"]);
    assert_eq!(as_json(&f[0])["field"], "party");
}

#[test]
fn an_sla_and_an_agreement_under_it_are_set_side_by_side_in_words() {
    let r = register(setup(json!([
        sla(
            "sla",
            "web",
            json!({"hours": "24x7", "targets": [target("P1", 1.0, 4.0), target("P2", 4.0, 24.0)], "rto": 4, "availability": 99.9})
        ),
        contract(
            "host",
            "hosting",
            json!({"hours": office_hours(), "targets": [target("P1", 2.0, 8.0)], "end": "2027-03-31"})
        ),
    ])));
    let rows: Vec<[String; 3]> = rampart_core::sla::terms_side_by_side(&r.agreements[0], &r.agreements[1])
        .into_iter()
        .map(|row| [row.term, row.customer, row.underpinning])
        .collect();
    let s = |xs: [&str; 3]| xs.map(String::from);
    assert_eq!(
        rows,
        [
            s(["Support hours", "round the clock (24x7)", "Mon Tue Wed Thu Fri 09:00–17:00"]),
            s(["P1 response", "1 h", "2 h"]),
            s(["P1 resolution", "4 h", "8 h"]),
            s(["P2 response", "4 h", "not covered"]),
            s(["P2 resolution", "24 h", "not covered"]),
            s(["RTO", "4 h", "not stated"]),
            s(["Availability", "99.9%", "not stated"]),
            s(["Ends", "no end date", "2027-03-31"]),
        ],
        "RPO stated by neither: left out"
    );
    let mut unstated = r.agreements[0].clone();
    unstated.hours = None;
    let rows = rampart_core::sla::terms_side_by_side(&unstated, &r.agreements[1]);
    assert_eq!(rows[0].customer, "not stated: 24x7", "the default said as such");
}
