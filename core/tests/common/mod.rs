//! Helpers shared by the integration tests.
#![allow(dead_code)]

use rampart_core::model::Date;
use rampart_core::{analyse, import, Analysis, Finding, Options, Register, Teams};
use serde_json::{json, Value};

/// The analysis date of every test: Monday 23 November 2026.
pub fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

/// A register from the given members, with `format`, `version` and `name` added.
pub fn register(members: Value) -> Register {
    let mut doc = json!({"format": "rampart-register", "version": 1, "name": "Test"});
    for (k, v) in members.as_object().expect("an object").clone() {
        doc[k] = v;
    }
    import(&doc.to_string()).unwrap_or_else(|e| panic!("test register refused: {e}"))
}

pub fn run(members: Value) -> (Register, Analysis) {
    run_with(members, Teams::Unlimited)
}

pub fn run_with(members: Value, teams: Teams) -> (Register, Analysis) {
    let r = register(members);
    let a = analyse(&r, &Options { today: today(), teams });
    (r, a)
}

/// The findings with this code.
pub fn with_code<'a>(a: &'a Analysis, code: &str) -> Vec<&'a Finding> {
    a.findings.iter().filter(|f| f.code() == code).collect()
}

/// A finding as JSON, for checking its named fields.
pub fn as_json(f: &Finding) -> Value {
    serde_json::to_value(f).unwrap()
}

/// The sorted codes of all findings.
pub fn codes(a: &Analysis) -> Vec<&'static str> {
    let mut c: Vec<_> = a.findings.iter().map(|f| f.code()).collect();
    c.sort();
    c
}
