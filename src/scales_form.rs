//! The scales editor's form: text as typed, checked into `Scales`. Plain Rust, so
//! the checks are tested natively; nothing invalid reaches the register.

use std::collections::BTreeMap;

use rampart_core::model::{Band, Extras, Scales};
use rampart_core::scoring::ScaleSet;

/// The form as the user types it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScalesForm {
    /// One label per line, lowest level first.
    pub likelihood: String,
    pub impact: String,
    /// (name, min, colour) per band, lowest first.
    pub bands: Vec<(String, String, String)>,
    pub appetite: String,
    /// One `Category = score` per line.
    pub by_category: String,
}

impl ScalesForm {
    pub fn from_scales(s: &ScaleSet) -> Self {
        ScalesForm {
            likelihood: s.likelihood.join("\n"),
            impact: s.impact.join("\n"),
            bands: s
                .bands
                .iter()
                .map(|b| (b.name.clone(), b.min.to_string(), b.color.clone().unwrap_or_else(|| "#9e9e9e".into())))
                .collect(),
            appetite: s.appetite.to_string(),
            by_category: s
                .appetite_by_category
                .iter()
                .map(|(c, a)| format!("{c} = {a}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The scales, or every problem with the form (each one sentence).
    pub fn check(&self) -> Result<Scales, Vec<String>> {
        let mut problems = Vec::new();
        let lines = |text: &str| -> Vec<String> {
            text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
        };
        let (likelihood, impact) = (lines(&self.likelihood), lines(&self.impact));
        for (name, labels) in [("Likelihood", &likelihood), ("Impact", &impact)] {
            if let Err(why) = rampart_core::model::check_scale_labels(labels) {
                problems.push(format!("{name}: {why}"));
            }
        }
        let mut bands = Vec::new();
        for (k, (name, min, color)) in self.bands.iter().enumerate() {
            if name.trim().is_empty() {
                problems.push(format!("Band {}: give it a name", k + 1));
            }
            match min.trim().parse::<i64>() {
                Ok(min) => bands.push(Band {
                    name: name.trim().to_string(),
                    min,
                    color: Some(color.clone()),
                    extra: Extras::default(),
                }),
                Err(_) => problems.push(format!("Band {}: the minimum score must be a whole number", k + 1)),
            }
        }
        if bands.len() == self.bands.len() {
            if let Err(why) = rampart_core::model::check_bands(&bands) {
                problems.push(format!("Bands: {why}"));
            }
        }
        let appetite = match self.appetite.trim().parse::<i64>() {
            Ok(a) => Some(a),
            Err(_) => {
                problems.push("Appetite must be a whole-number score".into());
                None
            }
        };
        let mut by_category = BTreeMap::new();
        for line in lines(&self.by_category) {
            match line.rsplit_once('=').map(|(c, a)| (c.trim(), a.trim().parse::<i64>())) {
                Some((c, Ok(a))) if !c.is_empty() => {
                    if by_category.insert(c.to_string(), a).is_some() {
                        problems.push(format!("Category \"{c}\" is given twice"));
                    }
                }
                _ => problems.push(format!("\"{line}\" is not in the form Category = score")),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Scales {
            likelihood: Some(likelihood),
            impact: Some(impact),
            bands: Some(bands),
            appetite,
            appetite_by_category: Some(by_category),
            extra: Extras::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scales_round_trip_through_the_form() {
        let form = ScalesForm::from_scales(&ScaleSet::default());
        let scales = form.check().unwrap();
        assert_eq!(ScaleSet::from_register(Some(&scales)), ScaleSet::default());
    }

    #[test]
    fn every_problem_is_named() {
        let mut form = ScalesForm::from_scales(&ScaleSet::default());
        form.likelihood = "Only one".into();
        form.bands[1].1 = "lots".into();
        form.appetite = "6.5".into();
        form.by_category = "Fraud = 4\nnonsense".into();
        let problems = form.check().unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].starts_with("Likelihood: a scale has 2 to 10 levels"));
        assert!(problems[1].starts_with("Band 2: the minimum score"));
        form = ScalesForm::from_scales(&ScaleSet::default());
        form.bands[2].1 = "3".into();
        assert!(form.check().unwrap_err()[0].starts_with("Bands: bands must be in strictly ascending min"));
    }
}
