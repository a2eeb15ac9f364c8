//! Every editor changes only what the user changed (issue 12, SPEC §1): over the
//! example registers with unknown fields at every level, text with spaces, line
//! ends and right-to-left marks, and integers beyond 64 bits, an item opened in
//! its editor and saved untouched comes back identical, and after one field is
//! edited that field is the only difference in the export.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use proptest::prelude::*;
use rampart_app::app::state::{Action, AppState};
use rampart_app::continuity::form::ServiceForm;
use rampart_app::risks::form::{Context, RiskForm};
use rampart_app::risks::scales_form::ScalesForm;
use rampart_app::sla::agreement_form::AgreementForm;
use rampart_app::sla::supplier_form::SupplierForm;
use rampart_app::workspace::RevisionKind;
use rampart_core::import::to_json;
use rampart_core::model::{Date, Id};
use rampart_core::scoring::ScaleSet;
use rampart_core::{import, Register};
use serde_json::{json, Value};

const EXAMPLES: [&str; 3] = [
    include_str!("../examples/online-banking.json"),
    include_str!("../examples/hospital-risk-register.json"),
    include_str!("../examples/manufacturing-bia.json"),
];
const BIG: &str = "123456789012345678901234567890";
const ODD_TEXT: [&str; 5] = ["  padded  ", "ends with a line end\n", "tab\tinside", "\u{202e}reversed", "plain"];

/// Adds an unknown field to `v` (an object) when `add`; its value holds text and
/// an integer too large for 64 bits.
fn unknown(v: &mut Value, add: bool, text: &str) {
    if let (true, Some(o)) = (add, v.as_object_mut()) {
        o.insert("x-kept".into(), json!({"note": text, "big": "__BIG__", "list": [1, "__BIG__"]}));
    }
}

/// One of the examples, made odd by `choices`: unknown fields everywhere,
/// untrimmed text in the fields the editors show.
fn odd_register(example: usize, choices: &[(bool, usize)]) -> String {
    let mut doc: Value = serde_json::from_str(EXAMPLES[example]).unwrap();
    let mut k = 0;
    let mut next = || {
        k += 1;
        choices[k % choices.len()]
    };
    let (add, t) = next();
    unknown(&mut doc, add, ODD_TEXT[t]);
    if doc.get("scales").is_none() {
        doc["scales"] = json!({});
    }
    let (add, t) = next();
    unknown(&mut doc["scales"], add, ODD_TEXT[t]);
    for band in doc["scales"]["bands"].as_array_mut().into_iter().flatten() {
        let (add, t) = next();
        unknown(band, add, ODD_TEXT[t]);
    }
    for risk in doc["risks"].as_array_mut().into_iter().flatten() {
        let (add, t) = next();
        unknown(risk, add, ODD_TEXT[t]);
        for field in ["title", "description", "owner", "mitigation"] {
            let (odd, t) = next();
            if odd && risk.get(field).is_some() {
                risk[field] = json!(format!("{} {}", ODD_TEXT[t], risk[field].as_str().unwrap_or("x")));
            }
        }
        for part in ["inherent", "residual", "target", "acceptance"] {
            let (add, t) = next();
            if risk.get(part).is_some() {
                unknown(&mut risk[part], add, ODD_TEXT[t]);
            }
        }
        for c in risk["controls"].as_array_mut().into_iter().flatten() {
            let (add, t) = next();
            unknown(c, add, ODD_TEXT[t]);
        }
    }
    for s in doc["services"].as_array_mut().into_iter().flatten() {
        let (add, t) = next();
        unknown(s, add, ODD_TEXT[t]);
        s["name"] = json!(format!("{}{}", s["name"].as_str().unwrap_or("x"), ODD_TEXT[t]));
        for d in s["depends_on"].as_array_mut().into_iter().flatten() {
            let (add, t) = next();
            unknown(d, add, ODD_TEXT[t]);
            // An alternative named twice counts once, and stays written twice.
            if let (true, Some(members)) = (add, d.get_mut("any_of").and_then(Value::as_array_mut)) {
                let first = members[0].clone();
                members.push(first);
            }
        }
    }
    for s in doc["suppliers"].as_array_mut().into_iter().flatten() {
        let (add, t) = next();
        unknown(s, add, ODD_TEXT[t]);
        s["name"] = json!(format!("{}{}", ODD_TEXT[t], s["name"].as_str().unwrap_or("x")));
    }
    for a in doc["agreements"].as_array_mut().into_iter().flatten() {
        let (add, t) = next();
        unknown(a, add, ODD_TEXT[t]);
        a["name"] = json!(format!("{}{}", a["name"].as_str().unwrap_or("x"), ODD_TEXT[t]));
        if a["hours"].is_object() {
            let (add, t) = next();
            unknown(&mut a["hours"], add, ODD_TEXT[t]);
            // Days in the file's own order, one repeated.
            if let (true, Some(days)) = (add, a["hours"]["days"].as_array_mut()) {
                days.reverse();
                let first = days[0].clone();
                days.push(first);
            }
        }
        for target in a["targets"].as_array_mut().into_iter().flatten() {
            let (add, t) = next();
            unknown(target, add, ODD_TEXT[t]);
            if add {
                target["priority"] = json!(format!(" {} ", target["priority"].as_str().unwrap_or("P")));
            }
        }
    }
    serde_json::to_string_pretty(&doc).unwrap().replace("\"__BIG__\"", BIG)
}

fn opened(register: Register) -> Rc<AppState> {
    Rc::new(AppState::default()).apply(Action::Open {
        key: "k".into(),
        register: Box::new(register),
        today: Date::parse("2026-11-30").unwrap(),
        stored: 0,
        change: Some((RevisionKind::Created, "Opened".into())),
        undo: None,
    })
}

fn exported(s: &AppState) -> String {
    to_json(&s.current.as_ref().unwrap().register)
}

/// The paths at which two JSON values differ.
fn differences(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (va, vb) = (x.get(key).unwrap_or(&Value::Null), y.get(key).unwrap_or(&Value::Null));
                differences(va, vb, format!("{path}.{key}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                differences(va, vb, format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(path),
        _ => {}
    }
}

fn only_change(before: &str, after: &str) -> Vec<String> {
    let (a, b): (Value, Value) = (serde_json::from_str(before).unwrap(), serde_json::from_str(after).unwrap());
    let mut out = vec![];
    differences(&a, &b, "$".into(), &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn every_editor_changes_only_what_the_user_changed(
        example in 0..3usize,
        choices in prop::collection::vec((any::<bool>(), 0..ODD_TEXT.len()), 1..40),
        pick in any::<prop::sample::Index>(),
    ) {
        let text = odd_register(example, &choices);
        let register = import(&text).unwrap();
        let before = to_json(&register);
        prop_assert!(before.contains(BIG) || !text.contains(BIG), "big integers survive the import");
        let s = opened(register.clone());

        // The risk editor.
        if !register.risks.is_empty() {
            let i = pick.index(register.risks.len());
            let risk = &register.risks[i];
            let taken = Context::taken_ids(&register, Some(risk));
            let cx = Context { taken: &taken, register: &register };
            let mut form = RiskForm::from_risk(risk);
            prop_assert_eq!(form.check(&cx).ok(), Some(risk.clone()), "untouched");
            form.title = "Edited title".into();
            let edited = form.check(&cx).unwrap();
            let after = s.clone().apply(Action::SaveRisk { risk: Box::new(edited), replacing: Some(risk.id.clone()), note: None });
            prop_assert_eq!(only_change(&before, &exported(&after)), vec![format!("$.risks[{i}].title")]);
        }
        // The services editor.
        if !register.services.is_empty() {
            let i = pick.index(register.services.len());
            let node = &register.services[i];
            let mut form = ServiceForm::from_service(node);
            prop_assert_eq!(form.check(&register).ok(), Some(node.clone()), "untouched");
            form.owner = "Edited owner".into();
            let edited = form.check(&register).unwrap();
            let after = s.clone().apply(Action::SaveService { service: Box::new(edited), replacing: Some(node.id.clone()) });
            prop_assert_eq!(only_change(&before, &exported(&after)), vec![format!("$.services[{i}].owner")]);
        }
        // The agreements editor.
        if !register.agreements.is_empty() {
            let i = pick.index(register.agreements.len());
            let a = &register.agreements[i];
            let mut form = AgreementForm::from_agreement(a);
            prop_assert_eq!(form.check(&register).ok(), Some(a.clone()), "untouched");
            form.name = "Edited agreement".into();
            let edited = form.check(&register).unwrap();
            let after = s.clone().apply(Action::SaveAgreement { agreement: Box::new(edited), replacing: Some(a.id.clone()) });
            prop_assert_eq!(only_change(&before, &exported(&after)), vec![format!("$.agreements[{i}].name")]);
        }
        // The suppliers table.
        if !register.suppliers.is_empty() {
            let i = pick.index(register.suppliers.len());
            let sup = &register.suppliers[i];
            let mut form = SupplierForm::from_supplier(sup);
            prop_assert_eq!(form.check(&register).ok(), Some(sup.clone()), "untouched");
            form.name = "Edited supplier".into();
            let edited = form.check(&register).unwrap();
            let after = s.clone().apply(Action::SaveSupplier { supplier: edited, replacing: Some(Id::new(sup.id.as_str()).unwrap()) });
            prop_assert_eq!(only_change(&before, &exported(&after)), vec![format!("$.suppliers[{i}].name")]);
        }
        // The scales editor.
        let set = ScaleSet::from_register(register.scales.as_ref());
        let mut form = ScalesForm::new(register.scales.as_ref(), &set);
        prop_assert_eq!(form.check().unwrap(), register.scales.clone().unwrap_or_default(), "untouched");
        form.appetite = (set.appetite.get() + 3.5).to_string();
        let after = s.clone().apply(Action::SetScales(form.check().unwrap()));
        prop_assert_eq!(only_change(&before, &exported(&after)), vec!["$.scales.appetite".to_string()]);
    }
}
