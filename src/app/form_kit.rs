//! The plain part of the form kit every editor uses: what a form says at one of
//! its inputs, and the one rule for how an input shows it.

pub use rampart_core::typed::Problem;

/// What an input shows: its problems and warnings, in the order found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notes(pub Vec<(String, bool)>);

impl Notes {
    /// What `problems` say at `field`.
    pub fn at<F: PartialEq>(problems: &[Problem<F>], field: &F) -> Self {
        Notes(problems.iter().filter(|p| p.field == *field).map(|p| (p.message.clone(), p.blocking)).collect())
    }

    /// The one rule for `aria-invalid`: an input is invalid when something at
    /// it stops the save (a warning alone does not make it invalid).
    pub fn invalid(&self) -> bool {
        self.0.iter().any(|(_, blocking)| *blocking)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_shows_what_is_said_at_it_and_is_invalid_only_when_it_blocks() {
        let problems = vec![
            Problem::new("id", "Id: taken".to_string()),
            Problem::warning("rto", "RTO above MTPD".to_string()),
            Problem::warning("id", "Id: unusual".to_string()),
        ];
        let id = Notes::at(&problems, &"id");
        assert_eq!(id.0, vec![("Id: taken".to_string(), true), ("Id: unusual".to_string(), false)]);
        assert!(id.invalid());
        let rto = Notes::at(&problems, &"rto");
        assert!(!rto.invalid() && !rto.is_empty(), "a warning alone is not invalid");
        assert!(Notes::at(&problems, &"name").is_empty());
    }
}
