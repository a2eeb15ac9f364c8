//! A register's JSON handed out in parts as it is written, so that a register far
//! larger than the browser's longest string (about 512 MB) can be saved and
//! exported: each part becomes a piece of a `Blob`.

use std::io::Write;

use rampart_core::Register;

/// The size of each part: large enough to cost few crossings into JavaScript,
/// small enough that only one part at a time sits in the app's memory.
pub const PART_BYTES: usize = 8 << 20;

/// Writes `register` as `rampart_core::import::to_json` would, handing each full
/// part of `part_bytes` (and the last, shorter one) to `part`.
pub fn write_parts(register: &Register, part_bytes: usize, mut part: impl FnMut(&[u8])) {
    let mut parts = Parts { buffer: Vec::with_capacity(part_bytes.min(PART_BYTES)), part_bytes, part: &mut part };
    // Writing into `Parts` cannot fail, nor can serializing a register.
    let _ = rampart_core::import::write_json(register, &mut parts);
    parts.flush_part();
}

struct Parts<'a> {
    buffer: Vec<u8>,
    part_bytes: usize,
    part: &'a mut dyn FnMut(&[u8]),
}

impl Parts<'_> {
    fn flush_part(&mut self) {
        if !self.buffer.is_empty() {
            (self.part)(&self.buffer);
            self.buffer.clear();
        }
    }
}

impl Write for Parts<'_> {
    fn write(&mut self, mut bytes: &[u8]) -> std::io::Result<usize> {
        let written = bytes.len();
        while !bytes.is_empty() {
            let room = self.part_bytes - self.buffer.len();
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = rest;
            if self.buffer.len() == self.part_bytes {
                self.flush_part();
            }
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_make_up_the_same_json_as_one_string() {
        let register = crate::app::testing::example();
        let whole = rampart_core::import::to_json(&register);
        for part_bytes in [1, 7, 4096, PART_BYTES] {
            let mut parts: Vec<Vec<u8>> = vec![];
            write_parts(&register, part_bytes, |p| parts.push(p.to_vec()));
            assert!(parts.iter().all(|p| p.len() <= part_bytes && !p.is_empty()));
            assert!(parts[..parts.len() - 1].iter().all(|p| p.len() == part_bytes), "only the last is short");
            assert_eq!(parts.concat(), whole.as_bytes());
        }
    }
}
