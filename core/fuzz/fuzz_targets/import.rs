//! Import must never panic, and whatever it accepts must analyse and survive an
//! export and re-import unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::model::Date;
use rampart_core::{analyse, import, import_bytes, Options, Teams};

fuzz_target!(|data: &[u8]| {
    let Ok(register) = import_bytes(data) else { return };
    let today = Date::parse("2026-11-23").expect("a valid date");
    for teams in [Teams::Unlimited, Teams::Limited(std::num::NonZeroUsize::MIN)] {
        let analysis = analyse(&register, &Options { today, teams });
        for f in &analysis.findings {
            let _ = f.message(&register);
        }
    }
    let text = rampart_core::import::to_json(&register);
    let again = import(&text).expect("an exported register imports");
    assert_eq!(again, register, "export then import changed the register");
});
