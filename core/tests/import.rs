//! Import and export (SPEC §1, §8 "Import"): all or nothing, with the place named.

mod common;

use common::*;
use rampart_core::import::to_json;
use rampart_core::model::Timestamp;
use rampart_core::{export, import, import_bytes, ImportError};
use serde_json::{json, Value};

fn doc(members: Value) -> String {
    let mut d = json!({"format": "rampart-register", "version": 1, "name": "Test"});
    for (k, v) in members.as_object().unwrap() {
        d[k] = v.clone();
    }
    d.to_string()
}

fn refused(text: &str) -> ImportError {
    match import(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

/// The error message for a register with these members; asserts it names `path`.
fn refused_at(members: Value, path: &str) -> String {
    let e = refused(&doc(members));
    let msg = e.to_string();
    assert_eq!(e.place().path, path, "{msg}");
    assert!(msg.starts_with(path), "{msg}");
    msg
}

fn risk_with(field: &str, value: Value) -> Value {
    let mut r = json!({"id": "R1", "title": "t", "inherent": {"impact": 1, "likelihood": 1}});
    r[field] = value;
    json!({"risks": [r]})
}

fn agreement_with(field: &str, value: Value) -> Value {
    let mut a = json!({"id": "A1", "name": "a", "kind": "supplier_contract"});
    a[field] = value;
    json!({"agreements": [a]})
}

#[test]
fn malformed_json_names_line_and_column() {
    let e = refused("{\n  \"format\": \"rampart-register\",\n  \"name\": \"x\",,\n}");
    let ImportError::Syntax { place, .. } = &e else { panic!("{e:?}") };
    assert_eq!((place.line, place.column), (Some(3), Some(15)));
    assert!(e.to_string().contains("line 3, column 15"), "{e}");
}

#[test]
fn truncated_files_and_empty_files_are_refused() {
    assert!(matches!(refused(""), ImportError::Syntax { .. }));
    let full = doc(json!({"risks": [{"id": "R1", "title": "t", "inherent": {"impact": 1, "likelihood": 1}}]}));
    assert!(matches!(refused(&full[..full.len() / 2]), ImportError::Syntax { .. }));
}

#[test]
fn a_byte_order_mark_and_non_utf8_bytes_are_refused_clearly() {
    let with_bom = format!("\u{feff}{}", doc(json!({})));
    assert_eq!(refused(&with_bom), ImportError::ByteOrderMark);
    let e = import_bytes(b"{\"name\": \"\xff\"}").unwrap_err();
    assert_eq!(e, ImportError::NotUtf8 { byte_offset: 10 });
}

#[test]
fn nan_infinity_and_out_of_range_numbers_are_refused() {
    for bad in ["NaN", "Infinity", "-Infinity", "1e400"] {
        let text = doc(json!({})).replacen('{', &format!("{{\"x\": {bad},"), 1);
        assert!(import(&text).is_err(), "{bad}");
    }
}

#[test]
fn numbers_in_unknown_fields_keep_their_text_big_integers_included() {
    let numbers = [
        "123456789012345678901234567890",
        "-98765432109876543210",
        "0.1000000000000000055511151231257827",
        "4.0",
        "-0",
    ];
    for n in numbers {
        let text = doc(json!({})).replacen('{', &format!("{{\"x-big\": {n}, \"x-deep\": {{\"list\": [{n}]}},"), 1);
        let written = to_json(&import(&text).unwrap());
        assert!(written.contains(&format!("\"x-big\": {n}")), "{n}: {written}");
        assert!(written.contains(&format!("\n      {n}\n")), "{n} in a nested list: {written}");
    }
    // The digits stay; serde_json writes an exponent with its sign.
    let text = doc(json!({})).replacen('{', "{\"x-exp\": 1e3,", 1);
    assert!(to_json(&import(&text).unwrap()).contains("\"x-exp\": 1e+3"));
}

#[test]
fn a_file_that_is_not_a_register_says_so() {
    let e = refused(r#"{"format": "something-else", "version": 1, "name": "x"}"#);
    assert!(matches!(e, ImportError::NotARegister { .. }));
    assert!(e.to_string().contains("not a Rampart register"));
    let e = refused(r#"{"name": "x", "risks": 7}"#);
    assert_eq!(e, ImportError::NotARegister { found: None });
    assert!(refused("[1, 2]").to_string().contains("one JSON object"));
}

#[test]
fn a_newer_version_is_refused_with_a_clear_message_even_if_its_content_differs() {
    let e = refused(r#"{"format": "rampart-register", "version": 2, "name": "x", "risks": {"new": "shape"}}"#);
    assert_eq!(e, ImportError::UnsupportedVersion { found: "2".into() });
    assert!(e.to_string().contains("newer Rampart"), "{e}");
    let e = refused(r#"{"format": "rampart-register", "version": 0, "name": "x"}"#);
    assert!(e.to_string().contains("not a register format version"), "{e}");
    let e = refused(r#"{"format": "rampart-register", "version": "1", "name": "x"}"#);
    assert!(matches!(e, ImportError::UnsupportedVersion { .. }));
}

#[test]
fn duplicate_ids_anywhere_name_both_places() {
    let text = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(&doc(json!({
            "risks": [{"id": "X", "title": "t", "inherent": {"impact": 1, "likelihood": 1},
                       "controls": [{"id": "C1", "reduces": "impact", "by": 1, "status": "planned"}]}],
            "services": [{"id": "C1", "name": "s"}],
        })))
        .unwrap(),
    )
    .unwrap();
    let e = refused(&text);
    let ImportError::DuplicateId { id, first, place } = &e else { panic!("{e:?}") };
    assert_eq!(
        (id.as_str(), first.as_str(), place.path.as_str()),
        ("C1", "$.risks[0].controls[0].id", "$.services[0].id")
    );
    // SPEC §6: the path, line and column of the second id's value.
    let (line, column) = (place.line.unwrap(), place.column.unwrap());
    let at = text.lines().nth(line - 1).unwrap();
    assert!(at[column - 1..].starts_with("\"C1\"") && at.contains("\"id\""), "line {line} column {column}: {at}");
    assert!(at.find("\"C1\"").unwrap() + 1 == column);
    assert!(text.lines().take(line - 1).any(|l| l.contains("\"services\"")), "after the services key");
    assert!(e.to_string().contains("already used at $.risks[0].controls[0].id"));
    assert_eq!(e.code(), "DUPLICATE_ID");
    // Read a step at a time, as the page does, the place is the same.
    let mut loading = rampart_core::loading::Loading::new(text.clone());
    let stepped = loop {
        match loading.step(1 << 20) {
            rampart_core::loading::Step::Refused(e) => break e,
            rampart_core::loading::Step::Read(_) => panic!("read"),
            _ => {}
        }
    };
    assert_eq!(stepped, e);
}

#[test]
fn duplicate_keys_are_refused_in_known_and_unknown_objects() {
    let known = r#"{"format": "rampart-register", "version": 1, "name": "a", "name": "b"}"#;
    assert!(refused(known).to_string().contains("duplicate field `name`"));
    let unknown = r#"{"format": "rampart-register", "version": 1, "name": "a", "x": 1, "x": 2}"#;
    assert!(refused(unknown).to_string().contains("\"x\" appears twice"));
    let nested = r#"{"format": "rampart-register", "version": 1, "name": "a", "x": {"y": [{"z": 1, "z": 1}]}}"#;
    assert!(import(nested).is_err());
    let impact = r#"{"format": "rampart-register", "version": 1, "name": "a",
        "services": [{"id": "s", "name": "s", "impact": {"4": 1, "4": 2}}]}"#;
    assert!(import(impact).is_err());
}

#[test]
fn wrong_types_and_missing_fields_name_their_path() {
    refused_at(
        json!({"risks": [{"id": "R1", "title": 5, "inherent": {"impact": 1, "likelihood": 1}}]}),
        "$.risks[0].title",
    );
    refused_at(json!({"risks": [{"id": "R1", "title": "t"}]}), "$.risks[0]");
    refused_at(risk_with("controls", json!([{"id": "C", "reduces": "impact", "by": 1}])), "$.risks[0].controls[0]");
    refused_at(risk_with("acceptance", json!({"by": "CRO"})), "$.risks[0].acceptance");
    refused_at(risk_with("history", json!([{"impact": 1}])), "$.risks[0].history[0]");
    refused_at(json!({"suppliers": [{"id": "s"}]}), "$.suppliers[0]");
    refused_at(json!({"agreements": [{"id": "a", "name": "a"}]}), "$.agreements[0]");
    refused_at(agreement_with("targets", json!([{"priority": "P1", "response": 1}])), "$.agreements[0].targets[0]");
    refused_at(json!({"scales": {"bands": [{"name": "Low"}]}}), "$.scales.bands[0]");
    refused_at(risk_with("status", json!("pending")), "$.risks[0].status");
}

#[test]
fn levels_must_be_whole_numbers() {
    let msg = refused_at(risk_with("inherent", json!({"impact": 3.0, "likelihood": 1})), "$.risks[0].inherent.impact");
    assert!(msg.contains("whole-number level"), "{msg}");
    assert!(msg.contains("line 1, column"), "{msg}");
}

#[test]
fn values_out_of_range_are_refused_where_they_are() {
    refused_at(
        risk_with("controls", json!([{"id": "C", "reduces": "impact", "by": 0, "status": "planned"}])),
        "$.risks[0].controls[0].by",
    );
    refused_at(json!({"services": [{"id": "s", "name": "s", "rto": -1}]}), "$.services[0].rto");
    refused_at(json!({"services": [{"id": "s", "name": "s", "availability": 100.5}]}), "$.services[0].availability");
    refused_at(risk_with("review_date", json!("2026-02-30")), "$.risks[0].review_date");
    refused_at(risk_with("identified", json!("23/11/2026")), "$.risks[0].identified");
    refused_at(
        json!({"services": [{"id": "s", "name": "s", "depends_on": [{"any_of": []}]}]}),
        "$.services[0].depends_on[0].any_of",
    );
    refused_at(json!({"services": [{"id": "s", "name": "s", "impact": {"soon": 2}}]}), "$.services[0].impact");
    refused_at(json!({"services": [{"id": "s", "name": "s", "impact": {"-4": 2}}]}), "$.services[0].impact");
    refused_at(
        json!({"risks": [{"id": "", "title": "t", "inherent": {"impact": 1, "likelihood": 1}}]}),
        "$.risks[0].id",
    );
    refused_at(json!({"suppliers": [{"id": "x".repeat(65), "name": "s"}]}), "$.suppliers[0].id");
    refused_at(json!({"updated": "yesterday"}), "$.updated");
}

#[test]
fn a_priority_twice_in_one_agreement_is_refused() {
    let e = refused(&doc(agreement_with(
        "targets",
        json!([{"priority": "P1", "response": 1, "resolution": 2}, {"priority": "P1", "response": 1, "resolution": 2}]),
    )));
    assert_eq!(e.place().path, "$.agreements[0].targets[1].priority");
}

#[test]
fn scales_and_bands_must_be_well_formed() {
    refused_at(json!({"scales": {"likelihood": ["only one"]}}), "$.scales.likelihood");
    refused_at(json!({"scales": {"impact": (0..11).map(|i| i.to_string()).collect::<Vec<_>>()}}), "$.scales.impact");
    refused_at(json!({"scales": {"bands": [{"name": "Low", "min": 2}]}}), "$.scales.bands");
    refused_at(json!({"scales": {"bands": [{"name": "Low", "min": 1}, {"name": "High", "min": 1}]}}), "$.scales.bands");
    refused_at(json!({"scales": {"bands": []}}), "$.scales.bands");
}

#[test]
fn calendars_follow_the_settled_rules() {
    let ok = |hours: Value| import(&doc(agreement_with("hours", hours))).is_ok();
    assert!(ok(json!("24x7")));
    assert!(ok(json!({"days": ["sat", "sat", "sun"], "from": "00:00", "to": "24:00"})));
    assert!(ok(json!({"days": ["mon"], "from": "23:59", "to": "24:00"})));
    for bad in [
        json!("24/7"),
        json!({"days": [], "from": "09:00", "to": "17:00"}),
        json!({"days": ["Mon"], "from": "09:00", "to": "17:00"}),
        json!({"days": ["mon"], "from": "17:00", "to": "09:00"}),
        json!({"days": ["mon"], "from": "09:00", "to": "09:00"}),
        json!({"days": ["mon"], "from": "9:00", "to": "17:00"}),
        json!({"days": ["mon"], "from": "24:00", "to": "24:00"}),
        json!({"days": ["mon"], "from": "00:00", "to": "24:01"}),
        json!({"days": ["mon"], "from": "09:00"}),
        json!(7),
    ] {
        let e = refused(&doc(agreement_with("hours", bad.clone())));
        assert!(e.place().path.starts_with("$.agreements[0].hours"), "{bad}: {e}");
    }
}

#[test]
fn null_means_absent() {
    let r = register(json!({
        "organization": null, "scales": null, "services": null,
        "risks": [{"id": "R1", "title": "t", "inherent": {"impact": 1, "likelihood": 1},
                   "status": null, "controls": null, "residual": null, "owner": null}],
    }));
    assert_eq!(r.risks[0].status(), rampart_core::model::RiskStatus::Open);
    assert!(r.services.is_empty() && r.organization.is_none());
}

#[test]
fn unknown_fields_at_every_level_survive_a_round_trip() {
    let original = json!({
        "format": "rampart-register", "version": 1, "name": "Kept", "x-top": {"nested": [1, 2]},
        "scales": {"x": 1, "bands": [{"name": "Low", "min": 1, "x": 2}]},
        "risks": [{"id": "R1", "title": "t", "x": true,
                   "inherent": {"impact": 1, "likelihood": 1, "x": "i"},
                   "residual": {"impact": 1, "likelihood": 1, "x": "r"},
                   "acceptance": {"by": "me", "date": "2026-01-01", "x": 3},
                   "controls": [{"id": "C1", "reduces": "impact", "by": 1, "status": "planned", "x": 4}],
                   "history": [{"impact": 1, "likelihood": 1, "x": 5}]}],
        "services": [{"id": "S1", "name": "s", "x": null,
                      "depends_on": [{"any_of": ["S2"], "x": 6}]},
                     {"id": "S2", "name": "s2"}],
        "suppliers": [{"id": "SUP", "name": "sup", "x": 7}],
        "agreements": [{"id": "A1", "name": "a", "kind": "ola", "x": 8,
                        "hours": {"days": ["mon"], "from": "09:00", "to": "17:00", "x": 9},
                        "targets": [{"priority": "P1", "response": 1, "resolution": 2, "x": 10}]}],
    });
    let r = import(&original.to_string()).unwrap();
    let written: Value = serde_json::from_str(&to_json(&r)).unwrap();
    assert_eq!(written, original);
}

#[test]
fn export_sets_updated_and_import_gives_the_same_register() {
    let r = register(
        json!({"organization": "Bank", "services": [{"id": "s", "name": "s", "rto": 4.5, "impact": {"0.5": 1, "24": 3}}]}),
    );
    let now = Timestamp::parse("2026-11-23T10:00:00Z").unwrap();
    let text = export(&r, now.clone());
    let back = import(&text).unwrap();
    assert_eq!(back.updated, Some(now));
    let mut expected = r.clone();
    expected.updated = back.updated.clone();
    assert_eq!(back, expected);
    assert!(text.contains("\"rto\": 4.5"));
}

#[test]
fn the_example_registers_import_and_round_trip() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let r = import(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(import(&to_json(&r)).unwrap(), r, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 3, "expected at least three example registers, found {seen}");
}

#[test]
fn a_syntax_error_inside_an_object_names_the_object_not_a_placeholder() {
    let e = refused("{\"format\": \"rampart-register\", \"risks\": [ {\"id\": \"R1\", } ]}");
    assert_eq!(e.place().path, "$.risks[0]");
    assert!(e.detail().starts_with("the file is not valid JSON"), "{}", e.detail());
    let e = refused("{,}");
    assert_eq!(e.place().path, "$");
}

/// The path found from line and column after a refusal is the one a parse that
/// tracks paths (serde_path_to_error) finds: for every value of the examples
/// replaced by a value of the wrong kind, and for every member removed.
#[test]
fn the_path_of_a_refusal_is_the_path_the_parser_was_at() {
    fn tracked_path(text: &str) -> Option<String> {
        let mut json = serde_json::Deserializer::from_str(text);
        let err = serde_path_to_error::deserialize::<_, rampart_core::Register>(&mut json).err()?;
        // `?` marks a key not read yet: the object is the place.
        let p = err.path().to_string();
        let p = p.strip_suffix(".?").or_else(|| p.strip_suffix('?')).unwrap_or(&p);
        Some(match p {
            "." | "" => "$".into(),
            _ if p.starts_with('[') => format!("${p}"),
            _ => format!("$.{p}"),
        })
    }
    /// Every variant of `doc` with one value replaced or one member removed.
    fn variants(doc: &Value, at: &mut Vec<Value>, out: &mut Vec<Value>, root: &Value) {
        let put = |v: Option<Value>, at: &[Value]| {
            let mut whole = root.clone();
            let (last, parents) = at.split_last().unwrap();
            let parent = parents.iter().fold(&mut whole, |node, k| match k {
                Value::String(k) => &mut node[k.as_str()],
                k => &mut node[k.as_u64().unwrap() as usize],
            });
            match (v, last) {
                (Some(v), Value::String(k)) => parent[k.as_str()] = v,
                (Some(v), k) => parent[k.as_u64().unwrap() as usize] = v,
                (None, Value::String(k)) => drop(parent.as_object_mut().unwrap().remove(k.as_str())),
                (None, k) => drop(parent.as_array_mut().unwrap().remove(k.as_u64().unwrap() as usize)),
            }
            whole
        };
        match doc {
            Value::Object(m) => {
                for (k, v) in m {
                    at.push(Value::String(k.clone()));
                    out.push(put(None, at));
                    variants(v, at, out, root);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    at.push(Value::from(i));
                    variants(v, at, out, root);
                    at.pop();
                }
            }
            _ => {
                // One bad value per place, in turn, to keep the test quick.
                let bad = [json!("?"), json!(-1), json!(1.5), json!(null), json!({}), json!([true])];
                out.push(put(Some(bad[out.len() % bad.len()].clone()), at));
            }
        }
    }
    let mut compared = 0;
    for example in [
        include_str!("../../examples/online-banking.json"),
        include_str!("../../examples/hospital-risk-register.json"),
        include_str!("../../examples/manufacturing-bia.json"),
    ] {
        let root: Value = serde_json::from_str(example).unwrap();
        let mut out = Vec::new();
        variants(&root, &mut Vec::new(), &mut out, &root);
        // Pretty and compact in turn: the parser's places differ around spaces.
        let texts = out.iter().enumerate().map(|(i, v)| match i % 2 {
            0 => serde_json::to_string_pretty(v).unwrap(),
            _ => v.to_string(),
        });
        for text in texts {
            let Some(expected) = tracked_path(&text) else { continue };
            match import(&text) {
                Err(e @ (ImportError::Invalid { .. } | ImportError::Syntax { .. })) => {
                    let line = e.place().line.and_then(|l| text.lines().nth(l - 1)).unwrap_or_default();
                    assert_eq!(e.place().path, expected, "{e}\n{line}");
                    compared += 1;
                }
                Err(_) => {}
                Ok(_) => panic!("accepted what the tracked parse refuses: {expected}"),
            }
        }
    }
    assert!(compared > 2_000, "only {compared} refusals compared");
}

#[test]
fn each_enum_of_the_format_has_one_key_per_value_the_same_as_serde_writes() {
    use rampart_core::model::Keyed;
    use rampart_core::model::{AgreementKind, Axis, ControlStatus, NodeKind, RiskStatus, SupplierType, Treatment};
    fn check<T: Keyed + serde::Serialize + std::fmt::Debug>() {
        for v in T::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), Value::String(v.key().into()), "{v:?}");
            assert_eq!(T::from_key(v.key()), Some(*v));
        }
    }
    check::<RiskStatus>();
    check::<Treatment>();
    check::<Axis>();
    check::<ControlStatus>();
    check::<NodeKind>();
    check::<SupplierType>();
    check::<AgreementKind>();
    assert_eq!(RiskStatus::keys_in_words(), "new, open or closed");
    assert_eq!(Axis::keys_in_words(), "likelihood or impact");
    assert_eq!((NodeKind::ALL.len(), AgreementKind::ALL.len(), SupplierType::ALL.len()), (5, 3, 3));
}
