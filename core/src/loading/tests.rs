//! Reading and writing in steps gives exactly what the one-go functions give.

use super::*;
use crate::generate::{self, Size};
use crate::import::to_json;

fn examples() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().chain(std::fs::read_dir(format!("{dir}/merge")).unwrap()) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    assert!(texts.len() >= 5);
    texts
}

/// Reads `text` in steps of `work`, as the page does.
fn load(text: &str, work: usize) -> Result<Register, ImportError> {
    let mut loading = Loading::new(text.to_string());
    let (mut last, mut steps) = (0, 0);
    loop {
        steps += 1;
        assert!(steps <= 2 * text.len() / work.max(1) + 10, "every step does work");
        match loading.step(work) {
            Step::Working { done, total } => {
                assert!(done >= last && done <= total, "progress never goes back");
                last = done;
            }
            Step::Read(register) => return Ok(*register),
            Step::Refused(e) => return Err(e),
        }
    }
}

fn write(register: &Register, items: usize) -> String {
    let mut writing = Writing::new(register);
    let mut out = Vec::new();
    while !writing.step(items, &mut out).unwrap() {}
    String::from_utf8(out).unwrap()
}

#[test]
fn registers_read_in_steps_are_the_registers_read_in_one_go() {
    let mut texts = examples();
    let size = Size { risks: 300, services: 80, dependencies: 3, customer_slas: 10, underpinning: 20 };
    texts.push(to_json(&generate::register(size, 7)));
    // Compact, with the lists in another order and an unknown member between them.
    let mut value: serde_json::Value = serde_json::from_str(&texts[texts.len() - 1]).unwrap();
    value["x-note"] = serde_json::json!({"risks": [1, 2], "text": "a \"quoted\" } ] string"});
    texts.push(serde_json::to_string(&value).unwrap());
    for text in &texts {
        let whole = crate::import(text).unwrap();
        for work in [1, 7, 4096, 1 << 30] {
            assert_eq!(load(text, work).unwrap(), whole, "work {work}");
        }
    }
}

#[test]
fn broken_files_are_refused_exactly_as_in_one_go() {
    let text = to_json(&generate::register(
        Size { risks: 20, services: 10, dependencies: 2, customer_slas: 2, underpinning: 3 },
        3,
    ));
    let mut broken: Vec<String> = vec![
        String::new(),
        "[]".into(),
        "\u{feff}{}".into(),
        "{\"format\": \"rampart-register\"}".into(),
        text.replacen("\"impact\": 4", "\"impact\": 9", 1),
        text.replacen("\"impact\": 4", "\"impact\": \"high\"", 1),
        text.replacen("\"risks\": [", "\"risks\": [null, ", 1),
        text.replacen("\"risks\": [", "\"risks\": [1, ", 1),
        text.replacen("\"risks\": [", "\"risks\": [] , \"risks\": [", 1),
        text.replacen("\"id\": \"R-000002\"", "\"id\": \"R-000001\"", 1),
        text.replacen("\"services\": [", "\"services\": [{}, ", 1),
        text.replacen("}", "}}", 3),
        // What JSON refuses between the items of a list: a comma too many or
        // too few, a colon, a stray word.
        text.replacen("\"risks\": [", "\"risks\": [,", 1),
        text.replacen("\n    },\n    {\n      \"id\": \"R-000002\"", "\n    }\n    {\n      \"id\": \"R-000002\"", 1),
        text.replacen("\n    },\n    {\n      \"id\": \"R-000002\"", "\n    }:\n    {\n      \"id\": \"R-000002\"", 1),
        text.replacen("\n    },\n    {\n      \"id\": \"R-000002\"", "\n    },,\n    {\n      \"id\": \"R-000002\"", 1),
        text.replacen("\n  ],\n  \"services\"", "\n  ,],\n  \"services\"", 1),
        text.replacen("\n  ],\n  \"services\"", "\n  true],\n  \"services\"", 1),
        text.replacen("\"risks\": [", "\"risks\": [\"a note\", ", 1),
        text.replacen("\"risks\": [", "\"risks\": [\"a note\"], \"x\": [", 1),
        // Nested deeper than serde_json reads a register: 126 levels in an unknown field.
        text.replacen(
            "\"id\": \"R-000003\"",
            &format!("\"x\": {}{}, \"id\": \"R-000003\"", "[".repeat(126), "]".repeat(126)),
            1,
        ),
        format!("{text} trailing"),
    ];
    for cut in [1, 100, text.len() / 3, text.len() / 2, text.len() - 2] {
        broken.push(text[..cut].to_string());
    }
    for (k, text) in broken.iter().enumerate() {
        // (An impact of 9 reads: it is a finding, not a refusal.)
        let whole = crate::import(text);
        assert!(whole.is_err() || k == 4, "case {k} is broken");
        for work in [5, 1 << 30] {
            assert_eq!(load(text, work), whole, "case {k}, work {work}");
        }
    }
}

#[test]
fn registers_written_in_steps_are_the_registers_written_in_one_go() {
    let mut registers: Vec<Register> = examples().iter().map(|t| crate::import(t).unwrap()).collect();
    registers.push(generate::register(
        Size { risks: 50, services: 20, dependencies: 2, customer_slas: 3, underpinning: 5 },
        1,
    ));
    registers.push(Register::new("Empty"));
    for register in &registers {
        let whole = to_json(register);
        for items in [1, 3, 1 << 20] {
            assert_eq!(write(register, items), whole, "{} in steps of {items}", register.name);
        }
    }
}

proptest::proptest! {
    /// Any cut or changed byte of a register: read in steps as in one go.
    #[test]
    fn any_text_reads_in_steps_as_in_one_go(seed in 0u64..1000, cut in 0usize..20_000, byte in 0u8..128, at in 0usize..20_000) {
        let size = Size { risks: 15, services: 6, dependencies: 2, customer_slas: 1, underpinning: 2 };
        let text = to_json(&generate::register(size, seed));
        let mut bytes = text.into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(bytes.len() - cut % 3 * (cut % bytes.len()) / 2);
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        proptest::prop_assert_eq!(load(&text, 64), crate::import(&text));
    }
}
