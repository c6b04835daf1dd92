//! The bench's results: one row per figure, printed and written as a
//! Markdown table.

use std::fmt::Write;
use std::time::Duration;

pub struct Row {
    pub figure: String,
    pub value: String,
    pub compared_with: String,
    pub ratio: Option<f64>,
    pub goal: String,
    /// Whether the goal is met; `None` when the figure has no goal.
    pub met: Option<bool>,
}

impl Row {
    /// A figure whose goal is that its `ratio` to `compared_with` is at least `least`.
    pub fn at_least(
        figure: String,
        value: String,
        compared_with: String,
        ratio: f64,
        least: f64,
    ) -> Self {
        Self {
            figure,
            value,
            compared_with,
            ratio: Some(ratio),
            goal: format!("≥ {least:.2}×"),
            met: Some(ratio >= least),
        }
    }

    /// A figure whose goal is that its `ratio` to `compared_with` is at most `most`.
    pub fn at_most(
        figure: String,
        value: String,
        compared_with: String,
        ratio: f64,
        most: f64,
    ) -> Self {
        Self {
            goal: format!("≤ {most:.2}×"),
            met: Some(ratio <= most),
            ..Self::at_least(figure, value, compared_with, ratio, f64::NEG_INFINITY)
        }
    }
}

#[derive(Default)]
pub struct Report {
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn add(&mut self, row: Row) {
        println!(
            "  {} = {}{}",
            row.figure,
            row.value,
            row.ratio
                .map(|ratio| format!(" ({ratio:.2}× {})", row.compared_with))
                .unwrap_or_default()
        );
        self.rows.push(row);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        println!("  note: {note}");
        self.notes.push(note);
    }

    pub fn markdown(&self, heading: &str) -> String {
        let mut out = format!("{heading}\n\n");
        out.push_str("| Figure | Value | Compared with | Ratio | Goal | Met |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for row in &self.rows {
            let ratio = row.ratio.map(|r| format!("{r:.2}×")).unwrap_or_default();
            let met = match row.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                row.figure, row.value, row.compared_with, ratio, row.goal, met
            );
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for note in &self.notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        out
    }
}

pub fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1e3)
}

pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}
