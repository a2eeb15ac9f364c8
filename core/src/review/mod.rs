//! Management reviews (SPEC §9.4): the decisions a review records, the
//! finding for one that is overdue, and the review pack — one self-contained
//! HTML page that the app shows and prints and `rampart report` writes, the
//! same bytes from both for the same register, baseline and date.
//!
//! The pack reads everything from the analysis (ratings, standings, findings,
//! the recovery plan, single points, exercises): it works out no number of its
//! own. What it shows is gathered here ([`Pack`]); [`html`] writes it.

mod html;

use crate::analysis::Analysis;
use crate::diff::{self, AnalysisChanges, FindingLine, Rescored, Score};
use crate::findings::{Finding, FindingKind, Subject, Subjects};
use crate::model::{Date, DecisionStatus, Register, RiskStatus};
use crate::Options;

/// `REVIEW_DECISION_OVERDUE`: a decision not done whose `due` is before `today`.
pub fn check_decisions(register: &Register, today: Date, out: &mut Vec<Finding>) {
    for (i, review) in register.reviews.iter().enumerate() {
        for (k, d) in review.decisions.iter().enumerate() {
            if let Some(due) = d.due.filter(|due| *due < today && d.status != DecisionStatus::Done) {
                let subjects = Subjects::two(Subject::Review(i as u32), Subject::Decision(i as u32, k as u32));
                out.push(Finding::new(FindingKind::ReviewDecisionOverdue { due }, subjects));
            }
        }
    }
}

/// What the pack's changes are counted from.
#[derive(Clone, Copy)]
pub enum Since<'a> {
    /// The date of the previous review recorded in the register (the default).
    PreviousReview,
    /// A date: what the register itself records since then.
    Date(Date),
    /// An earlier copy of the register (a file, or a revision in the app):
    /// compared with the diff. `label` names it on the cover.
    Copy { label: &'a str, register: &'a Register },
}

/// Everything a pack is made from.
pub struct PackInput<'a> {
    pub register: &'a Register,
    pub analysis: &'a Analysis,
    pub options: Options,
    /// The register's text, exactly as read: the cover gives its SHA-256 so the
    /// pack can be matched to the file it came from.
    pub text: &'a [u8],
    pub since: Since<'a>,
}

pub use html::{plural, CssText, Esc, STYLE};

/// A review pack: one HTML page, inline CSS and SVG, no script, nothing
/// fetched. The same input gives the same bytes.
pub struct PackPage {
    pub html: String,
    body: std::ops::Range<usize>,
}

impl PackPage {
    /// The pack's `<main class="pack">` element alone, for a page that has
    /// [`STYLE`] and sets `--band-<k>` and `--pack-footer` itself.
    pub fn body(&self) -> &str {
        &self.html[self.body.clone()]
    }
}

/// The review pack of `input`.
pub fn pack(input: &PackInput) -> PackPage {
    let (html, body) = html::write(&Pack::gather(input));
    PackPage { html, body }
}

/// The SHA-256 of `bytes`, as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The reviews' parts the pack shows: the review it starts from, and the one it
/// is for when the register already records it (dated on the analysis date).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reviews {
    /// The latest review dated before the analysis date.
    pub previous: Option<usize>,
    /// The latest review dated on the analysis date: the review this pack is for.
    pub this: Option<usize>,
}

impl Reviews {
    pub fn of(register: &Register, today: Date) -> Self {
        let latest = |keep: &dyn Fn(Date) -> bool| {
            (0..register.reviews.len())
                .filter(|&k| keep(register.reviews[k].date))
                .max_by_key(|&k| (register.reviews[k].date, k))
        };
        Reviews { previous: latest(&|d| d < today), this: latest(&|d| d == today) }
    }
}

/// What changed since the baseline.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Words for the baseline: "the review of 2026-06-30", "revision …".
    pub against: String,
    /// Whether the baseline is a copy (every change known) or a date (only what
    /// the register records with dates: identified risks, history, deadlines).
    pub from_copy: bool,
    /// Risks added (positions in the register).
    pub new_risks: Vec<usize>,
    /// Risks closed since (positions), and the ids and titles of risks removed.
    pub closed_risks: Vec<usize>,
    pub removed_risks: Vec<(String, String)>,
    pub rescored: Vec<Rescored>,
    pub findings_added: Vec<FindingLine>,
    pub findings_resolved: Vec<FindingLine>,
}

/// The pack's content, gathered from the register and its analysis.
pub(crate) struct Pack<'a> {
    pub register: &'a Register,
    pub analysis: &'a Analysis,
    pub today: Date,
    pub sha256: String,
    pub reviews: Reviews,
    /// `None`: no baseline (no previous review and none chosen).
    pub changes: Option<Changes>,
    pub summary: crate::summary::Summary,
    pub single_points: Vec<(usize, Vec<usize>)>,
    /// The latest exercise up to the analysis date, with its lines.
    pub exercise: Option<(usize, Vec<crate::exercise::ExerciseLine>)>,
}

impl<'a> Pack<'a> {
    fn gather(input: &PackInput<'a>) -> Self {
        let (register, analysis, today) = (input.register, input.analysis, input.options.today);
        let reviews = Reviews::of(register, today);
        let since_date = |d: Date, against: String| since_date(register, analysis, d, against);
        let changes = match input.since {
            Since::PreviousReview => reviews.previous.map(|k| {
                let date = register.reviews[k].date;
                since_date(date, format!("the review of {date}"))
            }),
            Since::Date(d) => Some(since_date(d, d.to_string())),
            Since::Copy { label, register: old } => {
                Some(since_copy(register, analysis, old, &input.options, label.to_string()))
            }
        };
        let graph = crate::graph::ServiceGraph::build(&register.services, &mut Vec::new());
        let exercise = (0..register.exercises.len())
            .filter(|&x| register.exercises[x].date <= today)
            .max_by_key(|&x| (register.exercises[x].date, x))
            .map(|x| (x, crate::exercise::planned_against_actual(register, x)));
        Pack {
            register,
            analysis,
            today,
            sha256: sha256_hex(input.text),
            reviews,
            changes,
            summary: crate::summary::summary(register, analysis, today),
            single_points: crate::scenario::single_points(&register.services, &graph),
            exercise,
        }
    }
}

/// Changes against an earlier copy: the diff's risks and analysis changes.
fn since_copy(new: &Register, analysis: &Analysis, old: &Register, options: &Options, against: String) -> Changes {
    let old_analysis = crate::analyse(old, options);
    let AnalysisChanges { findings_added, findings_resolved, rescored, .. } =
        diff::analysis_changes((old, &old_analysis), (new, analysis));
    let old_at: std::collections::HashMap<&str, usize> =
        old.risks.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let new_ids: std::collections::HashSet<&str> = new.risks.iter().map(|r| r.id.as_str()).collect();
    let new_risks = (0..new.risks.len()).filter(|&i| !old_at.contains_key(new.risks[i].id.as_str())).collect();
    let closed_risks = (0..new.risks.len())
        .filter(|&i| new.risks[i].status() == RiskStatus::Closed)
        .filter(|&i| old_at.get(new.risks[i].id.as_str()).is_some_and(|&j| old.risks[j].status() != RiskStatus::Closed))
        .collect();
    let removed_risks = (old.risks.iter())
        .filter(|r| !new_ids.contains(r.id.as_str()))
        .map(|r| (r.id.to_string(), r.title.clone()))
        .collect();
    Changes {
        against,
        from_copy: true,
        new_risks,
        closed_risks,
        removed_risks,
        rescored,
        findings_added,
        findings_resolved,
    }
}

/// Changes since a date, from what the register records with dates: risks
/// identified after it, residual ratings that differ from the latest history
/// entry up to it, and findings whose date fell after it (reviews, actions,
/// acceptances and decisions that came due). A file alone does not say when a
/// risk was closed or a finding resolved; the pack says so.
fn since_date(register: &Register, analysis: &Analysis, since: Date, against: String) -> Changes {
    let new_risks =
        (0..register.risks.len()).filter(|&i| register.risks[i].identified.is_some_and(|d| d > since)).collect();
    let scales = &analysis.scales;
    let rescored = (register.risks.iter().zip(&analysis.ratings))
        .filter_map(|(risk, rating)| {
            let then = risk.history.iter().filter(|h| h.date.is_some_and(|d| d <= since)).max_by_key(|h| h.date)?;
            let was = then.impact.0.saturating_mul(then.likelihood.0);
            let is = rating.residual.score;
            (was != is).then(|| Rescored {
                risk: risk.id.to_string(),
                old: Score::of(was, scales.band_of(was), scales),
                new: Score::of(is, rating.residual.band, scales),
            })
        })
        .collect();
    let came_due = |f: &&Finding| match f.kind {
        FindingKind::RiskReviewOverdue { review_date: d }
        | FindingKind::RiskActionOverdue { due: d }
        | FindingKind::RiskAcceptanceExpired { expires: d }
        | FindingKind::RiskTargetMissed { target_date: d, .. }
        | FindingKind::ReviewDecisionOverdue { due: d } => d >= since,
        _ => false,
    };
    let findings_added = (analysis.findings.iter()).filter(came_due).map(|f| FindingLine::of(f, register)).collect();
    Changes { against, from_copy: false, new_risks, rescored, findings_added, ..Changes::default() }
}

#[cfg(test)]
mod tests;
