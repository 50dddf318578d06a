//! Reading a stream line by line with a bound on a line's length: JSON
//! Lines records and labelled data files, never a whole stream in memory.

use std::io::{BufRead, Read};

/// The longest line (one JSON Lines record) a stream may have: far above
/// any real page, and it stops a stream without line ends (`/dev/zero`) from
/// filling memory.
pub const MAX_LINE_BYTES: u64 = 256 << 20;

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// The end of the input: nothing was read.
    End,
    /// A line, with its line end if it had one.
    Line,
    /// A line longer than [`MAX_LINE_BYTES`]: only its start was read.
    TooLong,
}

/// Reads the next line of `reader` into `line` (cleared first), reading at
/// most [`MAX_LINE_BYTES`] and one byte more, so that input without line ends
/// cannot fill memory.
pub fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<LineRead> {
    line.clear();
    let read = reader.take(MAX_LINE_BYTES + 1).read_until(b'\n', line)?;
    Ok(match read as u64 {
        0 => LineRead::End,
        n if n > MAX_LINE_BYTES => LineRead::TooLong,
        _ => LineRead::Line,
    })
}
