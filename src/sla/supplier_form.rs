//! The suppliers table's form: a supplier's id, name and type as typed, checked
//! into a [`Supplier`]. Plain Rust, tested natively; what the user did not change
//! (the name's exact text, an absent type, unknown fields) is kept.

use rampart_core::model::{Id, Register, Supplier, SupplierType};

use crate::app::form_values::kept_required;

/// The inputs of the suppliers form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplierField {
    Id,
    Name,
}

/// What stops a supplier being saved, at its input.
pub type Problem = crate::app::form_kit::Problem<SupplierField>;

#[derive(Debug, Clone, PartialEq)]
pub struct SupplierForm {
    pub id: String,
    pub name: String,
    /// A `SupplierType` key.
    pub kind: String,
    /// The supplier being edited; `None` for a new one.
    base: Option<Supplier>,
}

/// A new supplier: external, the format's default.
impl Default for SupplierForm {
    fn default() -> Self {
        SupplierForm { id: String::new(), name: String::new(), kind: SupplierType::default().key().into(), base: None }
    }
}

impl SupplierForm {
    pub fn from_supplier(s: &Supplier) -> Self {
        SupplierForm {
            id: s.id.to_string(),
            name: s.name.clone(),
            kind: s.supplier_type.unwrap_or_default().key().into(),
            base: Some(s.clone()),
        }
    }

    /// The id of the supplier being edited.
    pub fn editing(&self) -> Option<&Id> {
        self.base.as_ref().map(|s| &s.id)
    }

    /// What stops the form being saved, once the user has typed something.
    pub fn problem(&self, register: &Register) -> Option<Problem> {
        if self.id.is_empty() && self.name.is_empty() {
            return None;
        }
        self.check(register).err()
    }

    /// The supplier, or what is wrong, at its input.
    pub fn check(&self, register: &Register) -> Result<Supplier, Problem> {
        let id = crate::app::form_values::free_id(&self.id, |id| register.id_taken(id, self.editing()))
            .map_err(|why| Problem::new(SupplierField::Id, why))?;
        if self.name.trim().is_empty() {
            return Err(Problem::new(SupplierField::Name, "Give the supplier a name".into()));
        }
        let base = self.base.as_ref();
        let kind = SupplierType::from_key(&self.kind).unwrap_or_default();
        Ok(Supplier {
            id,
            name: kept_required(base.map(|b| &b.name), &self.name),
            // `external` is the default: written only when the file had a type.
            supplier_type: Some(kind)
                .filter(|t| *t != SupplierType::External || base.is_some_and(|b| b.supplier_type.is_some())),
            extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        crate::app::testing::example()
    }

    #[test]
    fn every_supplier_of_the_example_reads_back_unchanged_from_its_form() {
        let r = register();
        for s in &r.suppliers {
            assert_eq!(SupplierForm::from_supplier(s).check(&r).as_ref(), Ok(s));
        }
    }

    #[test]
    fn problems_are_said_once_something_is_typed() {
        let r = register();
        let mut form = SupplierForm::default();
        assert_eq!(form.problem(&r), None, "an empty form says nothing yet");
        form.id = "R-001".into();
        let taken = form.problem(&r).unwrap();
        assert_eq!(
            (taken.field, taken.message.as_str()),
            (SupplierField::Id, "\"R-001\" is already the id of something else in this register")
        );
        form.id = "acme".into();
        let unnamed = form.problem(&r).unwrap();
        assert_eq!((unnamed.field, unnamed.message.as_str()), (SupplierField::Name, "Give the supplier a name"));
        form.name = " Acme Ltd ".into();
        form.kind = "internal".into();
        let s = form.check(&r).unwrap();
        assert_eq!((s.name.as_str(), s.supplier_type), ("Acme Ltd", Some(SupplierType::Internal)));
        form.id = "bad id with a very long name that goes on and on past sixty-four characters".into();
        assert!(form.problem(&r).unwrap().message.starts_with("Id: "));
    }

    #[test]
    fn an_edited_supplier_keeps_its_unknown_fields_and_its_absent_type() {
        let r = register();
        let s: Supplier =
            serde_json::from_str(r#"{"id": "x", "name": "  X  ", "note": 123456789012345678901234567890}"#).unwrap();
        let mut form = SupplierForm::from_supplier(&s);
        assert_eq!(form.check(&r).unwrap(), s, "untouched: the same, spaces and all");
        form.id = "y".into();
        let renamed = form.check(&r).unwrap();
        assert_eq!(renamed, Supplier { id: Id::new("y").unwrap(), ..s });
    }
}
