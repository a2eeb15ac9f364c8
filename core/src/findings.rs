//! Findings: every problem the analysis finds (SPEC §6, §8 "Output").

use std::fmt;

use serde::Serialize;

use crate::model::{Axis, Date};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which part of the register a finding concerns, for grouping in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// References and scales: the register itself is inconsistent.
    Register,
    Risks,
    Continuity,
    Sla,
}

impl Area {
    pub fn label(self) -> &'static str {
        match self {
            Area::Register => "Register",
            Area::Risks => "Risks",
            Area::Continuity => "Continuity",
            Area::Sla => "SLA alignment",
        }
    }
}

/// What was found, with its named numbers. Serializes as `"code": "…"` plus the
/// named fields of SPEC §8.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingKind {
    BiaRtoBreach {
        rto: f64,
        finish: f64,
        late_hours: f64,
    },
    BiaRtoInversion {
        rto: f64,
        dependency_rto: f64,
    },
    BiaRtoExceedsMtpd {
        rto: f64,
        mtpd: f64,
    },
    BiaCycle {},
    SlaResponseMisaligned(TimingGap),
    SlaResolutionMisaligned(TimingGap),
    SlaPriorityUncovered {
        priority: String,
    },
    SlaRtoMisaligned {
        customer: f64,
        underpinning: f64,
    },
    SlaRpoMisaligned {
        customer: f64,
        underpinning: f64,
    },
    SlaAvailabilityShortfall {
        composed: f64,
        committed: f64,
    },
    SlaTermGap {
        end: Date,
        customer_end: Option<Date>,
    },
    SlaNoUnderpinning {},
    RiskAboveAppetite {
        score: i64,
        appetite: i64,
    },
    RiskReviewOverdue {
        review_date: Date,
    },
    RiskTargetMissed {
        target_date: Date,
        residual: i64,
        target: i64,
    },
    RiskResidualAboveInherent {
        residual: i64,
        inherent: i64,
    },
    RefUnknown {
        #[serde(rename = "ref")]
        reference: String,
        /// The field holding the reference: `depends_on`, `services`, `service`, `party`.
        field: &'static str,
    },
    ScaleOutOfRange {
        #[serde(rename = "where")]
        location: String,
        axis: Axis,
        level: i64,
        max: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        hours: Option<f64>,
    },
}

/// The named fields of a response or resolution misalignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimingGap {
    pub priority: String,
    pub late_hours: f64,
    pub customer_target: f64,
    pub underpinning_target: f64,
    /// The minute of the week (Monday 00:00 = 0) at which the worst lateness occurs.
    pub worst_start_minute: u32,
}

impl FindingKind {
    /// The finding code, as in the spec (`BIA_RTO_BREACH`, …).
    pub fn code(&self) -> &'static str {
        match self {
            FindingKind::BiaRtoBreach { .. } => "BIA_RTO_BREACH",
            FindingKind::BiaRtoInversion { .. } => "BIA_RTO_INVERSION",
            FindingKind::BiaRtoExceedsMtpd { .. } => "BIA_RTO_EXCEEDS_MTPD",
            FindingKind::BiaCycle {} => "BIA_CYCLE",
            FindingKind::SlaResponseMisaligned(_) => "SLA_RESPONSE_MISALIGNED",
            FindingKind::SlaResolutionMisaligned(_) => "SLA_RESOLUTION_MISALIGNED",
            FindingKind::SlaPriorityUncovered { .. } => "SLA_PRIORITY_UNCOVERED",
            FindingKind::SlaRtoMisaligned { .. } => "SLA_RTO_MISALIGNED",
            FindingKind::SlaRpoMisaligned { .. } => "SLA_RPO_MISALIGNED",
            FindingKind::SlaAvailabilityShortfall { .. } => "SLA_AVAILABILITY_SHORTFALL",
            FindingKind::SlaTermGap { .. } => "SLA_TERM_GAP",
            FindingKind::SlaNoUnderpinning {} => "SLA_NO_UNDERPINNING",
            FindingKind::RiskAboveAppetite { .. } => "RISK_ABOVE_APPETITE",
            FindingKind::RiskReviewOverdue { .. } => "RISK_REVIEW_OVERDUE",
            FindingKind::RiskTargetMissed { .. } => "RISK_TARGET_MISSED",
            FindingKind::RiskResidualAboveInherent { .. } => "RISK_RESIDUAL_ABOVE_INHERENT",
            FindingKind::RefUnknown { .. } => "REF_UNKNOWN",
            FindingKind::ScaleOutOfRange { .. } => "SCALE_OUT_OF_RANGE",
        }
    }

    pub fn area(&self) -> Area {
        match self {
            FindingKind::RefUnknown { .. } | FindingKind::ScaleOutOfRange { .. } => Area::Register,
            FindingKind::RiskAboveAppetite { .. }
            | FindingKind::RiskReviewOverdue { .. }
            | FindingKind::RiskTargetMissed { .. }
            | FindingKind::RiskResidualAboveInherent { .. } => Area::Risks,
            FindingKind::BiaRtoBreach { .. }
            | FindingKind::BiaRtoInversion { .. }
            | FindingKind::BiaRtoExceedsMtpd { .. }
            | FindingKind::BiaCycle {} => Area::Continuity,
            _ => Area::Sla,
        }
    }

    /// The severity settled in SPEC §8; `accepted` only matters for appetite.
    fn severity(&self, accepted: bool) -> Severity {
        match self {
            FindingKind::RefUnknown { .. } | FindingKind::ScaleOutOfRange { .. } | FindingKind::BiaCycle {} => {
                Severity::Error
            }
            FindingKind::RiskAboveAppetite { .. } if accepted => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

/// One problem found in a register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub kind: FindingKind,
    pub severity: Severity,
    /// Ids of the items concerned, most specific first (SPEC §8 table).
    pub subjects: Vec<String>,
    /// One sentence for a person, with the numbers in it.
    pub message: String,
}

impl Finding {
    pub fn new(kind: FindingKind, subjects: Vec<String>, message: String) -> Self {
        let severity = kind.severity(false);
        Finding { kind, severity, subjects, message }
    }

    /// A risk above appetite that has been formally accepted is information only.
    pub(crate) fn accepted(mut self) -> Self {
        self.severity = self.kind.severity(true);
        self
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// Hours for a message: `4 h`, `1.5 h`, `0.25 h`.
pub fn fmt_hours(h: f64) -> impl fmt::Display {
    struct H(f64);
    impl fmt::Display for H {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            let rounded = (self.0 * 1000.0).round() / 1000.0;
            write!(f, "{rounded} h")
        }
    }
    H(h)
}

/// A percentage for a message, with as many decimals as it needs (up to 4).
pub fn fmt_percent(p: f64) -> impl fmt::Display {
    struct P(f64);
    impl fmt::Display for P {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            let rounded = (self.0 * 10_000.0).round() / 10_000.0;
            write!(f, "{rounded}%")
        }
    }
    P(p)
}

/// Equality of computed figures within 1e-9 (relative), so that binary rounding
/// alone never makes a breach, lateness or shortfall (SPEC §8 "Numbers").
pub fn approx_eq(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// `a > b`, and not merely by binary rounding.
pub fn clearly_greater(a: f64, b: f64) -> bool {
    a > b && !approx_eq(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_serialize_with_code_and_named_fields() {
        let f = Finding::new(
            FindingKind::BiaRtoBreach { rto: 4.0, finish: 6.5, late_hours: 2.5 },
            vec!["web".into()],
            "late".into(),
        );
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["code"], "BIA_RTO_BREACH");
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["late_hours"], 2.5);
        assert_eq!(v["subjects"][0], "web");
    }

    #[test]
    fn reserved_word_fields_keep_their_spec_names() {
        let f = Finding::new(
            FindingKind::RefUnknown { reference: "x".into(), field: "depends_on" },
            vec!["a".into(), "x".into()],
            String::new(),
        );
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["ref"], "x");
        assert_eq!(v["severity"], "error");
    }

    #[test]
    fn rounding_noise_is_not_a_difference() {
        assert!(approx_eq(0.1 + 0.2, 0.3));
        assert!(!clearly_greater(0.1 + 0.2, 0.3));
        assert!(clearly_greater(0.31, 0.3));
    }

    #[test]
    fn hours_print_without_noise() {
        assert_eq!(fmt_hours(64.0).to_string(), "64 h");
        assert_eq!(fmt_hours(0.1 + 0.2).to_string(), "0.3 h");
    }
}
