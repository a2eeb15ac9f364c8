//! `rampart report`: the management review pack (SPEC §9.4) as one
//! self-contained HTML file, the same bytes the app's Review view saves.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rampart_core::model::Date;
use rampart_core::review::{pack, PackInput, Since};
use rampart_core::{analyse, import_bytes, Options};

/// `--since`: an earlier copy of the register, or a date.
#[derive(Clone, Debug)]
pub enum SinceArg {
    File(PathBuf),
    Date(Date),
}

/// A date when it reads as one and no file has that name; something shaped
/// like a date (`2026-13-01`) that is not one, and no file, is refused as a
/// date; anything else is a file.
pub fn parse_since(s: &str) -> Result<SinceArg, String> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(k, b)| if k == 4 || k == 7 { b == b'-' } else { b.is_ascii_digit() });
    match Date::parse(s) {
        _ if Path::new(s).exists() => Ok(SinceArg::File(PathBuf::from(s))),
        Ok(d) => Ok(SinceArg::Date(d)),
        Err(why) if shaped => Err(why),
        Err(_) => Ok(SinceArg::File(PathBuf::from(s))),
    }
}

/// Writes the pack of `file` to `out` (standard output when `None`); exit 0
/// written, 2 a file could not be read or written.
pub fn report(file: &Path, since: Option<&SinceArg>, options: Options, out: Option<&Path>) -> ExitCode {
    let fail = |path: &Path, why: &dyn std::fmt::Display| {
        eprintln!("rampart: {}: {why}", path.display());
        ExitCode::from(2)
    };
    let read = |path: &Path| -> Result<(Vec<u8>, rampart_core::Register), String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
        let register = import_bytes(&bytes).map_err(|e| e.to_string())?;
        Ok((bytes, register))
    };
    let (text, register) = match read(file) {
        Ok(read) => read,
        Err(why) => return fail(file, &why),
    };
    let earlier = match since {
        Some(SinceArg::File(path)) => match read(path) {
            Ok((_, r)) => Some((format!("the file {}", path.display()), r)),
            Err(why) => return fail(path, &why),
        },
        _ => None,
    };
    let since = match (since, &earlier) {
        (Some(SinceArg::Date(d)), _) => Since::Date(*d),
        (_, Some((label, register))) => Since::Copy { label, register },
        _ => Since::PreviousReview,
    };
    let analysis = analyse(&register, &options);
    let html = pack(&PackInput { register: &register, analysis: &analysis, options, text: &text, since }).html;
    let written = match out {
        Some(path) => std::fs::write(path, html.as_bytes()).map_err(|e| (path.to_path_buf(), e)),
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), html.as_bytes())
            .map_err(|e| (PathBuf::from("standard output"), e)),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err((path, e)) => fail(&path, &format!("cannot write it: {e}")),
    }
}
