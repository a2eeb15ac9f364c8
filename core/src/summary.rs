//! The register at a glance: every number of the app's overview, so that the
//! page shows what the engine says and nothing it worked out itself.

use crate::analysis::Analysis;
use crate::findings::{Area, Severity};
use crate::lifecycle::{standings, Standings};
use crate::model::{Date, Register, RiskKind, RiskStatus};
use crate::scoring::{RiskRating, Scored};

/// The overview's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Threats per band of the inherent rating, then of the residual one: one
    /// count per band of `analysis.scales.bands`, then those below the first
    /// band. Opportunities are counted apart: a high score is good news for them.
    pub inherent_by_band: Vec<usize>,
    pub residual_by_band: Vec<usize>,
    pub threats: usize,
    pub opportunities: usize,
    /// Findings per area (each area with any), as errors, warnings, information.
    pub findings_by_area: Vec<(Area, [usize; 3])>,
    /// The next review date on or after the analysis date, of a risk not closed.
    pub next_review: Option<Date>,
    /// Nodes recovered after their RTO.
    pub late_nodes: usize,
    /// The lifecycle of every risk, with the quick answers' counts.
    pub standings: Standings,
    /// The average residual score over time (see [`residual_trend`]).
    pub trend: Vec<(Date, f64)>,
}

/// The summary of `register` analysed on `today`.
pub fn summary(register: &Register, analysis: &Analysis, today: Date) -> Summary {
    let bands = analysis.scales.bands.len();
    let threats = threat_rows(register);
    let by_band = |pick: fn(&RiskRating) -> Scored| {
        let mut counts = vec![0usize; bands + 1];
        for rating in threats.iter().filter_map(|&i| analysis.ratings.get(i)) {
            counts[pick(rating).band.map_or(bands, |b| b as usize)] += 1;
        }
        counts
    };
    let mut findings_by_area: Vec<(Area, [usize; 3])> = Vec::new();
    for f in &analysis.findings {
        let area = f.kind.area();
        let at = match findings_by_area.iter().position(|(a, _)| *a == area) {
            Some(k) => k,
            None => {
                findings_by_area.push((area, [0; 3]));
                findings_by_area.len() - 1
            }
        };
        let column = Severity::ALL.iter().position(|s| *s == f.severity()).unwrap_or(0);
        findings_by_area[at].1[column] += 1;
    }
    findings_by_area.sort_by_key(|(a, _)| *a);
    let next_review = (register.risks.iter())
        .filter(|r| r.status() != RiskStatus::Closed)
        .filter_map(|r| r.review_date)
        .filter(|d| *d >= today)
        .min();
    Summary {
        inherent_by_band: by_band(|r| r.inherent),
        residual_by_band: by_band(|r| r.residual),
        threats: threats.len(),
        opportunities: register.risks.len() - threats.len(),
        findings_by_area,
        next_review,
        late_nodes: crate::recovery::plan_totals(&analysis.recovery).0,
        standings: standings(register, analysis, today),
        trend: trend_of(register, analysis, today, &threats),
    }
}

/// The positions of the register's threats (not its opportunities).
pub fn threat_rows(register: &Register) -> Vec<usize> {
    of_kind(register, 0..register.risks.len(), RiskKind::Threat)
}

/// The rows (risk positions) that are risks of `kind`, in their order: the
/// heat maps map threats and opportunities apart.
pub fn of_kind(register: &Register, rows: impl IntoIterator<Item = usize>, kind: RiskKind) -> Vec<usize> {
    rows.into_iter().filter(|&i| register.risks.get(i).is_some_and(|r| r.kind() == kind)).collect()
}

/// Risks per (impact, likelihood) cell of the scales, `[likelihood - 1][impact - 1]`,
/// of the rating `pick` chooses, over the risks at `rows` (a heat map's counts).
/// A rating outside the scales is in no cell.
pub fn cells(analysis: &Analysis, rows: &[usize], pick: fn(&RiskRating) -> Scored) -> Vec<Vec<usize>> {
    let (ni, nl) = (analysis.scales.impact.len() as i64, analysis.scales.likelihood.len() as i64);
    let mut counts = vec![vec![0usize; ni as usize]; nl as usize];
    for s in rows.iter().filter_map(|&i| analysis.ratings.get(i)).map(pick) {
        if (1..=ni).contains(&s.impact) && (1..=nl).contains(&s.likelihood) {
            counts[(s.likelihood - 1) as usize][(s.impact - 1) as usize] += 1;
        }
    }
    counts
}

/// The register's average residual score over time, from its threats' `history`
/// (an opportunity's high score is good news, so it is not averaged in): at each
/// assessment date, every threat counts with its latest assessment up to that
/// date (those not yet assessed then are left out), and `today` adds the
/// current residual scores.
pub fn residual_trend(register: &Register, analysis: &Analysis, today: Date) -> Vec<(Date, f64)> {
    trend_of(register, analysis, today, &threat_rows(register))
}

/// [`residual_trend`] of the risks at `threats`.
fn trend_of(register: &Register, analysis: &Analysis, today: Date, threats: &[usize]) -> Vec<(Date, f64)> {
    // Every dated assessment before today, in date order; each risk's latest
    // score is replaced as the dates pass, so the walk is linear in entries.
    let mut entries: Vec<(Date, usize, i64)> = (threats.iter())
        .flat_map(|&i| {
            let history = register.risks.get(i).map_or(&[][..], |r| &r.history[..]);
            history.iter().filter_map(move |h| Some((h.date?, i, h.impact.0.saturating_mul(h.likelihood.0))))
        })
        .filter(|(d, ..)| *d < today)
        .collect();
    entries.sort_by_key(|(d, ..)| *d);
    let mut latest: Vec<Option<i64>> = vec![None; register.risks.len()];
    let (mut sum, mut counted) = (0i64, 0usize);
    let mut points: Vec<(Date, f64)> = Vec::new();
    for (k, &(d, i, score)) in entries.iter().enumerate() {
        match latest[i] {
            // Two entries of one risk on one day: the later one in the file counts.
            Some(old) => sum += score - old,
            None => {
                sum += score;
                counted += 1;
            }
        }
        latest[i] = Some(score);
        if entries.get(k + 1).is_none_or(|(next, ..)| *next != d) {
            points.push((d, sum as f64 / counted as f64));
        }
    }
    if !threats.is_empty() {
        let sum: i64 = threats.iter().filter_map(|&i| analysis.ratings.get(i)).map(|r| r.residual.score).sum();
        points.push((today, sum as f64 / threats.len() as f64));
    }
    points
}
