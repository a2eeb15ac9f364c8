//! The machine-readable report of one file (SPEC §7 `--format json`).

use serde::Serialize;

use crate::analysis::Analysis;
use crate::findings::FindingReport;
use crate::model::{Register, RiskKind};
use crate::recovery::RecoveryStep;
use crate::scoring::{ScaleSet, Scored};

#[derive(Serialize)]
pub struct FileReport<'a> {
    pub file: &'a str,
    pub risks: Vec<RiskReport<'a>>,
    pub recovery: &'a [RecoveryStep],
    pub findings: Vec<FindingReport<'a>>,
}

#[derive(Debug, Serialize)]
pub struct RiskReport<'a> {
    pub id: &'a str,
    /// `threat` or `opportunity` (SPEC §9.1).
    pub kind: RiskKind,
    pub inherent: RatingReport<'a>,
    pub residual: RatingReport<'a>,
    pub target: RatingReport<'a>,
}

#[derive(Debug, Serialize)]
pub struct RatingReport<'a> {
    pub impact: i64,
    pub likelihood: i64,
    pub score: i64,
    /// `null` below the first band.
    pub band: Option<&'a str>,
}

impl<'a> RatingReport<'a> {
    fn new(s: &Scored, scales: &'a ScaleSet) -> Self {
        RatingReport { impact: s.impact, likelihood: s.likelihood, score: s.score, band: scales.band_name(s.band) }
    }
}

/// The report of one analysed file.
pub fn file_report<'a>(file: &'a str, register: &'a Register, analysis: &'a Analysis) -> FileReport<'a> {
    let scales = &analysis.scales;
    let risks = register
        .risks
        .iter()
        .zip(&analysis.ratings)
        .map(|(risk, r)| RiskReport {
            id: &risk.id,
            kind: risk.kind(),
            inherent: RatingReport::new(&r.inherent, scales),
            residual: RatingReport::new(&r.residual, scales),
            target: RatingReport::new(&r.target, scales),
        })
        .collect();
    let findings = analysis.findings.iter().map(|f| f.report(register)).collect();
    FileReport { file, risks, recovery: &analysis.recovery, findings }
}
