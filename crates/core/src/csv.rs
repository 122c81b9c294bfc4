//! CSV as other tools export it (RFC 4180 and its usual variants): fields quoted or not,
//! quotes doubled inside quoted fields, line breaks inside them, CRLF or LF line ends, a UTF-8
//! byte-order mark, and a comma, semicolon or tab as the separator (guessed from the heading).
//! Every record keeps the line it starts on, so a bad row can be named by its line.

/// The largest file read, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The most records (the heading included).
pub const MAX_RECORDS: usize = 50_001;
/// The most fields in one record.
pub const MAX_FIELDS: usize = 200;

/// A table read from CSV: its heading and its records, each with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub heading: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a text cannot be read as CSV, with the line at fault where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("The file is empty: there is no heading row.")]
    Empty,
    #[error("The file is {found} bytes; at most {MAX_BYTES} can be imported at once.")]
    TooLarge { found: usize },
    #[error("The file has more than {} rows; import it in parts.", MAX_RECORDS - 1)]
    TooManyRows,
    #[error("Line {line}: more than {MAX_FIELDS} columns.")]
    TooManyFields { line: usize },
    #[error("Line {line}: a quoted field is never closed.")]
    UnclosedQuote { line: usize },
    #[error("Line {line}: text follows the closing quote of a field.")]
    TextAfterQuote { line: usize },
    #[error("The heading row has an empty column name (column {column}).")]
    UnnamedColumn { column: usize },
    #[error("The heading row names “{name}” twice.")]
    RepeatedColumn { name: String },
}

/// The separator the heading uses: whichever of comma, semicolon and tab it holds most of,
/// outside quotes (a comma when it holds none).
fn separator(text: &str) -> char {
    let heading = text.lines().next().unwrap_or_default();
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in heading.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [',', ';', '\t'][best]
}

/// Reads `text` as a table. Blank lines are left out; records shorter than the heading are
/// padded with empty fields (the check of each row says what is missing).
pub fn parse(text: &str) -> Result<Table, CsvError> {
    if text.len() > MAX_BYTES {
        return Err(CsvError::TooLarge { found: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut start_line) = (1usize, 1usize);
    let mut chars = text.chars().peekable();
    // Whether the field began with a quote, and whether that quote is still open.
    let (mut quoted, mut open) = (false, false);
    let mut end_record = |fields: &mut Vec<String>, start: usize| -> Result<(), CsvError> {
        let blank = fields.len() == 1 && fields[0].is_empty();
        if !blank {
            if records.len() == MAX_RECORDS {
                return Err(CsvError::TooManyRows);
            }
            records.push((start, std::mem::take(fields)));
        }
        fields.clear();
        Ok(())
    };
    while let Some(c) = chars.next() {
        if open {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => open = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => (quoted, open) = (true, true),
            c if c == sep => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
                if fields.len() >= MAX_FIELDS {
                    return Err(CsvError::TooManyFields { line });
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
                end_record(&mut fields, start_line)?;
                line += 1;
                start_line = line;
            }
            _ if quoted => return Err(CsvError::TextAfterQuote { line }),
            c => field.push(c),
        }
    }
    if open {
        return Err(CsvError::UnclosedQuote { line: start_line });
    }
    if !field.is_empty() || quoted || !fields.is_empty() {
        fields.push(field);
        end_record(&mut fields, start_line)?;
    }
    let mut records = records.into_iter();
    let (_, heading) = records.next().ok_or(CsvError::Empty)?;
    let heading: Vec<String> = heading.into_iter().map(|h| h.trim().to_owned()).collect();
    for (n, name) in heading.iter().enumerate() {
        if name.is_empty() {
            return Err(CsvError::UnnamedColumn { column: n + 1 });
        }
        if heading[..n].iter().any(|h| h.eq_ignore_ascii_case(name)) {
            return Err(CsvError::RepeatedColumn { name: name.clone() });
        }
    }
    let width = heading.len();
    let rows = records
        .map(|(line, mut fields)| {
            if fields.len() < width {
                fields.resize(width, String::new());
            }
            (line, fields)
        })
        .collect();
    Ok(Table { heading, rows })
}

#[cfg(test)]
mod tests {
    use super::{CsvError, MAX_FIELDS, parse};

    #[test]
    fn quoted_fields_doubled_quotes_and_line_breaks_keep_their_lines() {
        let text = "\u{feff}Number,Title,Notes\r\nINC1,\"Mail, down\",\"said \"\"help\"\"\"\r\n\r\nINC2,Printer,\"two\nlines\"\nINC3,VPN,\n";
        let table = parse(text).unwrap();
        assert_eq!(table.heading, ["Number", "Title", "Notes"]);
        assert_eq!(
            table.rows[0],
            (
                2,
                vec!["INC1".into(), "Mail, down".into(), "said \"help\"".into()]
            )
        );
        assert_eq!(
            table.rows[1],
            (
                4,
                vec!["INC2".into(), "Printer".into(), "two\nlines".into()]
            )
        );
        assert_eq!(
            table.rows[2],
            (6, vec!["INC3".into(), "VPN".into(), String::new()])
        );
        assert_eq!(table.rows.len(), 3, "the blank line is left out");
    }

    #[test]
    fn the_separator_is_guessed_from_the_heading_and_short_rows_are_padded() {
        let table = parse("Key;Summary;Status\nA-1;Mail; down\nA-2;VPN").unwrap();
        assert_eq!(table.rows[0].1, ["A-1", "Mail", " down"]);
        assert_eq!(table.rows[1].1, ["A-2", "VPN", ""]);
        let tabs = parse("Key\tSummary\nA-1\tMail, down").unwrap();
        assert_eq!(tabs.rows[0].1, ["A-1", "Mail, down"]);
    }

    #[test]
    fn every_bad_input_is_named() {
        assert_eq!(parse(""), Err(CsvError::Empty));
        assert_eq!(parse("\n\n"), Err(CsvError::Empty));
        assert_eq!(
            parse("a,b\n1,\"open"),
            Err(CsvError::UnclosedQuote { line: 2 })
        );
        assert_eq!(
            parse("a,b\n\"x\"y,1"),
            Err(CsvError::TextAfterQuote { line: 2 })
        );
        assert_eq!(parse("a,,b\n"), Err(CsvError::UnnamedColumn { column: 2 }));
        assert_eq!(
            parse("Title,title\n"),
            Err(CsvError::RepeatedColumn {
                name: "title".into()
            })
        );
        let wide = vec!["c"; MAX_FIELDS + 1].join(",");
        assert_eq!(parse(&wide), Err(CsvError::TooManyFields { line: 1 }));
        let many = format!("a\n{}", "1\n".repeat(super::MAX_RECORDS));
        assert_eq!(parse(&many), Err(CsvError::TooManyRows));
        let huge = "x".repeat(super::MAX_BYTES + 1);
        assert!(matches!(parse(&huge), Err(CsvError::TooLarge { .. })));
    }
}
