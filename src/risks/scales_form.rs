//! The scales editor's form: text as typed, checked into `Scales`. Plain Rust, so
//! the checks are tested natively; nothing invalid reaches the register.

use std::collections::BTreeMap;

use crate::risks::form::{acceptance_days_of, ACCEPTANCE_DAYS_KEY, DEFAULT_ACCEPTANCE_DAYS, MAX_ACCEPTANCE_DAYS};
use rampart_core::model::{Band, Colour, Scales, Threshold};
use rampart_core::scoring::ScaleSet;

/// The form as the user types it, and the register's scales it was opened on:
/// what the user did not change is written back exactly as it was (members the
/// file left out stay out, unknown fields stay, a band without a colour keeps
/// none).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScalesForm {
    /// One label per line, lowest level first.
    pub likelihood: String,
    pub impact: String,
    /// One row per band, lowest first.
    pub bands: Vec<BandRow>,
    pub appetite: String,
    /// One `Category = score` per line.
    pub by_category: String,
    /// How many days an acceptance made in the risk editor holds.
    pub acceptance_days: String,
    /// The scales as the register has them (`None`: the file has no `scales`).
    base: Option<Scales>,
    /// The form as it was opened, to tell what the user changed.
    opened: Option<Box<ScalesForm>>,
}

/// The inputs of the scales editor, where its problems are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalesField {
    Likelihood,
    Impact,
    /// The band at this row.
    Band(usize),
    /// The bands together (their order).
    Bands,
    Appetite,
    ByCategory,
    AcceptanceDays,
}

/// Why the scales cannot be applied yet, at one input.
pub type Problem = crate::app::form_kit::Problem<ScalesField>;

/// A band as typed; `original` is the band it was opened from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BandRow {
    pub name: String,
    pub min: String,
    pub color: String,
    original: Option<Band>,
}

impl BandRow {
    /// A new band, after the last.
    pub fn new() -> Self {
        BandRow { color: Colour::NONE.hex(), ..BandRow::default() }
    }

    fn of(b: &Band) -> Self {
        BandRow {
            name: b.name.clone(),
            min: b.min.to_string(),
            color: b.color.clone().unwrap_or_else(|| Colour::NONE.hex()),
            original: Some(b.clone()),
        }
    }

    /// Whether the user left this row as it was opened.
    fn untouched(&self) -> bool {
        self.original.as_ref().is_some_and(|b| BandRow::of(b) == *self)
    }
}

impl ScalesForm {
    /// The form for a register whose scales are `base` (as in the file), shown
    /// with the scales in force `set` (defaults filled in).
    pub fn new(base: Option<&Scales>, set: &ScaleSet) -> Self {
        let mut form = ScalesForm {
            likelihood: set.likelihood.join("\n"),
            impact: set.impact.join("\n"),
            bands: set.bands.iter().map(BandRow::of).collect(),
            appetite: set.appetite.to_string(),
            by_category: set
                .appetite_by_category
                .iter()
                .map(|(c, a)| format!("{c} = {a}"))
                .collect::<Vec<_>>()
                .join("\n"),
            acceptance_days: acceptance_days_of(base).to_string(),
            base: base.cloned(),
            opened: None,
        };
        form.opened = Some(Box::new(form.clone()));
        form
    }

    /// The scales, or every problem with the form (each one sentence).
    pub fn check(&self) -> Result<Scales, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut at = |field, message: String| problems.push(Problem::new(field, message));
        let lines = |text: &str| -> Vec<String> {
            text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
        };
        let (likelihood, impact) = (lines(&self.likelihood), lines(&self.impact));
        for (field, name, labels) in
            [(ScalesField::Likelihood, "Likelihood", &likelihood), (ScalesField::Impact, "Impact", &impact)]
        {
            if let Err(why) = rampart_core::model::check_scale_labels(labels) {
                at(field, format!("{name}: {why}"));
            }
        }
        let mut bands = Vec::new();
        for (k, row) in self.bands.iter().enumerate() {
            if row.untouched() {
                bands.extend(row.original.clone());
                continue;
            }
            if row.name.trim().is_empty() {
                at(ScalesField::Band(k), format!("Band {}: give it a name", k + 1));
            }
            let original = row.original.as_ref();
            match row.min.trim().parse::<f64>().map_err(|_| ()).and_then(|m| Threshold::new(m).map_err(|_| ())) {
                Ok(min) => bands.push(Band {
                    name: crate::app::form_values::kept_required(original.map(|b| &b.name), &row.name),
                    min,
                    // A band that had no colour keeps none while the grey it is shown in stays.
                    color: Some(row.color.clone())
                        .filter(|c| *c != Colour::NONE.hex() || original.is_some_and(|b| b.color.is_some())),
                    extra: original.map(|b| b.extra.clone()).unwrap_or_default(),
                }),
                Err(()) => {
                    at(ScalesField::Band(k), format!("Band {}: the minimum score must be a number, 0 or more", k + 1))
                }
            }
        }
        if bands.len() == self.bands.len() {
            if let Err(why) = rampart_core::model::check_bands(&bands) {
                at(ScalesField::Bands, format!("Bands: {why}"));
            }
        }
        let threshold = |text: &str| text.trim().parse::<f64>().ok().and_then(|v| Threshold::new(v).ok());
        let appetite = threshold(&self.appetite);
        if appetite.is_none() {
            at(ScalesField::Appetite, "Appetite must be a score, 0 or more (6.5: a score of 7 is above it)".into());
        }
        let mut by_category = BTreeMap::new();
        for line in lines(&self.by_category) {
            match line.rsplit_once('=').map(|(c, a)| (c.trim(), threshold(a))) {
                Some((c, Some(a))) if !c.is_empty() => {
                    if by_category.insert(c.to_string(), a).is_some() {
                        at(ScalesField::ByCategory, format!("Category \"{c}\" is given twice"));
                    }
                }
                _ => at(ScalesField::ByCategory, format!("\"{line}\" is not in the form Category = score")),
            }
        }
        let days = match self.acceptance_days.trim().parse::<i64>() {
            Ok(d) if (1..=MAX_ACCEPTANCE_DAYS).contains(&d) => Some(d),
            _ => {
                at(
                    ScalesField::AcceptanceDays,
                    format!("Acceptance period: a whole number of days from 1 to {MAX_ACCEPTANCE_DAYS}"),
                );
                None
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        // What the user left as it was opened is written as the file had it.
        let mut base = self.base.clone().unwrap_or_default();
        let opened = self.opened.as_deref();
        let same = |pick: fn(&ScalesForm) -> &str| opened.is_some_and(|o| pick(o) == pick(self));
        if !same(|f| &f.acceptance_days) {
            base.extra.0.insert(ACCEPTANCE_DAYS_KEY.into(), days.unwrap_or(DEFAULT_ACCEPTANCE_DAYS).into());
        }
        let bands_untouched =
            opened.is_some_and(|o| o.bands.len() == self.bands.len()) && self.bands.iter().all(BandRow::untouched);
        Ok(Scales {
            likelihood: if same(|f| &f.likelihood) { base.likelihood } else { Some(likelihood) },
            impact: if same(|f| &f.impact) { base.impact } else { Some(impact) },
            bands: if bands_untouched { base.bands } else { Some(bands) },
            appetite: if same(|f| &f.appetite) { base.appetite } else { appetite },
            appetite_by_category: if same(|f| &f.by_category) { base.appetite_by_category } else { Some(by_category) },
            extra: base.extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acceptance_period_is_kept_with_the_scales_only_once_changed() {
        let form = ScalesForm::new(None, &ScaleSet::default());
        assert_eq!(form.acceptance_days, "365");
        assert_eq!(form.check().unwrap(), Scales::default(), "the default is not written");
        let mut form = form;
        form.acceptance_days = "0".into();
        let problems = form.check().unwrap_err();
        assert_eq!(problems[0].field, ScalesField::AcceptanceDays);
        form.acceptance_days = " 90 ".into();
        let scales = form.check().unwrap();
        assert_eq!(scales.extra.0.get(ACCEPTANCE_DAYS_KEY), Some(&serde_json::json!(90)));
        assert_eq!(acceptance_days_of(Some(&scales)), 90);
        assert_eq!(ScalesForm::new(Some(&scales), &ScaleSet::default()).acceptance_days, "90");
    }

    #[test]
    fn the_default_scales_round_trip_through_the_form() {
        let form = ScalesForm::new(None, &ScaleSet::default());
        let scales = form.check().unwrap();
        assert_eq!(scales, Scales::default(), "nothing changed: nothing written");
        assert_eq!(ScaleSet::from_register(Some(&scales)), ScaleSet::default());
    }

    #[test]
    fn every_problem_is_named() {
        let mut form = ScalesForm::new(None, &ScaleSet::default());
        form.likelihood = "Only one".into();
        form.bands[1].min = "lots".into();
        form.appetite = "-1".into();
        form.by_category = "Fraud = 4\nnonsense".into();
        let problems = form.check().unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].message.starts_with("Likelihood: a scale has 2 to 10 levels"));
        assert_eq!(problems[0].field, ScalesField::Likelihood);
        assert!(problems[1].message.starts_with("Band 2: the minimum score"));
        assert_eq!(problems[1].field, ScalesField::Band(1));
        assert_eq!((problems[2].field, problems[3].field), (ScalesField::Appetite, ScalesField::ByCategory));
        // A fractional appetite and band min are scores as good as any (SPEC §8).
        form = ScalesForm::new(None, &ScaleSet::default());
        (form.appetite, form.bands[1].min) = ("6.5".into(), "4.5".into());
        let scales = form.check().unwrap();
        assert_eq!((scales.appetite.map(|a| a.get()), scales.bands.unwrap()[1].min.get()), (Some(6.5), 4.5));
        form = ScalesForm::new(None, &ScaleSet::default());
        form.bands[2].min = "3".into();
        let problems = form.check().unwrap_err();
        assert!(problems[0].message.starts_with("Bands: bands must be in strictly ascending min"));
        assert_eq!(problems[0].field, ScalesField::Bands);
    }

    fn scales_of(json: &str) -> Scales {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn what_was_not_changed_is_written_as_the_file_had_it() {
        let base = scales_of(
            r##"{"appetite": 5, "bands": [{"name": "Low", "min": 1, "note": {"x": 1}},
                {"name": "High", "min": 9, "color": "#c62828"}], "reviewed_by": "CRO"}"##,
        );
        let set = ScaleSet::from_register(Some(&base));
        let untouched = ScalesForm::new(Some(&base), &set).check().unwrap();
        assert_eq!(untouched, base, "no member added, unknown fields kept, no colour invented");
        // Change only the appetite: the bands and the unknown field stay exactly.
        let mut form = ScalesForm::new(Some(&base), &set);
        form.appetite = "7".into();
        let changed = form.check().unwrap();
        assert_eq!(changed, Scales { appetite: Some(Threshold::whole(7)), ..base.clone() });
        // Rename one band: the other keeps everything, the renamed one its unknown field.
        let mut form = ScalesForm::new(Some(&base), &set);
        form.bands[0].name = "Minor".into();
        let bands = form.check().unwrap().bands.unwrap();
        assert_eq!(bands[0].extra, base.bands.as_ref().unwrap()[0].extra);
        assert_eq!((bands[0].name.as_str(), bands[0].color.as_deref()), ("Minor", None));
        assert_eq!(bands[1], base.bands.as_ref().unwrap()[1]);
        form.bands.push(BandRow::new());
        form.bands[2].name = "Extreme".into();
        form.bands[2].min = "16".into();
        assert_eq!(form.check().unwrap().bands.unwrap()[2].color, None, "a new band left grey has no colour");
    }
}
