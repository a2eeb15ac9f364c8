//! The JSON Schema of register format v1, generated from the model types.
//!
//! The committed copy is `schema/register-v1.schema.json`; a test fails when the
//! types and that file drift apart (`UPDATE_SCHEMA=1 cargo test -p rampart-core
//! schema` rewrites it).

use crate::model::Register;

/// The schema as pretty-printed JSON.
pub fn register_schema() -> String {
    let schema = schemars::schema_for!(Register);
    serde_json::to_string_pretty(&schema).expect("a schema always serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_schema_matches_the_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/register-v1.schema.json");
        let generated = register_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "schema/register-v1.schema.json is out of date with the model types; \
             run `UPDATE_SCHEMA=1 cargo test -p rampart-core schema` and commit the result"
        );
    }
}
