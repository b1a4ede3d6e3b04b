//! CSV downloads: RFC 4180 quoting, cells that a spreadsheet program can
//! never take for a formula, and a response streamed batch by batch, so an
//! export of any size holds one batch in memory at a time.

use std::future::Future;

use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;

use super::AppError;

/// Spreadsheet programs read a file that starts with it as UTF-8 (Excel
/// would otherwise show Russian and Chinese as mojibake).
pub const BOM: &str = "\u{FEFF}";

/// Appends one cell. A cell that starts with `=`, `+`, `-`, `@`, TAB or CR
/// gets a leading `'`, so it is shown as text rather than run as a formula
/// (OWASP, "CSV Injection"); a cell with a comma, quote or line break is
/// quoted.
pub fn push_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = cell.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// Appends one row, ended by CRLF (RFC 4180).
pub fn push_row<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// Where an export stands between two batches.
struct Progress<C, F> {
    /// The BOM and the header row, until they are sent.
    head: Option<String>,
    /// The next batch's cursor; `None` once the last batch is sent.
    cursor: Option<C>,
    next: F,
}

/// A `200` download named `filename`: `head` (the header row), then the
/// text of each batch `next(cursor)` returns with the cursor of the batch
/// after it, starting from `first`, until it returns no cursor. A batch that
/// fails ends the download early (the client sees a cut-off transfer, never
/// a file that looks complete).
pub fn download<C, F, Fut>(filename: &str, head: &[String], first: C, next: F) -> HttpResponse
where
    C: 'static,
    F: FnMut(C) -> Fut + 'static,
    Fut: Future<Output = Result<(String, Option<C>), AppError>> + 'static,
{
    let mut text = String::from(BOM);
    push_row(&mut text, head);
    let start = Progress { head: Some(text), cursor: Some(first), next };
    let body = futures_util::stream::unfold(start, |mut progress| async move {
        if let Some(head) = progress.head.take() {
            return Some((Ok(Bytes::from(head)), progress));
        }
        let cursor = progress.cursor.take()?;
        match (progress.next)(cursor).await {
            Ok((text, cursor)) => {
                progress.cursor = cursor;
                Some((Ok(Bytes::from(text)), progress))
            }
            Err(err) => {
                tracing::warn!(%err, "CSV export cut off");
                Some((Err(err), progress))
            }
        }
    });
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut response = HttpResponse::Ok();
    response.content_type("text/csv; charset=utf-8").insert_header((header::CACHE_CONTROL, "no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.insert_header((header::CONTENT_DISPOSITION, value));
    }
    response.streaming(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> String {
        let mut out = String::new();
        push_row(&mut out, cells);
        out
    }

    #[test]
    fn formulas_are_shown_as_text() {
        assert_eq!(row(&["=1+1", "+7", "-2", "@SUM(A1)", "\tx", "plain"]), "'=1+1,'+7,'-2,'@SUM(A1),'\tx,plain\r\n");
        assert_eq!(row(&["\r=x"]), "\"'\r=x\"\r\n");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            row(&["a,b", "say \"hi\"", "two\nlines", "Байкал", "世纪互联"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",Байкал,世纪互联\r\n"
        );
        assert_eq!(row(&["=HYPERLINK(\"x\",\"y\")"]), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n");
    }
}
