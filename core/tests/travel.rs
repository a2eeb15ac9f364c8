//! Registers that travel (SPEC §9.3): lineage, diff and three-way merge.

mod common;

use common::{register, today};
use proptest::prelude::*;
use rampart_core::diff::{self, ChangeKind};
use rampart_core::merge::{self, Merged, Side};
use rampart_core::model::{Dependency, Hours, Id, Rating, Register, Risk};
use rampart_core::{analyse, Options, Teams};
use serde_json::json;

fn example() -> Register {
    rampart_core::import(include_str!("../../examples/online-banking.json")).unwrap()
}

fn clean(m: Merged) -> Register {
    match m {
        Merged::Clean(r) => *r,
        Merged::Conflicts(c) => panic!("conflicts: {c:#?}"),
    }
}

fn conflicts(m: Merged) -> Vec<merge::Conflict> {
    match m {
        Merged::Clean(_) => panic!("merged without a conflict"),
        Merged::Conflicts(c) => c,
    }
}

#[test]
fn a_diff_names_each_changed_field_by_its_path_with_both_values() {
    let old = example();
    let mut new = old.clone();
    new.risks[2].title = "Renamed".into();
    new.risks[0].extra.0.insert("x-note".into(), json!({"kept": 123456789012345678901234567890u128}));
    new.services.remove(1);
    new.risks.push(Risk::new(Id::new("R-900").unwrap(), "New", Rating::new(2, 2)));
    // A set in another order is the same set.
    new.services[0].depends_on.reverse();
    let changes = diff::changes(&old, &new);
    let seen: Vec<(ChangeKind, &str)> = changes.iter().map(|c| (c.kind(), c.path.as_str())).collect();
    let removed = format!("$.services[id=\"{}\"]", old.services[1].id);
    assert_eq!(
        seen,
        [
            (ChangeKind::Added, "$.risks[id=\"R-001\"].x-note"),
            (ChangeKind::Changed, "$.risks[id=\"R-003\"].title"),
            (ChangeKind::Added, "$.risks[id=\"R-900\"]"),
            (ChangeKind::Removed, removed.as_str()),
        ],
        "paths name items by key (SPEC §9.5)"
    );
    assert_eq!(
        changes[0].new,
        Some(json!({"kept": 123456789012345678901234567890u128})),
        "an unknown field, its number whole"
    );
    assert_eq!(
        (changes[1].old.clone(), changes[1].new.clone()),
        (Some(json!(old.risks[2].title)), Some(json!("Renamed")))
    );
    assert_eq!((changes[2].list(), changes[2].item()), (Some("risks"), Some("R-900")));
    assert!(diff::changes(&old, &old).is_empty());
}

#[test]
fn targets_are_matched_by_priority_and_the_analysis_changes_are_reported() {
    let old = example();
    let mut new = old.clone();
    let sla = new.agreements.iter().position(|a| !a.targets.is_empty()).unwrap();
    new.agreements[sla].targets.reverse();
    assert!(diff::changes(&old, &new).is_empty(), "the same targets in another order");
    new.agreements[sla].targets[0].resolution = Hours::new(999.0).unwrap();
    let changes = diff::changes(&old, &new);
    assert_eq!(changes.len(), 1);
    let (id, priority) = (&new.agreements[sla].id, &new.agreements[sla].targets[0].priority);
    assert_eq!(changes[0].path, format!("$.agreements[id=\"{id}\"].targets[priority=\"{priority}\"].resolution"));
    // The analysis: R-001's residual re-scored, a finding resolved or added.
    let mut rescored = old.clone();
    rescored.risks[0].inherent = Rating::new(1, 1);
    let options = Options { today: today(), teams: Teams::Unlimited };
    let a = diff::analysis_changes((&old, &analyse(&old, &options)), (&rescored, &analyse(&rescored, &options)));
    assert_eq!(a.rescored.len(), 1);
    assert_eq!((a.rescored[0].risk.as_str(), a.rescored[0].old.score), ("R-001", 9));
    assert!(a.rescored[0].new.score < 9);
    assert!(a.findings_resolved.iter().any(|f| f.code == "RISK_ABOVE_APPETITE" && f.subjects == ["R-001"]), "{a:#?}");
    assert!(a.findings_added.is_empty() || a.findings_added.iter().all(|f| f.subjects.contains(&"R-001".to_string())));
    assert!(a.recovery_moved.is_empty(), "no node changed");
    // A faster recovery moves the node and what waits for it.
    let mut faster = old.clone();
    let api = faster.services.iter().position(|s| s.id.as_str() == "payments-api").unwrap();
    faster.services[api].recovery = Hours::new(0.5).ok();
    let a = diff::analysis_changes((&old, &analyse(&old, &options)), (&faster, &analyse(&faster, &options)));
    let moved: Vec<(&str, Option<f64>, Option<f64>)> =
        a.recovery_moved.iter().map(|m| (m.node.as_str(), m.old, m.new)).collect();
    assert!(moved.contains(&("payments-api", Some(7.5), Some(7.0))), "{moved:?}");
    assert!(moved.contains(&("payments", Some(8.5), Some(8.0))), "{moved:?}");
}

#[test]
fn a_merge_takes_each_sides_changes_and_lists_conflicts_with_three_values() {
    let base = example();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks[0].owner = Some("Ours".into());
    theirs.risks[1].owner = Some("Theirs".into());
    theirs.services[0].rto = Some(Hours::new(1.0).unwrap());
    ours.risks.push(Risk::new(Id::new("R-901").unwrap(), "Ours adds", Rating::new(2, 2)));
    theirs.risks.retain(|r| r.id.as_str() != "R-010");
    let merged = clean(merge::merge(&base, &ours, &theirs));
    assert_eq!(merged.risks[0].owner.as_deref(), Some("Ours"));
    assert_eq!(merged.risks[1].owner.as_deref(), Some("Theirs"));
    assert_eq!(merged.services[0].rto.map(Hours::get), Some(1.0));
    assert!(merged.risks.iter().any(|r| r.id.as_str() == "R-901"));
    assert!(!merged.risks.iter().any(|r| r.id.as_str() == "R-010"));
    assert_eq!(merged.risks.len(), base.risks.len());

    // The same field changed differently: a conflict, with base, ours and theirs.
    theirs.risks[0].owner = Some("Someone else".into());
    let c = conflicts(merge::merge(&base, &ours, &theirs));
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].path, "$.risks[id=\"R-001\"].owner");
    assert_eq!(
        (c[0].base.clone(), c[0].ours.clone(), c[0].theirs.clone()),
        (base.risks[0].owner.as_ref().map(|o| json!(o)), Some(json!("Ours")), Some(json!("Someone else")))
    );
    // Settled with theirs.
    let settled = clean(merge::merge_settled(&base, &ours, &theirs, &|_| Some(Side::Theirs)));
    assert_eq!(settled.risks[0].owner.as_deref(), Some("Someone else"));
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_is_a_conflict_and_added_twice_differently_too() {
    let base = example();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks.retain(|r| r.id.as_str() != "R-003");
    let at = theirs.risks.iter().position(|r| r.id.as_str() == "R-003").unwrap();
    theirs.risks[at].title = "Changed while deleted".into();
    let c = conflicts(merge::merge(&base, &ours, &theirs));
    assert_eq!((c.len(), c[0].ours.is_none(), c[0].theirs.is_some()), (1, true, true));

    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks.push(Risk::new(Id::new("R-950").unwrap(), "One", Rating::new(2, 2)));
    theirs.risks.push(Risk::new(Id::new("R-950").unwrap(), "Other", Rating::new(2, 2)));
    assert_eq!(conflicts(merge::merge(&base, &ours, &theirs)).len(), 1);
    theirs.risks.last_mut().unwrap().title = "One".into();
    let merged = clean(merge::merge(&base, &ours, &theirs));
    assert_eq!(merged.risks.iter().filter(|r| r.id.as_str() == "R-950").count(), 1, "added once");
}

#[test]
fn an_id_added_twice_in_two_lists_is_a_conflict_the_merged_file_would_not_import() {
    let base = example();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks.push(Risk::new(Id::new("twice").unwrap(), "A risk", Rating::new(2, 2)));
    let mut node = base.services[0].clone();
    node.id = Id::new("twice").unwrap();
    node.depends_on.clear();
    theirs.services.push(node);
    let c = conflicts(merge::merge(&base, &ours, &theirs));
    assert_eq!(c.len(), 1);
    assert!(c[0].why.as_deref().is_some_and(|w| w.contains("would not import") && w.contains("twice")), "{c:?}");
}

#[test]
fn history_is_the_union_by_date_and_lineage_is_ours_then_what_theirs_adds() {
    let mut base = example();
    base.lineage = vec!["a".into(), "b".into()];
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.lineage.push("c".into());
    theirs.lineage.extend(["d".to_string(), "c".to_string()]);
    let mut entry = base.risks[0].history[0].clone();
    entry.date = rampart_core::model::Date::parse("2026-10-01").ok();
    entry.note = Some("ours".into());
    ours.risks[0].history.push(entry.clone());
    entry.date = rampart_core::model::Date::parse("2026-09-01").ok();
    entry.note = Some("theirs".into());
    theirs.risks[0].history.push(entry);
    let merged = clean(merge::merge(&base, &ours, &theirs));
    assert_eq!(merged.lineage, ["a", "b", "c", "d"]);
    let notes: Vec<_> =
        merged.risks[0].history.iter().rev().take(2).map(|h| h.note.clone().unwrap_or_default()).collect();
    assert_eq!(notes, ["ours", "theirs"], "by date: theirs (September) before ours (October)");
    assert_eq!(merged.risks[0].history.len(), base.risks[0].history.len() + 2);
    assert_eq!(ours.common_base(&theirs), Some("c"));
}

#[test]
fn lineage_keeps_the_newest_hundred_ids() {
    let mut r = register(json!({}));
    for k in 0..105 {
        r.add_revision(format!("r{k}"));
    }
    assert_eq!((r.lineage.len(), r.lineage[0].as_str(), r.lineage[99].as_str()), (100, "r5", "r104"));
    let back = rampart_core::import(&rampart_core::import::to_json(&r)).unwrap();
    assert_eq!(back.lineage, r.lineage);
    let refused = rampart_core::import(r#"{"format": "rampart-register", "version": 1, "name": "x", "lineage": [1]}"#);
    assert_eq!(refused.unwrap_err().place().path, "$.lineage[0]");
}

/// An edit one side may make to the example.
#[derive(Debug, Clone)]
enum Edit {
    RiskTitle(usize, String),
    RiskOwner(usize, Option<String>),
    RiskUnknown(usize, i64),
    AddRisk(u16),
    DeleteRisk(usize),
    ServiceRto(usize, Option<u8>),
    DropDependency(usize),
    Rename(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..30, "[a-z ]{1,12}").prop_map(|(i, t)| Edit::RiskTitle(i, t)),
        (0usize..30, prop::option::of("[A-Z][a-z]{1,8}")).prop_map(|(i, o)| Edit::RiskOwner(i, o)),
        (0usize..30, any::<i64>()).prop_map(|(i, v)| Edit::RiskUnknown(i, v)),
        (0u16..5).prop_map(Edit::AddRisk),
        (0usize..30).prop_map(Edit::DeleteRisk),
        (0usize..20, prop::option::of(0u8..50)).prop_map(|(i, h)| Edit::ServiceRto(i, h)),
        (0usize..20).prop_map(Edit::DropDependency),
        "[A-Za-z ]{1,20}".prop_map(Edit::Rename),
    ]
}

fn edited(base: &Register, edits: &[Edit], side: &str) -> Register {
    let mut r = base.clone();
    for e in edits {
        let risks = r.risks.len();
        let services = r.services.len();
        match e.clone() {
            Edit::RiskTitle(i, t) if i < risks => r.risks[i].title = t,
            Edit::RiskOwner(i, o) if i < risks => r.risks[i].owner = o,
            Edit::RiskUnknown(i, v) if i < risks => {
                r.risks[i].extra.0.insert("x-score".into(), json!(v));
            }
            Edit::AddRisk(k) => {
                let id = Id::new(format!("R-{side}-{k}")).unwrap();
                if !r.id_taken(&id, None) {
                    r.risks.push(Risk::new(id, format!("Added by {side}"), Rating::new(3, 2)));
                }
            }
            Edit::DeleteRisk(i) if i < risks => {
                r.risks.remove(i);
            }
            Edit::ServiceRto(i, h) if i < services => r.services[i].rto = h.map(|h| Hours::new(f64::from(h)).unwrap()),
            Edit::DropDependency(i) if i < services => {
                r.services[i].depends_on.retain(|d| matches!(d, Dependency::AnyOf(_)));
            }
            Edit::Rename(name) => r.name = name,
            _ => {}
        }
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merging_with_an_unchanged_side_or_the_same_change_gives_that_change(
        x in prop::collection::vec(edit(), 0..6),
        y in prop::collection::vec(edit(), 0..6),
    ) {
        let b = example();
        let (x, y) = (edited(&b, &x, "x"), edited(&b, &y, "y"));
        let equal = |p: &Register, q: &Register| diff::changes(p, q).is_empty();
        prop_assert!(equal(&clean(merge::merge(&b, &x, &b)), &x));
        prop_assert!(equal(&clean(merge::merge(&b, &b, &y)), &y));
        prop_assert!(equal(&clean(merge::merge(&b, &x, &x)), &x));
        prop_assert!(diff::changes(&x, &x).is_empty());
        // Applying the diff from x to y to x gives y.
        let applied = diff::apply(&diff::as_value(&x), &diff::changes(&x, &y));
        let applied = rampart_core::import(&applied.to_string());
        prop_assert!(applied.is_ok(), "{:?}", applied.err());
        prop_assert!(equal(&applied.unwrap(), &y));
        // Any merge that is clean imports (it is a register); with conflicts, settling them all does too.
        match merge::merge(&b, &x, &y) {
            Merged::Clean(_) => {}
            Merged::Conflicts(c) => {
                prop_assert!(!c.is_empty());
                if c.iter().all(|c| c.why.is_none()) {
                    let settled = merge::merge_settled(&b, &x, &y, &|_| Some(Side::Ours));
                    let clean_or_import_conflict = match settled {
                        Merged::Clean(_) => true,
                        Merged::Conflicts(c) => c.iter().all(|c| c.why.is_some()),
                    };
                    prop_assert!(clean_or_import_conflict);
                }
            }
        }
    }
}

#[test]
fn absent_null_and_empty_are_alike_numbers_compare_by_value_and_updated_or_lineage_leave_files_equal() {
    // SPEC §9.5.
    let mut old = example();
    old.risks[2].extra.0.insert("x-weight".into(), json!(4));
    let mut new = old.clone();
    new.risks[0].extra.0.insert("x-tags".into(), json!([]));
    new.risks[1].extra.0.insert("x-note".into(), json!(null));
    new.risks[2].extra.0.insert("x-weight".into(), json!(4.0));
    assert!(diff::changes(&old, &new).is_empty(), "{:#?}", diff::changes(&old, &new));
    new.lineage.push("b".into());
    new.updated = rampart_core::model::Timestamp::parse("2026-11-30T09:00:00Z").ok();
    let changes = diff::changes(&old, &new);
    assert_eq!(changes.len(), 2, "listed");
    assert!(diff::equal(&changes), "but the files are equal");
    new.name = "Renamed".into();
    assert!(!diff::equal(&diff::changes(&old, &new)));
    // In a merge, `updated` is ours.
    let mut theirs = old.clone();
    theirs.updated = rampart_core::model::Timestamp::parse("2027-01-01T00:00:00Z").ok();
    let merged = clean(merge::merge(&old, &new, &theirs));
    assert_eq!(merged.updated, new.updated);
}

#[test]
fn reviews_and_their_decisions_merge_by_id() {
    let review = |decisions: serde_json::Value| {
        let mut v: serde_json::Value = serde_json::from_str(&rampart_core::import::to_json(&example())).unwrap();
        v["reviews"] = json!([{"id": "MR-1", "date": "2026-09-15", "decisions": decisions}]);
        rampart_core::import(&v.to_string()).unwrap()
    };
    let d1 = |status: &str| json!({"id": "D-1", "text": "Fund a second site", "status": status});
    let base = review(json!([d1("open")]));
    let ours = review(json!([d1("done")]));
    let theirs = review(json!([d1("open"), {"id": "D-2", "text": "Test the failover", "status": "open"}]));
    let merged = clean(merge::merge(&base, &ours, &theirs));
    let decisions = &merged.reviews[0].decisions;
    assert_eq!(decisions.len(), 2, "theirs' new decision is added");
    assert_eq!(decisions[0].status, rampart_core::model::DecisionStatus::Done, "ours' status is kept");
    let theirs = review(json!([{"id": "D-1", "text": "Fund a second site", "status": "open", "owner": "CFO"}]));
    assert!(clean(merge::merge(&base, &ours, &theirs)).reviews[0].decisions[0].owner.is_some());
    let changes = diff::changes(&base, &ours);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].path, "$.reviews[id=\"MR-1\"].decisions[id=\"D-1\"].status");
}
