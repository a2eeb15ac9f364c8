//! `rampart import`: risks from a spreadsheet (XLSX, XLS, ODS or CSV) into a
//! register, the columns guessed from the headers (or given with --map), every
//! row checked, and what would change printed before anything is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rampart_core::scoring::ScaleSet;
use rampart_core::sheet::{self, Mapping, Target};
use rampart_core::Options;

use crate::travel::changes_text;

/// What `rampart import` was asked.
pub struct Request<'a> {
    pub sheet_file: &'a Path,
    pub into: &'a Path,
    pub out: Option<&'a Path>,
    /// The sheet with the risks, by name. Default: "Risks", else the first.
    pub sheet: Option<&'a str>,
    /// `field=column` (a number from 1, or a header; 0 or empty: not imported).
    pub map: &'a [String],
    pub remove_missing: bool,
    pub options: Options,
}

/// Exit 0: imported (or, without `-o`, what would change printed); 1: rows
/// refused (each by sheet, row and column; nothing written); 2: a file could
/// not be read or written, or the arguments are wrong.
pub fn run(r: &Request) -> ExitCode {
    match import(r) {
        Ok(code) => code,
        Err((path, why)) => {
            eprintln!("rampart: {}: {why}", path.display());
            ExitCode::from(2)
        }
    }
}

fn import(r: &Request) -> Result<ExitCode, (PathBuf, String)> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |why: String| (path.clone(), why)
    };
    let register = crate::read(r.into).map_err(failed(r.into))?;
    let bytes = std::fs::read(r.sheet_file).map_err(|e| failed(r.sheet_file)(format!("cannot read it: {e}")))?;
    let name = r.sheet_file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let sheets = rampart_import::read(&name, &bytes).map_err(|e| failed(r.sheet_file)(e.to_string()))?;
    let risks = match r.sheet {
        Some(name) => sheets.iter().position(|s| s.name == name).ok_or_else(|| {
            let names: Vec<String> = sheets.iter().map(|s| format!("\"{}\"", s.name)).collect();
            failed(r.sheet_file)(format!("no sheet is named \"{name}\"; its sheets are {}", names.join(", ")))
        })?,
        None => sheets.iter().position(|s| s.name == "Risks").unwrap_or(0),
    };
    let source = rampart_import::source(&sheets, risks).ok_or_else(|| failed(r.sheet_file)("no sheet".into()))?;
    let pairs: Vec<(String, String)> = (r.map.iter())
        .map(|m| m.split_once('=').map(|(k, v)| (k.trim().to_string(), v.to_string())).ok_or(m))
        .collect::<Result<_, _>>()
        .map_err(|m| {
            failed(r.sheet_file)(format!("--map {m}: write FIELD=COLUMN, e.g. owner=C or owner=\"Risk owner\""))
        })?;
    let guessed = Mapping::guess(&source.risks.headers);
    let mapping = Mapping::read(&guessed, &pairs, &source.risks.headers).map_err(failed(r.sheet_file))?;
    eprintln!("{}", mapping_text(source.risks, &mapping));
    for shared in mapping.shared_columns(&source.risks.headers) {
        eprintln!("rampart: warning: {shared}");
    }
    let scales = ScaleSet::from_register(register.scales.as_ref());
    let options = sheet::Options { remove_missing: r.remove_missing };
    let plan = match sheet::plan(&register, &scales, source, &mapping, options) {
        Ok(plan) => plan,
        Err(problems) => {
            eprintln!("rampart: {}: {} problem(s); nothing imported:", r.sheet_file.display(), problems.len());
            for p in &problems {
                eprintln!("  {p}");
            }
            return Ok(ExitCode::from(1));
        }
    };
    let note = format!("Imported from {name}");
    let changes = plan.preview(&register, &scales, r.options.today, &note);
    let printed = match changes.is_empty() {
        true => format!("{}: changes nothing in {}", r.sheet_file.display(), r.into.display()),
        false => changes_text(r.sheet_file, r.into, &changes),
    };
    if crate::print_or_fail(&printed) != ExitCode::SUCCESS {
        return Ok(ExitCode::from(2));
    }
    if let Some(out) = r.out {
        let mut after = register;
        plan.apply(&mut after, &scales, r.options.today, &note);
        let text = rampart_core::import::to_json(&after);
        // Often over the register read (`-o` the same file): never half written.
        crate::travel::write_atomically(out, &text).map_err(|e| failed(out)(format!("cannot write it: {e}")))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Which column fills which field, for standard error: what was guessed can be
/// corrected with --map.
fn mapping_text(table: &sheet::Table, mapping: &Mapping) -> String {
    let name = if table.name.is_empty() { String::new() } else { format!(" \"{}\"", table.name) };
    let mut out = format!("Sheet{name}: {} rows; columns (change with --map FIELD=COLUMN):", table.rows.len());
    for t in Target::ALL {
        if let Some(c) = mapping.column(t) {
            let header = table.headers.get(c).map(String::as_str).unwrap_or_default();
            out.push_str(&format!("\n  {:<20} {} \"{header}\"", t.key(), sheet::column_letters(c)));
        }
    }
    out
}
