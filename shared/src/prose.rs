//! Text one person writes for another to read (an approval's reason, a
//! service account's description): trimmed, present, bounded, and free of
//! control characters except line breaks. Each caller names its own faults.

/// Why a piece of prose was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseFault {
    Missing,
    TooLong,
    /// A control character other than a line break.
    Character,
}

/// `input` trimmed, if it holds 1 to `max` characters and no control
/// character but `\n` and `\r`.
pub fn parse(input: &str, max: usize) -> Result<String, ProseFault> {
    let prose = input.trim();
    if prose.is_empty() {
        Err(ProseFault::Missing)
    } else if prose.chars().count() > max {
        Err(ProseFault::TooLong)
    } else if prose
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        Err(ProseFault::Character)
    } else {
        Ok(prose.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_trimmed_present_bounded_and_keeps_its_line_breaks() {
        assert_eq!(parse("  two\r\nlines \n", 10), Ok("two\r\nlines".into()));
        assert_eq!(parse(" \n\t ", 10), Err(ProseFault::Missing));
        assert_eq!(parse(&"é".repeat(10), 10), Ok("é".repeat(10)));
        assert_eq!(parse(&"é".repeat(11), 10), Err(ProseFault::TooLong));
        assert_eq!(parse("a\tb", 10), Err(ProseFault::Character));
        assert_eq!(parse("a\u{7}b", 10), Err(ProseFault::Character));
    }
}
