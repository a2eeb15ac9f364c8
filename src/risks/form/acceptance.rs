//! The formal acceptance of a risk's residual (SPEC §9.1) in the risk form:
//! who, when, until when, the residual score accepted, and the register's
//! acceptance period.

use rampart_core::model::{Acceptance, Date, Register, Treatment};

use super::{Field, Problems, RiskForm};
use crate::app::form_values::kept_required;

/// How long an acceptance made in the editor holds, unless the register says
/// otherwise (`scales["x-rampart-acceptance-days"]`, set in the scales editor).
pub const DEFAULT_ACCEPTANCE_DAYS: i64 = 365;

/// The register's acceptance period in days.
pub fn acceptance_days(register: &Register) -> i64 {
    acceptance_days_of(register.scales.as_ref())
}

/// The acceptance period `scales` set, else the default.
pub fn acceptance_days_of(scales: Option<&rampart_core::model::Scales>) -> i64 {
    let days = scales.and_then(|s| s.extra.0.get(ACCEPTANCE_DAYS_KEY)).and_then(|v| v.as_i64());
    days.filter(|d| (1..=MAX_ACCEPTANCE_DAYS).contains(d)).unwrap_or(DEFAULT_ACCEPTANCE_DAYS)
}

/// The longest acceptance period the scales editor takes: ten years.
pub const MAX_ACCEPTANCE_DAYS: i64 = 3650;

/// Where the register keeps its acceptance period: an extension member of
/// `scales`, which other readers keep as an unknown field.
pub const ACCEPTANCE_DAYS_KEY: &str = "x-rampart-acceptance-days";

impl RiskForm {
    /// The residual score the acceptance opened with recorded, if any.
    pub fn accepted_score(&self) -> Option<i64> {
        self.base.as_ref().and_then(|b| b.acceptance.as_ref()).and_then(|a| a.score).map(|s| s.0)
    }

    /// Records a formal acceptance from `today` for `days` (who accepts is typed
    /// by the user); the residual score is recorded when the risk is saved.
    pub fn accept(&mut self, today: Date, days: i64) {
        self.accepted_on = today.to_string();
        self.accepted_until = today.add_days(days).to_string();
        self.treatment = Treatment::Accept.key().into();
    }

    /// The acceptance as typed (its score is set by `record_accepted_score`).
    pub(super) fn acceptance(&self, problems: &mut Problems) -> Option<Acceptance> {
        let accepted_on = problems.date(Field::Acceptance, &self.accepted_on, "Accepted on");
        let expires = problems.date(Field::Acceptance, &self.accepted_until, "Accepted until");
        match (self.accepted_by.trim(), accepted_on) {
            ("", None) if self.accepted_on.trim().is_empty() && self.accepted_until.trim().is_empty() => None,
            (by, Some(date)) if !by.is_empty() => {
                if let Some(until) = expires.filter(|e| *e < date) {
                    problems.at::<()>(Field::Acceptance, format!("Accepted until {until} is before it was accepted"));
                }
                let original = self.base.as_ref().and_then(|b| b.acceptance.as_ref());
                let extra = original.map(|a| a.extra.clone()).unwrap_or_default();
                let by = kept_required(original.map(|a| &a.by), &self.accepted_by);
                Some(Acceptance { by, date, expires, score: None, extra })
            }
            _ => problems.at(Field::Acceptance, "A formal acceptance needs who accepted and the date".into()),
        }
    }
}
