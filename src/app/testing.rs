//! What the app's native tests start from: the example register, analysed on
//! the day its dates were written for.

use rampart_core::model::{Date, Register};
use rampart_core::{analyse, Analysis, Options, Teams};

/// The example register (`crate::EXAMPLE`).
pub fn example() -> Register {
    rampart_core::import(crate::EXAMPLE).expect("the example imports")
}

/// The analysis options the tests use: the example's day, unlimited teams.
pub fn options() -> Options {
    Options { today: Date::parse("2026-11-23").expect("a date"), teams: Teams::Unlimited }
}

/// `register` analysed with `options()`.
pub fn analysed(register: &Register) -> Analysis {
    analyse(register, &options())
}
