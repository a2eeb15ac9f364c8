//! A large register read and written in short tasks (issue 18): the engine's
//! [`rampart_core::loading`] does the work a step at a time, and these loops
//! run steps for about [`SLICE_MS`] before letting the page paint and answer
//! the user, so that opening or saving a register of 100 000 risks never holds
//! the page for long.

use gloo::timers::future::TimeoutFuture;
use rampart_core::import::ImportError;
use rampart_core::loading::{Loading, Step, Writing};
use rampart_core::Register;

use super::browser::now;

/// How long the work runs before the page gets a turn, in milliseconds.
pub const SLICE_MS: f64 = 40.0;

/// Reads a register from a file's bytes as `rampart_core::import_bytes` does.
/// Between steps `going_on` is told how far it is (percent): false drops the
/// reading (another register was opened meanwhile), and the answer is `None`.
pub async fn read_register(
    bytes: Vec<u8>,
    mut going_on: impl FnMut(u32) -> bool,
) -> Option<Result<Register, ImportError>> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Some(Err(ImportError::NotUtf8 { byte_offset: e.utf8_error().valid_up_to() })),
    };
    let mut loading = Loading::new(text);
    loop {
        let start = now();
        loop {
            match loading.step(1 << 20) {
                Step::Working { done, total } if now() - start > SLICE_MS => {
                    if !going_on((done as f64 / total.max(1) as f64 * 100.0) as u32) {
                        return None;
                    }
                    break;
                }
                Step::Working { .. } => {}
                Step::Read(register) => {
                    // What comes next (the analysis, the views) in a task of its own.
                    TimeoutFuture::new(0).await;
                    return going_on(100).then_some(Ok(*register));
                }
                Step::Refused(e) => return going_on(100).then_some(Err(e)),
            }
        }
        TimeoutFuture::new(0).await;
    }
}

/// Writes `register` as its JSON (what `rampart_core::import::write_json`
/// writes) into parts of about `part_bytes`, handing each to `part`.
pub async fn write_register(register: &Register, part_bytes: usize, mut part: impl FnMut(&[u8])) {
    let mut writing = Writing::new(register);
    let mut buffer: Vec<u8> = Vec::with_capacity(part_bytes);
    loop {
        let start = now();
        let done = loop {
            // Writing into memory cannot fail.
            let done = writing.step(64, &mut buffer).unwrap_or(true);
            if buffer.len() >= part_bytes {
                part(&buffer);
                buffer.clear();
            }
            if done || now() - start > SLICE_MS {
                break done;
            }
        };
        if done {
            if !buffer.is_empty() {
                part(&buffer);
            }
            return;
        }
        TimeoutFuture::new(0).await;
    }
}
