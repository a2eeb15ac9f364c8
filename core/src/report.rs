//! The machine-readable report of one file (SPEC §7 `--format json`).

use serde::Serialize;

use crate::analysis::Analysis;
use crate::findings::FindingReport;
use crate::graph::ServiceGraph;
use crate::model::{Register, RiskKind};
use crate::recovery::RecoveryStep;
use crate::scenario::single_points;
use crate::scoring::{ScaleSet, Scored};

#[derive(Serialize)]
pub struct FileReport<'a> {
    pub file: &'a str,
    pub risks: Vec<RiskReport<'a>>,
    pub recovery: &'a [RecoveryStep],
    pub findings: Vec<FindingReport<'a>>,
    /// Per service, the nodes whose loss alone takes it down (SPEC §9.2).
    pub single_points: Vec<SinglePoints<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SinglePoints<'a> {
    pub service: &'a str,
    /// Sorted by byte order.
    pub nodes: Vec<&'a str>,
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
    let graph = ServiceGraph::build(&register.services, &mut Vec::new());
    let single_points = single_points(&register.services, &graph)
        .into_iter()
        .map(|(s, nodes)| SinglePoints {
            service: register.services[s].id.as_str(),
            nodes: nodes.into_iter().map(|n| register.services[n].id.as_str()).collect(),
        })
        .collect();
    FileReport { file, risks, recovery: &analysis.recovery, findings, single_points }
}
