//! Risk scoring (SPEC §2, §3): scores, bands, appetite, derived residual and
//! target ratings, and the risk findings.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::findings::{Finding, FindingKind, LevelOutOfRange, RatingPlace, RefField, Subject, Subjects};

use crate::model::{
    ActionStatus, Axis, Band, ControlStatus, Date, Rating, Risk, RiskKind, RiskStatus, Scales, Threshold,
};

/// The default appetite when the register sets none.
pub const DEFAULT_APPETITE: Threshold = Threshold::whole(6);

/// The scales in force: the register's, each member defaulting on its own.
/// Made by `from_register` (bands are looked up in a table made then): for other
/// scales, make another set.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleSet {
    pub likelihood: Vec<String>,
    pub impact: Vec<String>,
    pub bands: Vec<Band>,
    pub appetite: Threshold,
    pub appetite_by_category: BTreeMap<String, Threshold>,
    /// The band of each score from 0 to the top of the grid, worked out once:
    /// three lookups per risk instead of three searches.
    band_by_score: Vec<Option<u32>>,
}

impl Default for ScaleSet {
    fn default() -> Self {
        ScaleSet::from_register(None)
    }
}

impl ScaleSet {
    pub fn from_register(scales: Option<&Scales>) -> Self {
        let labels = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let band = |name: &str, min: u32, color: &str| Band {
            name: name.into(),
            min: Threshold::whole(min),
            color: Some(color.into()),
            extra: Default::default(),
        };
        let s = scales.cloned().unwrap_or_default();
        let mut set = ScaleSet {
            likelihood: s
                .likelihood
                .unwrap_or_else(|| labels(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"])),
            impact: s.impact.unwrap_or_else(|| labels(&["Negligible", "Minor", "Moderate", "Major", "Catastrophic"])),
            bands: s.bands.unwrap_or_else(|| {
                vec![
                    band("Low", 1, "#2e7d32"),
                    band("Moderate", 4, "#f9a825"),
                    band("High", 8, "#ef6c00"),
                    band("Extreme", 15, "#c62828"),
                ]
            }),
            appetite: s.appetite.unwrap_or(DEFAULT_APPETITE),
            appetite_by_category: s.appetite_by_category.unwrap_or_default(),
            band_by_score: Vec::new(),
        };
        let top = set.likelihood.len() * set.impact.len();
        set.band_by_score = (0..=top as i64).map(|score| set.search_band(score)).collect();
        set
    }

    /// The number of levels on an axis.
    pub fn levels(&self, axis: Axis) -> i64 {
        match axis {
            Axis::Likelihood => self.likelihood.len() as i64,
            Axis::Impact => self.impact.len() as i64,
        }
    }

    /// Index into `bands` of the band with the greatest `min` ≤ `score`; `None`
    /// below the first band.
    pub fn band_of(&self, score: i64) -> Option<u32> {
        match usize::try_from(score).ok().and_then(|s| self.band_by_score.get(s)) {
            Some(&band) => band,
            None => self.search_band(score),
        }
    }

    fn search_band(&self, score: i64) -> Option<u32> {
        self.bands.partition_point(|b| b.min.reached_by(score)).checked_sub(1).map(|i| i as u32)
    }

    pub fn band_name(&self, band: Option<u32>) -> Option<&str> {
        band.and_then(|i| self.bands.get(i as usize)).map(|b| b.name.as_str())
    }

    /// The appetite for a risk of this category.
    pub fn appetite_for(&self, category: Option<&str>) -> Threshold {
        category.and_then(|c| self.appetite_by_category.get(c)).copied().unwrap_or(self.appetite)
    }
}

/// A rating with its score and band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scored {
    pub impact: i64,
    pub likelihood: i64,
    pub score: i64,
    /// Index into [`ScaleSet::bands`].
    #[serde(skip)]
    pub band: Option<u32>,
}

impl Scored {
    pub fn new(impact: i64, likelihood: i64, scales: &ScaleSet) -> Self {
        let score = impact.saturating_mul(likelihood);
        Scored { impact, likelihood, score, band: scales.band_of(score) }
    }
}

/// A risk's three ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskRating {
    pub inherent: Scored,
    pub residual: Scored,
    pub target: Scored,
}

/// Lowers a level by `by`, never below 1 (a level already below 1 stays as given).
fn lower(level: i64, by: i64) -> i64 {
    if level <= 1 {
        level
    } else {
        level.saturating_sub(by).max(1)
    }
}

/// Raises a level by `by`, never above `top` (SPEC §9.5: a level already above
/// the top of its scale is brought down to the top).
fn raise(level: i64, by: i64, top: i64) -> i64 {
    level.saturating_add(by).min(top)
}

/// Rates a risk: inherent as given; residual explicit or inherent with implemented
/// controls; target explicit or inherent with all controls. A threat's controls
/// lower their axis, an opportunity's raise it.
pub fn rate(risk: &Risk, scales: &ScaleSet) -> RiskRating {
    let given = |r: &Rating| [r.impact.0, r.likelihood.0];
    let inherent = given(&risk.inherent);
    // One pass over the controls for both derived ratings, [impact, likelihood].
    let (mut residual, mut target) = (inherent, inherent);
    let opportunity = risk.kind() == RiskKind::Opportunity;
    let tops = [scales.levels(Axis::Impact), scales.levels(Axis::Likelihood)];
    for c in &risk.controls {
        let axis = usize::from(c.reduces == Axis::Likelihood);
        let moved = |level| if opportunity { raise(level, c.by, tops[axis]) } else { lower(level, c.by) };
        target[axis] = moved(target[axis]);
        let implemented = moved(residual[axis]);
        residual[axis] = if c.status == ControlStatus::Implemented { implemented } else { residual[axis] };
    }
    let scored = |[impact, likelihood]: [i64; 2]| Scored::new(impact, likelihood, scales);
    RiskRating {
        inherent: scored(inherent),
        residual: scored(risk.residual.as_ref().map_or(residual, given)),
        target: scored(risk.target.as_ref().map_or(target, given)),
    }
}

/// A `SCALE_OUT_OF_RANGE` finding for `level` on `axis`, if it is outside the scale.
pub(crate) fn check_level(
    subject: Subject,
    location: RatingPlace,
    axis: Axis,
    level: i64,
    hours: Option<f64>,
    scales: &ScaleSet,
    out: &mut Vec<Finding>,
) {
    let max = scales.levels(axis);
    if (1..=max).contains(&level) {
        return;
    }
    // Scales have 2 to 10 levels.
    let max = max as u8;
    let out_of_range = LevelOutOfRange { location, axis, level, max, hours };
    out.push(Finding::new(FindingKind::ScaleOutOfRange(Box::new(out_of_range)), Subjects::one(subject)));
}

fn check_rating(subject: &Subject, location: RatingPlace, r: (i64, i64), scales: &ScaleSet, out: &mut Vec<Finding>) {
    check_level(*subject, location, Axis::Impact, r.0, None, scales, out);
    check_level(*subject, location, Axis::Likelihood, r.1, None, scales, out);
}

/// The risk findings of the risk at `index`: levels outside the scales, appetite,
/// overdue review, missed target, residual above inherent.
pub fn check_risk(
    risk: &Risk,
    index: usize,
    rating: &RiskRating,
    scales: &ScaleSet,
    today: Date,
    out: &mut Vec<Finding>,
) {
    let id = &Subject::risk(index);
    let pair = |r: &Rating| (r.impact.0, r.likelihood.0);
    check_rating(id, RatingPlace::Inherent, pair(&risk.inherent), scales, out);
    if let Some(r) = &risk.residual {
        check_rating(id, RatingPlace::Residual, pair(r), scales, out);
    }
    if let Some(r) = &risk.target {
        check_rating(id, RatingPlace::Target, pair(r), scales, out);
    }
    for (k, h) in risk.history.iter().enumerate() {
        check_rating(id, RatingPlace::History(k as u32), (h.impact.0, h.likelihood.0), scales, out);
    }

    let residual = rating.residual.score;
    let subject = || Subjects::one(Subject::risk(index));
    let threat = risk.kind() == RiskKind::Threat;
    if threat && residual > rating.inherent.score {
        out.push(Finding::new(
            FindingKind::RiskResidualAboveInherent { residual, inherent: rating.inherent.score },
            subject(),
        ));
    }
    for (k, action) in risk.actions.iter().enumerate() {
        let control = action.control.as_deref().filter(|c| !risk.controls.iter().any(|x| x.id.as_str() == *c));
        if let Some(reference) = control {
            out.push(Finding::new(
                FindingKind::RefUnknown { reference: reference.into(), field: RefField::Control },
                Subjects::two(Subject::action(index, k), Subject::UnknownRef),
            ));
        }
    }
    if risk.status() == RiskStatus::Closed {
        return;
    }
    let appetite = scales.appetite_for(risk.category.as_deref());
    if threat && appetite.exceeded_by(residual) {
        let acceptance = risk.acceptance.as_ref();
        let in_force =
            acceptance.is_some_and(|a| a.expires.is_none_or(|e| e >= today) && a.score.is_none_or(|s| s.0 >= residual));
        let kind = FindingKind::RiskAboveAppetite { score: residual, appetite, accepted: in_force };
        out.push(Finding::new(kind, subject()));
        if let Some(expires) = acceptance.and_then(|a| a.expires).filter(|e| *e < today) {
            out.push(Finding::new(FindingKind::RiskAcceptanceExpired { expires }, subject()));
        }
        if let Some(accepted_score) = acceptance.and_then(|a| a.score).filter(|s| s.0 < residual) {
            out.push(Finding::new(
                FindingKind::RiskAcceptanceOutdated { accepted_score: accepted_score.0, residual },
                subject(),
            ));
        }
    }
    if let Some(review_date) = risk.review_date.filter(|d| *d < today) {
        out.push(Finding::new(FindingKind::RiskReviewOverdue { review_date }, subject()));
    }
    if let Some(target_date) = risk.target_date.filter(|d| *d < today) {
        let target = rating.target.score;
        // An opportunity misses its target by falling short of it.
        if (threat && residual > target) || (!threat && residual < target) {
            out.push(Finding::new(FindingKind::RiskTargetMissed { target_date, residual, target }, subject()));
        }
    }
    for (k, action) in risk.actions.iter().enumerate() {
        if let Some(due) = action.due.filter(|d| *d < today && action.status != ActionStatus::Done) {
            out.push(Finding::new(
                FindingKind::RiskActionOverdue { due },
                Subjects::two(Subject::risk(index), Subject::action(index, k)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scales;

    #[test]
    fn bands_from_the_table_are_those_of_the_search_at_every_score() {
        let band = |name: &str, min: f64| Band {
            name: name.into(),
            min: Threshold::new(min).unwrap(),
            color: None,
            extra: Default::default(),
        };
        let scales = Scales {
            likelihood: Some((1..=4).map(|k| k.to_string()).collect()),
            impact: Some((1..=3).map(|k| k.to_string()).collect()),
            bands: Some(vec![band("Low", 1.0), band("Mid", 4.5), band("High", 12.0)]),
            ..Scales::default()
        };
        let set = ScaleSet::from_register(Some(&scales));
        // The grid tops at 12; levels outside the scales give scores beyond it.
        for score in -3..40 {
            assert_eq!(set.band_of(score), set.search_band(score), "score {score}");
        }
        assert_eq!(
            [0, 1, 4, 5, 11, 12, 39].map(|s| set.band_name(set.band_of(s))),
            [None, Some("Low"), Some("Low"), Some("Mid"), Some("Mid"), Some("High"), Some("High")]
        );
        assert_eq!(set.band_of(i64::MAX), Some(2));
    }
}
