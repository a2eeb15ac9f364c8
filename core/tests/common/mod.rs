//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::ops::Deref;

use rampart_core::model::Date;
use rampart_core::{analyse, import, Analysis, Options, Register, Severity, Teams};
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

/// A register and its analysis; derefs to the analysis.
pub struct Run {
    pub register: Register,
    pub analysis: Analysis,
}

impl Deref for Run {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.analysis
    }
}

pub fn run(members: Value) -> Run {
    run_with(members, Teams::Unlimited)
}

pub fn run_with(members: Value, teams: Teams) -> Run {
    let register = register(members);
    let analysis = analyse(&register, &Options { today: today(), teams });
    Run { register, analysis }
}

/// A finding as reported: subject ids, severity, the JSON of SPEC §8 and the message.
#[derive(Debug, Clone)]
pub struct Found {
    pub subjects: Vec<String>,
    pub severity: Severity,
    pub json: Value,
}

impl Found {
    pub fn message(&self) -> &str {
        self.json["message"].as_str().unwrap()
    }
}

/// The findings with this code, in the order found.
pub fn with_code(a: &Run, code: &str) -> Vec<Found> {
    a.findings
        .iter()
        .filter(|f| f.code() == code)
        .map(|f| Found {
            subjects: f.subject_ids(&a.register).into_iter().map(String::from).collect(),
            severity: f.severity(),
            json: serde_json::to_value(f.report(&a.register)).unwrap(),
        })
        .collect()
}

/// A finding's JSON, for checking its named fields.
pub fn as_json(f: &Found) -> Value {
    f.json.clone()
}

/// The sorted codes of all findings.
pub fn codes(a: &Analysis) -> Vec<&'static str> {
    let mut c: Vec<_> = a.findings.iter().map(|f| f.code()).collect();
    c.sort();
    c
}
