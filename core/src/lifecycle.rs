//! Where each risk stands in its lifecycle (SPEC §9.1), read from the analysis'
//! own findings so that a table, a filter and a count can never disagree with
//! them: above appetite or accepted, acceptance due, review or action overdue.

use crate::analysis::Analysis;
use crate::findings::{FindingKind, Subject};
use crate::model::{Acceptance, Date, HistoryEntry, Level, Register, Risk, RiskKind, RiskStatus, Score};
use crate::scoring::{rate, ScaleSet, Scored};

/// How many days ahead an acceptance counts as expiring.
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

/// A risk's residual score against its appetite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AppetiteStanding {
    /// Within appetite, or a risk appetite does not apply to (closed, an opportunity).
    #[default]
    Within,
    /// Above appetite with no acceptance in force.
    Above { score: i64, appetite: crate::model::Threshold },
    /// Above appetite, accepted (until `until`, when the acceptance says).
    Accepted { score: i64, appetite: crate::model::Threshold, until: Option<Date> },
}

/// Everything the lifecycle says of one risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub appetite: AppetiteStanding,
    /// The acceptance expired on this day (`RISK_ACCEPTANCE_EXPIRED`).
    pub acceptance_expired: Option<Date>,
    /// The accepted score, now below the residual (`RISK_ACCEPTANCE_OUTDATED`).
    pub acceptance_outdated: Option<i64>,
    /// The acceptance in force ends within [`EXPIRING_WITHIN_DAYS`] (a risk
    /// within appetite needs none, so its acceptance is not counted).
    pub acceptance_expiring: Option<Date>,
    /// `RISK_REVIEW_OVERDUE`: the review was due on this day.
    pub review_overdue: Option<Date>,
    /// How many of its actions are overdue (`RISK_ACTION_OVERDUE`).
    pub actions_overdue: u32,
    pub closed: bool,
    pub opportunity: bool,
}

/// The one-click questions of the risk table, each a set of risks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quick {
    /// Above appetite and not accepted.
    AboveAppetite,
    /// Above appetite and accepted.
    Accepted,
    /// An acceptance expiring within 30 days, expired, or outdated.
    AcceptanceDue,
    ReviewOverdue,
    ActionOverdue,
    Opportunity,
    Closed,
}

crate::model::keyed!(Quick {
    AboveAppetite => "above-appetite", "above appetite, not accepted";
    Accepted => "accepted", "accepted above appetite";
    AcceptanceDue => "acceptance-due", "acceptance expiring, expired or outdated";
    ReviewOverdue => "review-overdue", "review overdue";
    ActionOverdue => "action-overdue", "action overdue";
    Opportunity => "opportunity", "opportunities";
    Closed => "closed", "closed";
});

impl Standing {
    /// Whether the risk answers `quick`.
    pub fn answers(&self, quick: Quick) -> bool {
        match quick {
            Quick::AboveAppetite => matches!(self.appetite, AppetiteStanding::Above { .. }),
            Quick::Accepted => matches!(self.appetite, AppetiteStanding::Accepted { .. }),
            Quick::AcceptanceDue => {
                self.acceptance_expired.is_some()
                    || self.acceptance_outdated.is_some()
                    || self.acceptance_expiring.is_some()
            }
            Quick::ReviewOverdue => self.review_overdue.is_some(),
            Quick::ActionOverdue => self.actions_overdue > 0,
            Quick::Opportunity => self.opportunity,
            Quick::Closed => self.closed,
        }
    }
}

/// Each risk's standing, in register order, and how many risks answer each
/// [`Quick`] question (in the order of `Quick::ALL`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Standings {
    pub risks: Vec<Standing>,
    pub counts: Vec<usize>,
}

impl Standings {
    pub fn count(&self, quick: Quick) -> usize {
        Quick::ALL.iter().position(|q| *q == quick).and_then(|k| self.counts.get(k).copied()).unwrap_or(0)
    }
}

/// Where every risk of `register` stands, from `analysis` (made on `today`).
pub fn standings(register: &Register, analysis: &Analysis, today: Date) -> Standings {
    let mut risks: Vec<Standing> = (register.risks.iter())
        .map(|r| Standing {
            closed: r.status() == RiskStatus::Closed,
            opportunity: r.kind() == RiskKind::Opportunity,
            ..Standing::default()
        })
        .collect();
    for f in &analysis.findings {
        let Some(i) = f.risk() else { continue };
        let Some(s) = risks.get_mut(i) else { continue };
        match f.kind {
            FindingKind::RiskAboveAppetite { score, appetite, accepted: true } => {
                let until = register.risks[i].acceptance.as_ref().and_then(|a| a.expires);
                s.appetite = AppetiteStanding::Accepted { score, appetite, until };
            }
            FindingKind::RiskAboveAppetite { score, appetite, accepted: false } => {
                s.appetite = AppetiteStanding::Above { score, appetite }
            }
            FindingKind::RiskAcceptanceExpired { expires } => s.acceptance_expired = Some(expires),
            FindingKind::RiskAcceptanceOutdated { accepted_score, .. } => s.acceptance_outdated = Some(accepted_score),
            FindingKind::RiskReviewOverdue { review_date } => s.review_overdue = Some(review_date),
            FindingKind::RiskActionOverdue { .. } => s.actions_overdue += 1,
            _ => {}
        }
    }
    for s in &mut risks {
        if let AppetiteStanding::Accepted { until: Some(until), .. } = s.appetite {
            s.acceptance_expiring = Some(until).filter(|u| *u <= today.add_days(EXPIRING_WITHIN_DAYS));
        }
    }
    let counts = Quick::ALL.iter().map(|q| risks.iter().filter(|s| s.answers(*q)).count()).collect();
    Standings { risks, counts }
}

/// One treatment action of the register, for a list across all risks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionLine {
    /// Positions of the risk, and of the action among its actions.
    pub risk: usize,
    pub action: usize,
    /// The analysis found it overdue (`RISK_ACTION_OVERDUE`).
    pub overdue: bool,
}

/// Every action of every risk, in register order, with what the analysis says.
pub fn action_lines(register: &Register, analysis: &Analysis) -> Vec<ActionLine> {
    let mut overdue: Vec<(u32, u32)> = (analysis.findings.iter())
        .filter(|f| matches!(f.kind, FindingKind::RiskActionOverdue { .. }))
        .filter_map(|f| {
            f.subjects.iter().find_map(|s| if let Subject::Action(i, k) = s { Some((*i, *k)) } else { None })
        })
        .collect();
    overdue.sort_unstable();
    (register.risks.iter().enumerate())
        .flat_map(|(i, r)| (0..r.actions.len()).map(move |k| (i, k)))
        .map(|(risk, action)| ActionLine {
            risk,
            action,
            overdue: overdue.binary_search(&(risk as u32, action as u32)).is_ok(),
        })
        .collect()
}

/// An acceptance that is the same as `before` (who, when, until when) keeps
/// the score `before` had (none, from a file without one); a new or changed one
/// records the residual score it accepts (SPEC §9.1: "set by the app when a
/// risk is accepted"). Called once the risk's ratings are final.
pub fn record_accepted_score(risk: &mut Risk, before: Option<&Acceptance>, scales: &ScaleSet) {
    let Some(now) = &risk.acceptance else { return };
    let same = before.filter(|b| b.by.trim() == now.by.trim() && b.date == now.date && b.expires == now.expires);
    let score = match same {
        Some(b) => b.score,
        None => Some(Score(rate(risk, scales).residual.score)),
    };
    if let Some(a) = risk.acceptance.as_mut() {
        a.score = score;
    }
}

/// Adds the risk's residual rating to its history when it differs from `before`
/// (its residual before the change; `None` for a new risk: its first assessment).
pub fn record_assessment(
    risk: &mut Risk,
    before: Option<Scored>,
    scales: &ScaleSet,
    today: Date,
    note: Option<String>,
) {
    let after = rate(risk, scales).residual;
    if before.is_none_or(|b| (b.impact, b.likelihood) != (after.impact, after.likelihood)) {
        risk.history.push(HistoryEntry {
            date: Some(today),
            impact: Level(after.impact),
            likelihood: Level(after.likelihood),
            note: note.filter(|n| !n.trim().is_empty()),
            extra: Default::default(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyse, import, Options, Teams};

    fn standings_of(risks: serde_json::Value) -> Standings {
        let (r, a, today) = analysed(risks);
        standings(&r, &a, today)
    }

    fn analysed(risks: serde_json::Value) -> (Register, Analysis, Date) {
        let doc = serde_json::json!({"format": "rampart-register", "version": 1, "name": "t", "risks": risks});
        let r = import(&doc.to_string()).unwrap();
        let today = Date::parse("2026-11-23").unwrap();
        let a = analyse(&r, &Options { today, teams: Teams::Unlimited });
        (r, a, today)
    }

    #[test]
    fn every_action_is_listed_with_whether_it_is_overdue() {
        let (r, a, _) = analysed(serde_json::json!([
            {"id": "R1", "title": "t", "inherent": {"impact": 1, "likelihood": 1},
             "actions": [{"id": "a1", "title": "t", "status": "planned", "due": "2026-01-01"},
                         {"id": "a2", "title": "t", "status": "done", "due": "2026-01-01"}]},
            {"id": "R2", "title": "t", "inherent": {"impact": 1, "likelihood": 1}},
            {"id": "R3", "title": "t", "status": "closed", "inherent": {"impact": 1, "likelihood": 1},
             "actions": [{"id": "a3", "title": "t", "status": "planned", "due": "2026-01-01"}]}
        ]));
        let lines = action_lines(&r, &a);
        let shown: Vec<(usize, usize, bool)> = lines.iter().map(|l| (l.risk, l.action, l.overdue)).collect();
        assert_eq!(shown, [(0, 0, true), (0, 1, false), (2, 0, false)], "a closed risk's actions are not overdue");
    }

    #[test]
    fn each_risk_stands_as_its_findings_say() {
        let risk = |id: &str, extra: serde_json::Value| {
            let mut r = serde_json::json!({"id": id, "title": "t", "inherent": {"impact": 4, "likelihood": 4}});
            for (k, v) in extra.as_object().unwrap() {
                r[k] = v.clone();
            }
            r
        };
        let s = standings_of(serde_json::json!([
            risk("above", serde_json::json!({})),
            risk(
                "accepted",
                serde_json::json!({"acceptance": {"by": "b", "date": "2026-01-01", "expires": "2026-12-01"}})
            ),
            risk(
                "expired",
                serde_json::json!({"acceptance": {"by": "b", "date": "2026-01-01", "expires": "2026-11-01"}})
            ),
            risk("closed", serde_json::json!({"status": "closed", "review_date": "2020-01-01"})),
            risk(
                "unneeded",
                serde_json::json!({"inherent": {"impact": 1, "likelihood": 1},
                "acceptance": {"by": "b", "date": "2026-01-01", "expires": "2026-12-01"}})
            ),
            risk(
                "opportunity",
                serde_json::json!({"kind": "opportunity", "review_date": "2020-01-01",
                "actions": [{"id": "a1", "title": "t", "status": "planned", "due": "2026-01-01"},
                            {"id": "a2", "title": "t", "status": "planned", "due": "2026-02-01"}]})
            ),
        ]));
        assert_eq!(
            s.risks[0].appetite,
            AppetiteStanding::Above { score: 16, appetite: crate::model::Threshold::whole(6) }
        );
        let until = Date::parse("2026-12-01").ok();
        assert_eq!(
            s.risks[1].appetite,
            AppetiteStanding::Accepted { score: 16, appetite: crate::model::Threshold::whole(6), until }
        );
        assert_eq!(s.risks[1].acceptance_expiring, until, "eight days left");
        assert_eq!(
            s.risks[2].appetite,
            AppetiteStanding::Above { score: 16, appetite: crate::model::Threshold::whole(6) }
        );
        assert_eq!(s.risks[2].acceptance_expired, Date::parse("2026-11-01").ok());
        assert_eq!(
            (s.risks[3].appetite, s.risks[3].review_overdue, s.risks[3].closed),
            (AppetiteStanding::Within, None, true)
        );
        assert_eq!(s.risks[4].acceptance_expiring, None, "within appetite: the acceptance is not needed");
        assert_eq!((s.risks[5].appetite, s.risks[5].actions_overdue), (AppetiteStanding::Within, 2));
        let counts: Vec<(Quick, usize)> = Quick::ALL.iter().map(|q| (*q, s.count(*q))).collect();
        assert_eq!(
            counts,
            [
                (Quick::AboveAppetite, 2),
                (Quick::Accepted, 1),
                (Quick::AcceptanceDue, 2),
                (Quick::ReviewOverdue, 1),
                (Quick::ActionOverdue, 1),
                (Quick::Opportunity, 1),
                (Quick::Closed, 1),
            ]
        );
    }
}
